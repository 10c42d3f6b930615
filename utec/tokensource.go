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

// DefaultLockTimeout bounds the wait for the cross-process refresh lock
// (TokenSourceOptions.Lock) when the caller's context allows longer. A
// refresh holding it is bounded by the 30 s refresh timeout and two keyring
// calls, so a longer wait means a holder that is stuck, not busy.
const DefaultLockTimeout = 40 * time.Second

// storeRetryDelays are the waits before re-reading the store after the
// cloud refused our refresh token: another process that rotated it may be
// a moment away from saving the new one.
var storeRetryDelays = []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 600 * time.Millisecond}

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
	// When it reports that no token is stored (see IsNotFound), the sign-in
	// was removed: the source refreshes nothing, saves nothing and fails
	// with ErrSignedOut.
	Load func() (*oauth2.Token, error)
	// IsNotFound tells Load's "no token is stored" error from a store that
	// could not be read (which is not taken for a sign-out: the token held
	// is used). Default: no error means "none stored"; a nil token with a
	// nil error always does.
	IsNotFound func(error) bool
	// Lock, if set, takes a lock shared with other processes that use the
	// same store, and returns the function that releases it. It is held
	// around read, refresh and save, so that two processes never refresh
	// with the same refresh token (a cloud that rotates refresh tokens
	// refuses the second). ctx bounds the wait. When the lock cannot be
	// had, the refresh goes ahead without it: the store is re-read after a
	// refused refresh, which mends most races anyway.
	Lock func(ctx context.Context) (unlock func(), err error)
	// LockTimeout bounds the wait for Lock. Default DefaultLockTimeout.
	LockTimeout time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// TokenSource is an oauth2.TokenSource for the U-Tec cloud that
//   - refreshes a little before expiry,
//   - runs exactly one refresh at a time, however many calls wait for it,
//     and, with a Lock, one at a time across processes,
//   - hands every new token to Save before it is used,
//   - takes up a token another process stored instead of refreshing,
//   - stops (ErrSignedOut) when the stored token was removed,
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
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
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
	return s.TokenContext(context.Background())
}

// TokenContext is Token with a context that bounds the wait for the lock
// and the refresh. A Client calls it with the call's context.
func (s *TokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unsaved {
		// A token that could not be saved must not be saved after a
		// sign-out removed the stored one: check first.
		if _, err := s.load(); err != nil {
			return nil, s.signedOut(err)
		}
		s.save()
	}
	if s.usable(s.tok) {
		return copyToken(s.tok), nil
	}
	if s.opts.Lock != nil {
		lctx, cancel := context.WithTimeout(ctx, s.opts.LockTimeout)
		unlock, err := s.opts.Lock(lctx)
		cancel()
		if err == nil {
			defer unlock()
		}
	}
	// Under the lock, the store has the last word: another process may
	// have refreshed (and rotated) while we waited, or signed out.
	stored, err := s.load()
	if err != nil {
		return nil, s.signedOut(err)
	}
	if s.takeUp(stored) {
		return copyToken(s.tok), nil
	}
	refreshToken := s.tok.RefreshToken
	if stored != nil && stored.RefreshToken != "" {
		refreshToken = stored.RefreshToken
	}
	tok, takenUp, err := s.refreshOrTakeUp(ctx, refreshToken)
	switch {
	case err != nil:
		return nil, err
	case takenUp:
		return copyToken(s.tok), nil
	}
	s.tok, s.refused = tok, ""
	s.save()
	return copyToken(s.tok), nil
}

// refreshOrTakeUp refreshes with refreshToken. Refused, it looks at the
// store a few times: another process (one that does not take the lock, or
// took it after it timed out for us) may have rotated the refresh token
// and be about to store the new one. It returns the new token to keep, or
// takenUp when it took up the stored one (already kept and saved).
func (s *TokenSource) refreshOrTakeUp(ctx context.Context, refreshToken string) (tok *oauth2.Token, takenUp bool, err error) {
	tok, err = s.refresh(ctx, refreshToken)
	for i := 0; errors.Is(err, ErrReauthRequired) && s.opts.Load != nil && i < len(storeRetryDelays); i++ {
		if !sleepCtx(ctx, storeRetryDelays[i]) {
			break
		}
		stored, lerr := s.load()
		if lerr != nil {
			return nil, false, s.signedOut(lerr)
		}
		if s.takeUp(stored) {
			return nil, true, nil
		}
		if stored != nil && stored.RefreshToken != "" && stored.RefreshToken != refreshToken {
			refreshToken = stored.RefreshToken
			tok, err = s.refresh(ctx, refreshToken)
		}
	}
	return tok, false, err
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

// load reads the store. It returns (nil, nil) when there is no Load or the
// store could not be read: the token held is used then. It returns
// ErrSignedOut when the store says no token is stored.
func (s *TokenSource) load() (*oauth2.Token, error) {
	if s.opts.Load == nil {
		return nil, nil
	}
	stored, err := s.opts.Load()
	notFound := err == nil && stored == nil
	if err != nil && s.opts.IsNotFound != nil {
		notFound = s.opts.IsNotFound(err)
	}
	switch {
	case notFound:
		// No refresh and no save: either would undo the sign-out (a saved
		// token is a sign-in the person removed).
		return nil, fmt.Errorf("utec: refresh token: %w", ErrSignedOut)
	case err != nil:
		return nil, nil
	}
	return stored, nil
}

// signedOut forgets the token held, since the person removed the sign-in,
// and returns err (which matches ErrSignedOut). A later sign-in is taken up
// from the store.
func (s *TokenSource) signedOut(err error) error {
	s.tok, s.refused, s.unsaved, s.saveErr = &oauth2.Token{}, "", false, nil
	return err
}

// takeUp adopts the stored token when it differs from ours and is usable.
// It returns true when it did.
func (s *TokenSource) takeUp(stored *oauth2.Token) bool {
	if stored == nil || stored.AccessToken == s.tok.AccessToken && stored.RefreshToken == s.tok.RefreshToken {
		return false
	}
	if s.usable(stored) {
		s.tok, s.refused = copyToken(stored), ""
		return true
	}
	return false
}

// refresh trades refreshToken for a new token. The caller holds s.mu, which
// is what makes the refresh single.
func (s *TokenSource) refresh(ctx context.Context, refreshToken string) (*oauth2.Token, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("utec: refresh token: none stored: %w", ErrReauthRequired)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
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

// sleepCtx waits d, or less when ctx ends first; it reports whether the
// whole wait passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
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
