package utectest

import (
	"fmt"
	"html"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// authDenial is a refusal queued by DenyNextAuthorize.
type authDenial struct {
	code, description string
}

// handleAuthorize plays the login page: it checks the request like the real
// one does and then approves at once, redirecting with a code.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeHTML(w, http.StatusMethodNotAllowed, "Method not allowed", "Use GET.")
		return
	}
	q := r.URL.Query()

	s.mu.Lock()
	s.stats.Authorizes++
	quirks := s.quirks
	redirectOK := s.redirectAllowed(q.Get("redirect_uri"))
	var denial *authDenial
	if q.Get("client_id") == ClientID && redirectOK {
		denial, s.nextDenial = s.nextDenial, nil
	}
	s.mu.Unlock()

	// Like the real login page, a bad client or redirect URI gets an error
	// page rather than a redirect: the redirect target cannot be trusted.
	if q.Get("client_id") != ClientID {
		writeHTML(w, http.StatusBadRequest, "Invalid client id", "The client id is not known.")
		return
	}
	if !redirectOK {
		writeHTML(w, http.StatusBadRequest, "Invalid redirect uri",
			"A redirect URI must be supplied when multiple redirect URIs are registered")
		return
	}

	redirectURI, state := q.Get("redirect_uri"), q.Get("state")
	switch {
	case denial != nil:
		redirectWith(w, r, redirectURI, state, "error", denial.code, "error_description", denial.description)
	case q.Get("response_type") != "code":
		redirectWith(w, r, redirectURI, state, "error", "unsupported_response_type",
			"error_description", "response_type must be code")
	case !hasScope(q.Get("scope"), "openapi"):
		redirectWith(w, r, redirectURI, state, "error", "invalid_scope",
			"error_description", "scope must include openapi")
	default:
		s.mu.Lock()
		code := s.tokens.newCode(redirectURI, time.Now())
		s.mu.Unlock()
		param := "code"
		if quirks.AuthorizationCodeParam {
			param = "authorization_code"
		}
		s.log.Info("utectest: authorize approved", "code_param", param, "pkce", q.Get("code_challenge") != "")
		redirectWith(w, r, redirectURI, state, param, code)
	}
}

// redirectAllowed says whether uri may receive codes: one of the registered
// URIs exactly or, when none is registered, any http loopback URI.
// The caller holds s.mu.
func (s *Server) redirectAllowed(uri string) bool {
	if uri == "" {
		return false
	}
	if len(s.redirectURIs) > 0 {
		return slices.Contains(s.redirectURIs, uri)
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "http" {
		return false
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
}

// hasScope reports whether a space (or comma) separated scope list holds want.
func hasScope(scopes, want string) bool {
	return slices.Contains(strings.FieldsFunc(scopes, func(r rune) bool {
		return r == ' ' || r == ',' || r == '+'
	}), want)
}

// redirectWith sends a 302 to base with the given parameter pairs added,
// plus state when the client sent one.
func redirectWith(w http.ResponseWriter, r *http.Request, base, state string, pairs ...string) {
	u, err := url.Parse(base)
	if err != nil { // redirectAllowed has parsed it already
		writeHTML(w, http.StatusBadRequest, "Invalid redirect uri", err.Error())
		return
	}
	q := u.Query()
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// writeHTML writes a small error page, like the login site's.
func writeHTML(w http.ResponseWriter, status int, title, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html>\n<html><head><title>%s</title></head>\n<body><h1>%s</h1><p>%s</p></body></html>\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(message))
}

// oauthError is a token endpoint failure, with its RFC 6749 code.
type oauthError struct {
	code        string // invalid_grant, invalid_client, ...
	description string
}

// tokenAnswer is a successful token answer's fields.
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// handleToken exchanges codes and refresh tokens. It takes POSTed forms
// and, like the documentation shows, GETs with query parameters.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"message": "Method Not Allowed"})
		return
	}
	var answer tokenAnswer
	var failure *oauthError
	if err := r.ParseForm(); err != nil {
		failure = &oauthError{"invalid_request", "the request body is not a form"}
	}

	s.mu.Lock()
	quirks := s.quirks
	grant := r.Form.Get("grant_type")
	switch grant {
	case "authorization_code":
		s.stats.Exchanges++
	case "refresh_token":
		s.stats.Refreshes++
	}
	if failure == nil {
		answer, failure = s.grantTokens(r.Form, quirks)
	}
	s.mu.Unlock()

	if failure != nil {
		s.log.Info("utectest: token request refused", "grant_type", grant, "error", failure.code)
		writeTokenError(w, failure, quirks)
		return
	}
	s.log.Info("utectest: tokens issued", "grant_type", grant, "refresh_token_sent", answer.RefreshToken != "")
	w.Header().Set("Cache-Control", "no-store")
	if quirks.WrappedToken {
		writeJSON(w, http.StatusOK, map[string]any{"code": 200, "data": answer})
		return
	}
	writeJSON(w, http.StatusOK, answer)
}

