package utec_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// errNotStored stands for a store's "no token stored".
var errNotStored = errors.New("not stored")

// sharedStore is a token store several token sources share, like the
// keyring shared by the tray and the command line.
type sharedStore struct {
	mu     sync.Mutex
	tok    *oauth2.Token
	saves  int
	loadFn func(*oauth2.Token) *oauth2.Token // optional: what Load returns instead
}

func (s *sharedStore) load() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := s.tok
	if s.loadFn != nil {
		tok = s.loadFn(tok)
	}
	if tok == nil {
		return nil, errNotStored
	}
	c := *tok
	return &c, nil
}

func (s *sharedStore) save(t *oauth2.Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves++
	c := *t
	s.tok = &c
	return nil
}

func (s *sharedStore) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok = nil
}

func (s *sharedStore) opts() utec.TokenSourceOptions {
	return utec.TokenSourceOptions{Save: s.save, Load: s.load, IsNotFound: func(err error) bool { return errors.Is(err, errNotStored) }}
}

func TestTokenSourceStopsAfterASignOut(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// notFound: how Load reports the empty store.
		load func(*sharedStore) func() (*oauth2.Token, error)
		isNF func(error) bool
	}{
		{"Load says not found", func(s *sharedStore) func() (*oauth2.Token, error) { return s.load },
			func(err error) bool { return errors.Is(err, errNotStored) }},
		{"Load gives nil, nil", func(s *sharedStore) func() (*oauth2.Token, error) {
			return func() (*oauth2.Token, error) {
				tok, err := s.load()
				if errors.Is(err, errNotStored) {
					return nil, nil
				}
				return tok, err
			}
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cloud := utectest.NewForTest(t)
			access, refresh := cloud.IssueTokens()
			cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
			store := &sharedStore{tok: &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(time.Hour)}}
			opts := store.opts()
			opts.Load, opts.IsNotFound = tc.load(store), tc.isNF
			ts := utec.NewTokenSource(cfg, store.tok, opts)
			client := utec.NewTokenClient(ts, utec.WithBaseURL(cloud.URL()))
			if _, err := client.User(context.Background()); err != nil {
				t.Fatal(err)
			}

			// Another process signs out: it clears the store and logs the
			// access token out at the cloud.
			store.clear()
			cloud.ExpireAccessTokens()
			_, err := client.Devices(context.Background())
			if !errors.Is(err, utec.ErrSignedOut) || !errors.Is(err, utec.ErrReauthRequired) {
				t.Fatalf("after the sign-out: %v, want an error matching ErrSignedOut and ErrReauthRequired", err)
			}
			if n := cloud.Stats().Refreshes; n != 0 {
				t.Errorf("the cloud saw %d refreshes after the sign-out, want none", n)
			}
			if store.saves != 0 || store.tok != nil {
				t.Errorf("the token source saved %d times after the sign-out (stored: %v)", store.saves, store.tok != nil)
			}
			if cur := ts.Current(); cur.AccessToken != "" || cur.RefreshToken != "" {
				t.Error("the token source still holds the removed sign-in")
			}
			// Asking again changes nothing.
			if _, err := ts.Token(); !errors.Is(err, utec.ErrSignedOut) {
				t.Errorf("second call: %v", err)
			}

			// A new sign-in elsewhere is taken up.
			access2, refresh2 := cloud.IssueTokens()
			_ = store.save(&oauth2.Token{AccessToken: access2, RefreshToken: refresh2, Expiry: time.Now().Add(time.Hour)})
			if _, err := client.Devices(context.Background()); err != nil {
				t.Fatalf("after signing in again: %v", err)
			}
			if n := cloud.Stats().Refreshes; n != 0 {
				t.Errorf("%d refreshes, want none (the new sign-in's token is valid)", n)
			}
		})
	}
}

func TestTokenSourceUnreadableStoreIsNotASignOut(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	access, refresh := cloud.IssueTokens()
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
	ts := utec.NewTokenSource(cfg, &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Minute)},
		utec.TokenSourceOptions{
			Load:       func() (*oauth2.Token, error) { return nil, errors.New("keyring locked") },
			IsNotFound: func(err error) bool { return errors.Is(err, errNotStored) },
		})
	if _, err := ts.Token(); err != nil {
		t.Fatalf("a keyring that cannot be read stopped the refresh: %v", err)
	}
	if n := cloud.Stats().Refreshes; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
}

