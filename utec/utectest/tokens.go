package utectest

import "time"

// authCodeTTL is how long an authorization code can be exchanged.
const authCodeTTL = 5 * time.Minute

// authCode is an issued, not yet used authorization code.
type authCode struct {
	redirectURI string
	expires     time.Time
}

// tokenStore holds every credential the fake has issued. The server's
// mutex guards it.
type tokenStore struct {
	codes map[string]authCode
	// access maps an access token to its expiry.
	access map[string]time.Time
	// refresh holds the refresh tokens that still work.
	refresh map[string]bool
}

func newTokenStore() tokenStore {
	return tokenStore{
		codes:   map[string]authCode{},
		access:  map[string]time.Time{},
		refresh: map[string]bool{},
	}
}

func (ts *tokenStore) newCode(redirectURI string, now time.Time) string {
	code := randomCode()
	ts.codes[code] = authCode{redirectURI: redirectURI, expires: now.Add(authCodeTTL)}
	return code
}

// takeCode removes the code, so that it works at most once, and reports
// whether it was valid.
func (ts *tokenStore) takeCode(code string, now time.Time) (authCode, bool) {
	c, ok := ts.codes[code]
	delete(ts.codes, code)
	if !ok || now.After(c.expires) {
		return authCode{}, false
	}
	return c, true
}

func (ts *tokenStore) newAccess(now time.Time, ttl time.Duration) string {
	token := randomToken()
	ts.access[token] = now.Add(ttl)
	return token
}

func (ts *tokenStore) newRefresh() string {
	token := randomToken()
	ts.refresh[token] = true
	return token
}

func (ts *tokenStore) accessValid(token string, now time.Time) bool {
	expires, ok := ts.access[token]
	return ok && now.Before(expires)
}

// expireAccess makes every access token issued so far expired; later ones
// work normally.
func (ts *tokenStore) expireAccess() {
	for token := range ts.access {
		ts.access[token] = time.Time{}
	}
}