// grantTokens checks a token request and issues tokens. The caller holds
// s.mu.
func (s *Server) grantTokens(form url.Values, quirks Quirks) (tokenAnswer, *oauthError) {
	// The credentials come in the body only: the real service has no HTTP
	// Basic support, so a Basic header alone counts as no credentials.
	if form.Get("client_id") != ClientID || form.Get("client_secret") != ClientSecret {
		return tokenAnswer{}, &oauthError{"invalid_client", "client authentication failed"}
	}
	now := time.Now()
	answer := tokenAnswer{
		TokenType: "Bearer",
		ExpiresIn: int64(max(1, math.Ceil(s.accessTokenTTL.Seconds()))),
		Scope:     "openapi",
	}
	switch form.Get("grant_type") {
	case "authorization_code":
		code, ok := s.tokens.takeCode(form.Get("code"), now)
		if !ok {
			return tokenAnswer{}, &oauthError{"invalid_grant", "the authorization code is invalid, expired or used"}
		}
		if form.Get("redirect_uri") != code.redirectURI {
			return tokenAnswer{}, &oauthError{"invalid_grant", "redirect_uri does not match the authorization request"}
		}
		answer.RefreshToken = s.tokens.newRefresh()
	case "refresh_token":
		old := form.Get("refresh_token")
		if !s.tokens.refresh[old] {
			return tokenAnswer{}, &oauthError{"invalid_grant", "the refresh token is invalid, expired or revoked"}
		}
		switch {
		case quirks.OmitRefreshToken:
			// Left out; the old one keeps working.
		case quirks.RotateRefreshTokens:
			delete(s.tokens.refresh, old)
			answer.RefreshToken = s.tokens.newRefresh()
		default:
			answer.RefreshToken = old
		}
	case "":
		return tokenAnswer{}, &oauthError{"invalid_request", "grant_type is missing"}
	default:
		return tokenAnswer{}, &oauthError{"unsupported_grant_type", "grant_type must be authorization_code or refresh_token"}
	}
	answer.AccessToken = s.tokens.newAccess(now, s.accessTokenTTL)
	return answer, nil
}

// writeTokenError answers a failure in the shape the quirks select.
func writeTokenError(w http.ResponseWriter, e *oauthError, quirks Quirks) {
	status := http.StatusBadRequest
	if e.code == "invalid_client" || e.code == "invalid_grant" {
		status = http.StatusUnauthorized
	}
	switch {
	case quirks.TokenErrorsIn200 && quirks.TokenErrorsInData:
		writeJSON(w, http.StatusOK, map[string]any{
			"code": status,
			"data": map[string]string{"message": e.code + ": " + e.description},
		})
	case quirks.TokenErrorsIn200:
		writeJSON(w, http.StatusOK, map[string]any{"code": status, "message": e.code})
	default:
		// RFC 6749 section 5.2: 400, or 401 for a failed client
		// authentication.
		if e.code != "invalid_client" {
			status = http.StatusBadRequest
		}
		writeJSON(w, status, map[string]string{"error": e.code, "error_description": e.description})
	}
}
