package login

import (
	"errors"
	"net/url"
	"strings"
	"unicode"
)

// Bounds on what the callback may carry. Real codes and states are a few
// dozen characters; anything far longer is not an answer to our request.
const (
	maxParamLen        = 4096
	maxErrorCodeRunes  = 64
	maxDescriptionRune = 300
)

// callback is what the browser brought back to the loopback address.
type callback struct {
	// State is the state parameter, "" when absent or sent more than once.
	State string
	// Code is the authorization code, from "code" or (as U-Tec documents
	// it) "authorization_code".
	Code string
	// Err is set when U-Tec answered with ?error=...; it takes precedence
	// over a code, since a refusal can never do harm.
	Err *ProviderError
}

// parseCallback reads the query of a callback request. State is filled in
// even when the query is otherwise unusable, so that the caller can tell a
// stale or foreign request (wrong state: ignore it and keep waiting) from
// a broken answer to this very sign-in (right state: give up). When the
// error is nil, exactly one of Code and Err is set.
//
// The errors never quote the query: it may hold an authorization code.
func parseCallback(rawQuery string) (callback, error) {
	var cb callback
	q, parseErr := url.ParseQuery(rawQuery)
	// ParseQuery keeps the pairs it could read; the state among them still
	// tells whether the request is meant for us.
	state, stateErr := single(q, "state")
	if stateErr == nil {
		cb.State = state
	}
	if parseErr != nil {
		return cb, errors.New("the address is not valid URL encoding")
	}
	if stateErr != nil {
		return cb, stateErr
	}

	errCode, err := single(q, "error")
	if err != nil {
		return cb, err
	}
	if errCode != "" {
		desc, err := single(q, "error_description")
		if err != nil {
			return cb, err
		}
		cb.Err = &ProviderError{
			Code:        clean(errCode, maxErrorCodeRunes),
			Description: clean(desc, maxDescriptionRune),
		}
		if cb.Err.Code == "" {
			// Only control characters: still a refusal.
			cb.Err.Code = "unknown_error"
		}
		return cb, nil
	}

	code, err := single(q, "code")
	if err != nil {
		return cb, err
	}
	altCode, err := single(q, "authorization_code")
	if err != nil {
		return cb, err
	}
	switch {
	case code != "" && altCode != "" && code != altCode:
		return cb, errors.New("the answer holds two different authorization codes")
	case code == "":
		code = altCode
	}
	if code == "" {
		return cb, errors.New("the answer holds neither an authorization code nor an error")
	}
	cb.Code = code
	return cb, nil
}

// single returns the one value of parameter name ("" when absent). A
// parameter given twice is refused rather than guessed at, which closes
// the door on parameter-pollution tricks; so is an oversized one.
func single(q url.Values, name string) (string, error) {
	vs := q[name]
	switch {
	case len(vs) == 0:
		return "", nil
	case len(vs) > 1:
		return "", errors.New("parameter " + name + " appears more than once")
	case len(vs[0]) > maxParamLen:
		return "", errors.New("parameter " + name + " is too long")
	}
	return vs[0], nil
}

// clean makes text from the query fit for a log line, an error message and
// a page: valid UTF-8, no control or invisible characters, single spaces,
// at most maxRunes runes (then an ellipsis). HTML escaping is the page
// template's job.
func clean(s string, maxRunes int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if !unicode.IsGraphic(r) {
			continue
		}
		need := 1
		if space {
			need = 2
		}
		if n+need > maxRunes {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		n += need
	}
	return b.String()
}