// TestTokenSourcesShareTheLock runs several token sources (processes) on
// one store with a shared lock against a cloud that rotates refresh tokens:
// one refresh, and every one gets a working token.
func TestTokenSourcesShareTheLock(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t) // DefaultQuirks rotate refresh tokens
	cloud.SetPathLatency("/token", 50*time.Millisecond)
	access, refresh := cloud.IssueTokens()
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
	first := &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Minute)}
	store := &sharedStore{tok: first}
	lock := make(chan struct{}, 1)
	var locks atomic.Int32
	opts := store.opts()
	opts.Lock = func(ctx context.Context) (func(), error) {
		select {
		case lock <- struct{}{}:
			locks.Add(1)
			return func() { <-lock }, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		ts := utec.NewTokenSource(cfg, first, opts)
		client := utec.NewTokenClient(ts, utec.WithBaseURL(cloud.URL()))
		wg.Go(func() { _, errs[i] = client.Devices(context.Background()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
	if got := cloud.Stats().Refreshes; got != 1 {
		t.Errorf("%d refreshes, want 1", got)
	}
	if locks.Load() != n {
		t.Errorf("the lock was taken %d times, want %d", locks.Load(), n)
	}
}

// TestTokenSourceRereadsTheStoreAfterARefusedRefresh: another process
// rotated the refresh token and saves the new one a moment after our
// refresh was refused; the source finds it on a second look.
func TestTokenSourceRereadsTheStoreAfterARefusedRefresh(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	access, refresh := cloud.IssueTokens()
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
	old := &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Minute)}
	store := &sharedStore{tok: old}
	other := utec.NewTokenSource(cfg, old, utec.TokenSourceOptions{}) // refreshes, saves later
	newTok, err := other.Token()
	if err != nil {
		t.Fatal(err)
	}
	loads := 0
	store.loadFn = func(tok *oauth2.Token) *oauth2.Token {
		loads++
		if loads == 1 {
			return old // the other process has not saved yet
		}
		return newTok
	}
	ts := utec.NewTokenSource(cfg, old, store.opts())
	got, err := ts.Token()
	if err != nil {
		t.Fatalf("after another process rotated the refresh token: %v", err)
	}
	if got.AccessToken != newTok.AccessToken {
		t.Error("the token source did not take up the other process's token")
	}
	if loads < 2 {
		t.Errorf("the store was read %d times, want a second look after the refusal", loads)
	}
}

func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	t.Parallel()
	var leaked atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(elsewhere.Close)
	var hops atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/action" {
			hops.Add(1)
			http.Redirect(w, r, "/moved", http.StatusTemporaryRedirect) // same host: followed
			return
		}
		http.Redirect(w, r, elsewhere.URL+"/action", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(api.Close)
	for _, c := range []*utec.Client{
		utec.NewTokenClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "secret"}), utec.WithBaseURL(api.URL)),
		// A client whose transport adds the header would add it anywhere.
		utec.NewClient(oauth2.NewClient(context.Background(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "secret"})),
			utec.WithBaseURL(api.URL), utec.WithRetry(utec.RetryPolicy{})),
	} {
		_, err := c.Devices(context.Background())
		if !errors.Is(err, utec.ErrRedirectRefused) {
			t.Errorf("redirect to another host: %v, want ErrRedirectRefused", err)
		}
	}
	if leaked.Load() != 0 {
		t.Errorf("the other host got %d requests", leaked.Load())
	}
	if hops.Load() != 2 {
		t.Errorf("%d calls reached the API, want 2 (no retry of a refused redirect)", hops.Load())
	}
}

// TestUnsavedTokenIsNotSavedAfterASignOut: a refreshed token whose save
// failed (a locked keyring) is saved again on the next call, unless the
// sign-in was removed meanwhile.
func TestUnsavedTokenIsNotSavedAfterASignOut(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	access, refresh := cloud.IssueTokens()
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
	store := &sharedStore{tok: &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Minute)}}
	var saves atomic.Int32
	opts := store.opts()
	opts.Save = func(*oauth2.Token) error { saves.Add(1); return errors.New("keyring locked") }
	ts := utec.NewTokenSource(cfg, store.tok, opts)
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	if ts.SaveError() == nil || saves.Load() != 1 {
		t.Fatalf("save not attempted or not reported: %d saves, %v", saves.Load(), ts.SaveError())
	}
	store.clear() // signed out elsewhere
	if _, err := ts.Token(); !errors.Is(err, utec.ErrSignedOut) {
		t.Fatalf("after the sign-out: %v, want ErrSignedOut", err)
	}
	if saves.Load() != 1 {
		t.Errorf("the unsaved token was saved %d more times after the sign-out", saves.Load()-1)
	}
}

// TestLockThatCannotBeHadDoesNotStopTheRefresh: a lock held elsewhere for
// longer than LockTimeout costs the wait, not the call.
func TestLockThatCannotBeHadDoesNotStopTheRefresh(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	access, refresh := cloud.IssueTokens()
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
	store := &sharedStore{tok: &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Minute)}}
	opts := store.opts()
	var hadDeadline atomic.Bool
	opts.Lock = func(ctx context.Context) (func(), error) {
		_, ok := ctx.Deadline()
		hadDeadline.Store(ok)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	opts.LockTimeout = 50 * time.Millisecond
	ts := utec.NewTokenSource(cfg, store.tok, opts)
	start := time.Now()
	if _, err := ts.Token(); err != nil {
		t.Fatalf("refresh after the lock wait: %v", err)
	}
	if took := time.Since(start); took < 50*time.Millisecond || took > 5*time.Second {
		t.Errorf("took %v, want the 50 ms lock wait and then the refresh", took)
	}
	if !hadDeadline.Load() {
		t.Error("the lock was asked for without a deadline")
	}
	if n := cloud.Stats().Refreshes; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
}
