package utec

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// DefaultRefreshMargin is how long before its expiry a token is refreshed.
// Working clients use 30 s to 5 min; a margin keeps a request that is on
// its way from arriving with a token that expired in flight.
const DefaultRefreshMargin = 2 * time.Minute

// TokenSourceOptions tune a TokenSource. The zero value uses the defaults.
type TokenSourceOptions struct {
	// HTTPClient is the token endpoint client. Default OAuthHTTPClient(nil).
	HTTPClient *http.Client
	// RefreshMargin: refresh this long before expiry. Default
	// DefaultRefreshMargin.
	RefreshMargin time.Duration
	// Save is called with every new token before any caller gets it, so
	// that a rotated refresh token is stored before it is used. When it
	// fails the token is used all the same (the person keeps working), the
	// failure is kept for SaveError, and saving is tried again on every
	// later Token call until it succeeds.
	Save func(*oauth2.Token) error
	// Load, if set, returns the newest stored token. It is consulted before
	// each refresh, so that a token another process refreshed (and perhaps
	// rotated) is taken up instead of refreshing with a stale refresh token.
	Load func() (*oauth2.Token, error)
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// TokenSource is an oauth2.TokenSource for the U-Tec cloud that
//   - refreshes a little before expiry,
//   - runs exactly one refresh at a time, however many calls wait for it,
//   - hands every new token to Save before it is used,
//   - keeps the old refresh token when a refresh answer leaves it out,
//   - accepts the cloud's wrapped token answers, and
//   - can be told that the cloud refused a token (Invalidate), which a
//     Client built with NewTokenClient does on INVALID_TOKEN.
//
// A refresh the token endpoint refuses gives an error matching
// ErrReauthRequired.
type TokenSource struct {
	cfg  *oauth2.Config
	opts TokenSourceOptions

	mu      sync.Mutex
	tok     *oauth2.Token
	refused string // access token the cloud refused; forces a refresh
	unsaved bool
	saveErr error
}

// NewTokenSource returns a TokenSource starting from tok (which may be
// expired; it needs a refresh token to be of use then).
func NewTokenSource(cfg *oauth2.Config, tok *oauth2.Token, opts TokenSourceOptions) *TokenSource {
	if opts.HTTPClient == nil {
		opts.HTTPClient = OAuthHTTPClient(nil)
	}
	if opts.RefreshMargin <= 0 {
		opts.RefreshMargin = DefaultRefreshMargin
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if tok == nil {
		tok = &oauth2.Token{}
	}
	return &TokenSource{cfg: cfg, opts: opts, tok: copyToken(tok)}
}

// Token returns a valid access token, refreshing first when needed.
func (s *TokenSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unsaved {
		s.save()
	}
	if s.usable(s.tok) {
		return copyToken(s.tok), nil
	}
	if s.adoptStored() {
		return copyToken(s.tok), nil
	}
	tok, err := s.refresh(s.tok.RefreshToken)
	if errors.Is(err, ErrReauthRequired) && s.adoptStored() {
		// Another process rotated the refresh token while we tried ours.
		return copyToken(s.tok), nil
	}
	if err != nil {
		return nil, err
	}
	s.tok, s.refused = tok, ""
	s.save()
	return copyToken(s.tok), nil
}

// Invalidate tells the source that the cloud refused the given token, so
// that the next Token call refreshes. A token other than the current one
// is ignored: it was refreshed already.
func (s *TokenSource) Invalidate(refused *oauth2.Token) {
	if refused == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if refused.AccessToken == s.tok.AccessToken {
		s.refused = refused.AccessToken
	}
}

// Current returns a copy of the token held now, without refreshing.
func (s *TokenSource) Current() *oauth2.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	return copyToken(s.tok)
}

// SaveError returns the error of the last Save call when the current token
// could not be saved yet, and nil once it has been.
func (s *TokenSource) SaveError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveErr
}

// usable reports whether tok can be handed out without a refresh.
func (s *TokenSource) usable(tok *oauth2.Token) bool {
	if tok == nil || tok.AccessToken == "" || tok.AccessToken == s.refused {
		return false
	}
	return tok.Expiry.IsZero() || s.opts.Now().Add(s.opts.RefreshMargin).Before(tok.Expiry)
}

// adoptStored takes up the stored token when it differs from ours and is
// usable. It returns true when it did.
func (s *TokenSource) adoptStored() bool {
	if s.opts.Load == nil {
		return false
	}
	stored, err := s.opts.Load()
	if err != nil || stored == nil {
		return false
	}
	if stored.AccessToken == s.tok.AccessToken && stored.RefreshToken == s.tok.RefreshToken {
		return false
	}
	if s.usable(stored) {
		s.tok, s.refused = copyToken(stored), ""
		return true
	}
	if stored.RefreshToken != "" && stored.RefreshToken != s.tok.RefreshToken {
		// A newer refresh token than ours: refresh with that one instead.
		if tok, err := s.refresh(stored.RefreshToken); err == nil {
			s.tok, s.refused = tok, ""
			s.save()
			return true
		}
	}
	return false
}

// refresh trades refreshToken for a new token. The caller holds s.mu, which
// is what makes the refresh single.
func (s *TokenSource) refresh(refreshToken string) (*oauth2.Token, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("utec: refresh token: none stored: %w", ErrReauthRequired)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ctx = OAuthContext(ctx, s.opts.HTTPClient)
	tok, err := s.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return nil, fmt.Errorf("utec: refresh token: %w", tokenError(err))
	}
	tok = copyToken(tok)
	if tok.RefreshToken == "" {
		// The cloud does not say whether it rotates; when an answer leaves
		// the refresh token out, the old one is still the one to use.
		tok.RefreshToken = refreshToken
	}
	return tok, nil
}

// save hands the current token to Save, remembering a failure for retry.
func (s *TokenSource) save() {
	if s.opts.Save == nil {
		return
	}
	if err := s.opts.Save(copyToken(s.tok)); err != nil {
		s.unsaved, s.saveErr = true, err
		return
	}
	s.unsaved, s.saveErr = false, nil
}

// copyToken copies the fields this package uses; the extra fields of an
// oauth2.Token (raw answer) are deliberately not carried, so that nothing
// holds a copy of the whole token answer.
func copyToken(t *oauth2.Token) *oauth2.Token {
	if t == nil {
		return nil
	}
	return &oauth2.Token{
		AccessToken:  t.AccessToken,
		TokenType:    t.TokenType,
		RefreshToken: t.RefreshToken,
		Expiry:       t.Expiry,
		ExpiresIn:    t.ExpiresIn,
	}
}
