package utec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// DefaultOAuthURL is the base of U-Tec's /authorize and /token.
const DefaultOAuthURL = "https://oauth.u-tec.com"

// Scope is the only scope the cloud knows.
const Scope = "openapi"

// OAuthConfig returns the oauth2.Config for U-Tec's authorization-code
// flow. oauthBase is the base of /authorize and /token ("" for
// DefaultOAuthURL). The client ID and secret go in the token request's form
// body, as the cloud wants; the secret never goes in the authorize URL
// (the vendor's documentation puts it there, which leaks it into browser
// history).
func OAuthConfig(clientID, clientSecret, redirectURL, oauthBase string) *oauth2.Config {
	if oauthBase == "" {
		oauthBase = DefaultOAuthURL
	}
	oauthBase = strings.TrimRight(oauthBase, "/")
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		RedirectURL:  redirectURL,
		Scopes:       []string{Scope},
		Endpoint: oauth2.Endpoint{
			AuthURL:   oauthBase + "/authorize",
			TokenURL:  oauthBase + "/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// OAuthHTTPClient returns an HTTP client for the token endpoint, built on
// base (nil: a client with a 20 s timeout). It rewrites the cloud's wrapped
// token answers ({"code": 200, "data": {...}}) into the flat RFC 6749 form
// that golang.org/x/oauth2 parses, and its errors sent with HTTP 200
// ({"code": 401, "message": "invalid_grant"}) into real error answers.
func OAuthHTTPClient(base *http.Client) *http.Client {
	if base == nil {
		base = &http.Client{Timeout: 20 * time.Second}
	}
	hc := *base
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	hc.Transport = tokenAnswerTransport{next: rt}
	return &hc
}

// OAuthContext returns ctx carrying hc for golang.org/x/oauth2's token
// requests (Exchange, refresh). hc should come from OAuthHTTPClient.
func OAuthContext(ctx context.Context, hc *http.Client) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

// Exchange trades an authorization code for a token. hc is the token
// endpoint client (nil: OAuthHTTPClient(nil)). A refused code or client
// gives an error matching ErrReauthRequired.
func Exchange(ctx context.Context, cfg *oauth2.Config, hc *http.Client, code string, opts ...oauth2.AuthCodeOption) (*oauth2.Token, error) {
	if hc == nil {
		hc = OAuthHTTPClient(nil)
	}
	tok, err := cfg.Exchange(OAuthContext(ctx, hc), code, opts...)
	if err != nil {
		return nil, fmt.Errorf("utec: exchange authorization code: %w", tokenError(err))
	}
	return tok, nil
}

// TokenError is a token endpoint's refusal, with the OAuth error code and
// description. It never carries a token, code or secret.
type TokenError struct {
	StatusCode  int
	Code        string // e.g. "invalid_grant"
	Description string
}

func (e *TokenError) Error() string {
	msg := "token endpoint: " + e.Code
	if e.Code == "" {
		msg = fmt.Sprintf("token endpoint: HTTP %d", e.StatusCode)
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// Is makes errors.Is(err, ErrReauthRequired) true when the person must
// sign in again: the grant or the client was refused.
func (e *TokenError) Is(target error) bool {
	if target != ErrReauthRequired {
		return false
	}
	switch strings.ToLower(e.Code) {
	case "invalid_grant", "invalid_client", "unauthorized_client", "access_denied":
		return true
	}
	d := strings.ToLower(e.Description)
	return strings.Contains(d, "expired") || strings.Contains(d, "revoked")
}

// Temporary reports whether trying again later may succeed.
func (e *TokenError) Temporary() bool {
	return !e.Is(ErrReauthRequired) && (e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests)
}

// tokenError turns x/oauth2's *RetrieveError into a *TokenError. Its own
// message includes the response body, which for a wrapped answer could hold
// a token; the TokenError keeps only the error code and description.
func tokenError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	te := &TokenError{Code: cleanText(re.ErrorCode), Description: shorten(re.ErrorDescription)}
	if re.Response != nil {
		te.StatusCode = re.Response.StatusCode
	}
	return te
}

// tokenAnswerTransport normalises token endpoint answers; see
// OAuthHTTPClient.
type tokenAnswerTransport struct{ next http.RoundTripper }

func (t tokenAnswerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read token answer: %w", err)
	}
	status, flat := normaliseTokenAnswer(resp.StatusCode, body)
	resp.StatusCode = status
	resp.Status = fmt.Sprintf("%d %s", status, http.StatusText(status))
	resp.Body = io.NopCloser(bytes.NewReader(flat))
	resp.ContentLength = int64(len(flat))
	resp.Header = resp.Header.Clone()
	resp.Header.Set("Content-Type", "application/json")
	resp.Header.Del("Content-Length")
	return resp, nil
}

// normaliseTokenAnswer returns the status and body x/oauth2 should see: a
// 200 with a flat token when the answer holds an access token anywhere, and
// otherwise an error status with {"error", "error_description"}.
func normaliseTokenAnswer(status int, body []byte) (int, []byte) {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		// Not JSON (a proxy's HTML page, a form-encoded answer): leave it
		// to x/oauth2, which reads form answers and reports the rest.
		if status >= 200 && status < 300 && bytes.Contains(body, []byte("access_token=")) {
			return status, body
		}
		return errorStatus(status, 0), oauthErrorBody("server_error", "unreadable token answer")
	}
	if _, ok := top["access_token"]; ok && hasText(top["access_token"]) {
		return http.StatusOK, body
	}
	var data map[string]json.RawMessage
	if raw, ok := top["data"]; ok && json.Unmarshal(raw, &data) == nil {
		if hasText(data["access_token"]) {
			flat, err := json.Marshal(data)
			if err == nil {
				return http.StatusOK, flat
			}
		}
	}

	// No access token: this is a refusal, whatever the status says.
	code := firstText(top["error"], data["error"])
	desc := firstText(top["error_description"], top["message"], top["msg"], data["error_description"], data["message"])
	wrappedCode, _ := rawInt(top["code"])
	if code == "" {
		code = knownOAuthCode(desc)
	}
	if code == "" && (wrappedCode == http.StatusUnauthorized || wrappedCode == http.StatusForbidden) {
		code = "invalid_grant"
	}
	if code == "" && status >= 200 && status < 300 && wrappedCode < 500 {
		code = "invalid_response"
		if desc == "" {
			desc = "token answer has no access_token"
		}
	}
	return errorStatus(status, wrappedCode), oauthErrorBody(code, desc)
}

// errorStatus picks the HTTP status a refusal should carry: the real one
// when it is already an error, else the wrapped code, else 400.
func errorStatus(status, wrapped int) int {
	switch {
	case status >= 400:
		return status
	case wrapped >= 400 && wrapped <= 599:
		return wrapped
	}
	return http.StatusBadRequest
}

func oauthErrorBody(code, desc string) []byte {
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": shorten(desc)})
	return b
}

// knownOAuthCode finds an RFC 6749 error code inside a free-text message
// such as "invalid_grant" or "Invalid grant: refresh token revoked".
func knownOAuthCode(msg string) string {
	m := strings.ToLower(strings.ReplaceAll(msg, " ", "_"))
	for _, c := range []string{"invalid_grant", "invalid_client", "unauthorized_client", "invalid_request", "unsupported_grant_type", "invalid_scope", "access_denied"} {
		if strings.Contains(m, c) {
			return c
		}
	}
	return ""
}

func hasText(raw json.RawMessage) bool {
	s, ok := rawText(raw)
	return ok && s != ""
}

func firstText(raws ...json.RawMessage) string {
	for _, r := range raws {
		if s, ok := rawText(r); ok && s != "" {
			return s
		}
	}
	return ""
}
