package tokenstore_test

// These tests run against go-keyring's in-memory mock (keyring.MockInit),
// so they need no keyring and no bus. The real Secret Service is tested in
// keyring_integration_test.go (go test -tags keyring, which the Makefile
// runs under scripts/with-keyring.sh). The mock is one global map without
// a lock, so these tests do not run in parallel.

import (
	"encoding/json"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/session/tokenstore"
)

func sampleToken() *oauth2.Token {
	tok := &oauth2.Token{
		AccessToken:  "access-0123456789abcdef",
		RefreshToken: "refresh-0123456789abcdef",
		TokenType:    "Bearer",
		Expiry:       time.Date(2031, 5, 6, 7, 8, 9, 123456789, time.FixedZone("CEST", 2*3600)),
		ExpiresIn:    601200,
	}
	// The raw answer, which must not be stored.
	return tok.WithExtra(map[string]any{"scope": "openapi", "secret_extra": "do-not-store"})
}

func TestTokenRoundTrip(t *testing.T) {
	keyring.MockInit()
	s := tokenstore.New(tokenstore.Options{})

	if _, err := s.Token(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Fatalf("Token before any save: %v, want ErrNotFound", err)
	}
	want := sampleToken()
	if err := s.SaveToken(want); err != nil {
		t.Fatalf("SaveToken: %v", err)
	}
	got, err := s.Token()
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken ||
		got.TokenType != want.TokenType || !got.Expiry.Equal(want.Expiry) {
		t.Errorf("Token = %+v, want the fields of %+v", got, want)
	}

	// What is in the keyring: compact JSON with the four fields only.
	raw, err := keyring.Get(tokenstore.Service, tokenstore.AccountToken)
	if err != nil {
		t.Fatalf("the token is not under service %q, account %q: %v", tokenstore.Service, tokenstore.AccountToken, err)
	}
	var fields map[string]any
	if err := json.Unmarshal([]byte(raw), &fields); err != nil {
		t.Fatalf("stored token is not JSON: %v", err)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range fields {
			if !yield(k) {
				return
			}
		}
	})
	if want := []string{"access_token", "expiry", "refresh_token", "token_type"}; !slices.Equal(keys, want) {
		t.Errorf("stored fields %v, want %v", keys, want)
	}
	if strings.ContainsAny(raw, " \n") {
		t.Errorf("stored JSON is not compact: %q", raw)
	}
	if !strings.Contains(raw, `"expiry":"2031-05-06T05:08:09.123456789Z"`) {
		t.Errorf("expiry not stored in UTC: %s", raw)
	}

	// Rotation: a new token replaces the old one.
	rotated := &oauth2.Token{AccessToken: "access-2", RefreshToken: "refresh-2", TokenType: "Bearer"}
	if err := s.SaveToken(rotated); err != nil {
		t.Fatalf("SaveToken(rotated): %v", err)
	}
	got, err = s.Token()
	if err != nil || got.AccessToken != "access-2" || got.RefreshToken != "refresh-2" || !got.Expiry.IsZero() {
		t.Errorf("after rotation Token = %+v, %v", got, err)
	}
	if raw, _ := keyring.Get(tokenstore.Service, tokenstore.AccountToken); strings.Contains(raw, "expiry") {
		t.Errorf("a zero expiry was stored: %s", raw)
	}
}

func TestTokenKeepsItsAPIAddress(t *testing.T) {
	keyring.MockInit()
	s := tokenstore.New(tokenstore.Options{})
	tok := sampleToken().WithExtra(map[string]any{tokenstore.ExtraAPI: "https://api.u-tec.com", "scope": "openapi"})
	if err := s.SaveToken(tok); err != nil {
		t.Fatal(err)
	}
	got, err := s.Token()
	if err != nil {
		t.Fatal(err)
	}
	if api, _ := got.Extra(tokenstore.ExtraAPI).(string); api != "https://api.u-tec.com" {
		t.Errorf("API address %q after the round trip", api)
	}
	raw, _ := keyring.Get(tokenstore.Service, tokenstore.AccountToken)
	if !strings.Contains(raw, `"api":"https://api.u-tec.com"`) || strings.Contains(raw, "scope") {
		t.Errorf("stored %s, want the API address and nothing else of the extras", raw)
	}
	// A token saved before addresses were stored has none.
	if err := s.SaveToken(sampleToken()); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Token(); got.Extra(tokenstore.ExtraAPI) != nil {
		t.Errorf("a token without an address got %v", got.Extra(tokenstore.ExtraAPI))
	}
}

func TestSaveTokenRefusesWhatItCannotStore(t *testing.T) {
	keyring.MockInit()
	s := tokenstore.New(tokenstore.Options{})
	if err := s.SaveToken(sampleToken()); err != nil {
		t.Fatal(err)
	}

	huge := &oauth2.Token{AccessToken: strings.Repeat("a", 2000), RefreshToken: strings.Repeat("r", 600)}
	err := s.SaveToken(huge)
	if !errors.Is(err, tokenstore.ErrTooLarge) {
		t.Fatalf("SaveToken of a %d-byte token: %v, want ErrTooLarge", 2600, err)
	}
	if strings.Contains(err.Error(), "aaaa") {
		t.Error("the error quotes the token")
	}
	if got, _ := s.Token(); got == nil || got.AccessToken != sampleToken().AccessToken {
		t.Error("a refused token replaced the stored one")
	}

	// Just under the limit is fine.
	fits := &oauth2.Token{AccessToken: strings.Repeat("a", tokenstore.MaxItemBytes-len(`{"access_token":""}`))}
	if err := s.SaveToken(fits); err != nil {
		t.Errorf("SaveToken of a token of exactly %d bytes: %v", tokenstore.MaxItemBytes, err)
	}

	for _, empty := range []*oauth2.Token{nil, {}, {TokenType: "Bearer"}} {
		if err := s.SaveToken(empty); err == nil {
			t.Errorf("SaveToken(%+v) succeeded", empty)
		}
	}
}

func TestUnreadableTokenCountsAsNone(t *testing.T) {
	for _, stored := range []string{`{"access_token": "abc`, `{}`, `[]`, `not json at all: sekrit`} {
		keyring.MockInit()
		if err := keyring.Set(tokenstore.Service, tokenstore.AccountToken, stored); err != nil {
			t.Fatal(err)
		}
		_, err := tokenstore.New(tokenstore.Options{}).Token()
		if !errors.Is(err, tokenstore.ErrNotFound) || !strings.Contains(err.Error(), "sign in again") {
			t.Errorf("stored %q: %v, want ErrNotFound saying to sign in again", stored, err)
		}
		if err != nil && (strings.Contains(err.Error(), "sekrit") || strings.Contains(err.Error(), "abc")) {
			t.Errorf("the error quotes the stored item: %v", err)
		}
	}
}

func TestClientSecret(t *testing.T) {
	keyring.MockInit()
	s := tokenstore.New(tokenstore.Options{})
	if _, err := s.ClientSecret(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Fatalf("ClientSecret before any save: %v, want ErrNotFound", err)
	}
	if err := s.SaveClientSecret("s3cret"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClientSecret(); err != nil || got != "s3cret" {
		t.Errorf("ClientSecret = %q, %v", got, err)
	}
	if got, _ := keyring.Get(tokenstore.Service, tokenstore.AccountClientSecret); got != "s3cret" {
		t.Errorf("the secret is not under account %q", tokenstore.AccountClientSecret)
	}
	if err := s.SaveClientSecret(""); err == nil {
		t.Error("an empty secret was saved")
	}
	if err := s.SaveClientSecret(strings.Repeat("x", tokenstore.MaxItemBytes+1)); !errors.Is(err, tokenstore.ErrTooLarge) {
		t.Errorf("an oversized secret: %v, want ErrTooLarge", err)
	}
}

func TestClear(t *testing.T) {
	keyring.MockInit()
	s := tokenstore.New(tokenstore.Options{})
	other := tokenstore.New(tokenstore.Options{Service: "someone-else"})
	if err := other.SaveClientSecret("theirs"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveToken(sampleToken()); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveClientSecret("s3cret"); err != nil {
		t.Fatal(err)
	}
	if err := s.Clear(); err != nil {
		t.Fatalf("Clear: %v", err)
	}
	if _, err := s.Token(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("token after Clear: %v", err)
	}
	if _, err := s.ClientSecret(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("secret after Clear: %v", err)
	}
	if err := s.Clear(); err != nil {
		t.Errorf("Clear with nothing stored: %v", err)
	}
	if got, err := other.ClientSecret(); err != nil || got != "theirs" {
		t.Errorf("Clear touched another service: %q, %v", got, err)
	}
}

func TestDeleteTokenKeepsTheClientSecret(t *testing.T) {
	keyring.MockInit()
	s := tokenstore.New(tokenstore.Options{})
	if err := s.SaveToken(sampleToken()); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveClientSecret("s3cret"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteToken(); err != nil {
		t.Fatalf("DeleteToken: %v", err)
	}
	if _, err := s.Token(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("token after DeleteToken: %v", err)
	}
	if got, err := s.ClientSecret(); err != nil || got != "s3cret" {
		t.Errorf("secret after DeleteToken: %q, %v; want it kept", got, err)
	}
	if err := s.SaveToken(sampleToken()); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteClientSecret(); err != nil {
		t.Fatalf("DeleteClientSecret: %v", err)
	}
	if _, err := s.ClientSecret(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("secret after DeleteClientSecret: %v", err)
	}
	if _, err := s.Token(); err != nil {
		t.Errorf("token after DeleteClientSecret: %v; want it kept", err)
	}
	if err := s.DeleteClientSecret(); err != nil {
		t.Errorf("DeleteClientSecret with nothing stored: %v", err)
	}
}

func TestUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cause error
		hint  string // on Linux
	}{
		{"no Secret Service", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown",
			Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}},
			"no Secret Service found on the session bus: install and unlock gnome-keyring (or KWallet), then try again"},
		{"activation failed", &dbus.Error{Name: "org.freedesktop.DBus.Error.Spawn.ChildExited"},
			"no Secret Service found"},
		{"no session bus", errors.New("dbus: couldn't determine address of session bus"),
			"no D-Bus session bus"},
		{"locked", dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked", Body: []any{"Cannot get secret of a locked object"}},
			"the keyring is locked: unlock it"},
		{"unlock prompt dismissed", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"),
			"the keyring is locked: unlock it"},
		{"no default collection", dbus.Error{Name: "org.freedesktop.Secret.Error.NoSuchObject"},
			"no default collection"},
		{"anything else", errors.New("something odd"),
			"the Secret Service refused the request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keyring.MockInitWithError(tc.cause)
			s := tokenstore.NewUnprobed(tokenstore.Options{})
			for op, err := range map[string]error{
				"Token":            second(s.Token()),
				"SaveToken":        s.SaveToken(sampleToken()),
				"ClientSecret":     second(s.ClientSecret()),
				"SaveClientSecret": s.SaveClientSecret("s3cret-value"),
				"Clear":            s.Clear(),
				"DeleteToken":      s.DeleteToken(),
				"DeleteClient":     s.DeleteClientSecret(),
			} {
				if !errors.Is(err, tokenstore.ErrUnavailable) {
					t.Errorf("%s: %v, want ErrUnavailable", op, err)
					continue
				}
				var ue *tokenstore.UnavailableError
				if !errors.As(err, &ue) || ue.Unwrap() == nil || ue.Unwrap().Error() != tc.cause.Error() {
					t.Errorf("%s: %v is not an *UnavailableError wrapping the cause", op, err)
				}
				if errors.Is(err, tokenstore.ErrNotFound) {
					t.Errorf("%s: an unavailable keyring looks like an empty one", op)
				}
				msg := err.Error()
				if n := strings.Count(msg, "could not"); n != 1 {
					t.Errorf("%s: %d failures reported, want 1 (Clear stops at the first unavailable keyring)", op, n)
				}
				if runtime.GOOS == "linux" && !strings.Contains(msg, tc.hint) {
					t.Errorf("%s: message %q lacks %q", op, msg, tc.hint)
				}
				for _, secret := range []string{"s3cret-value", sampleToken().AccessToken, sampleToken().RefreshToken} {
					if strings.Contains(msg, secret) {
						t.Errorf("%s: the message holds a secret", op)
					}
				}
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }

// hangingKeyring blocks every call until release is closed, like a
// Secret Service waiting for an unlock prompt nobody answers.
type hangingKeyring struct {
	release chan struct{}
	mu      sync.Mutex
	calls   int
	stored  map[string]string
}

func (h *hangingKeyring) wait() {
	h.mu.Lock()
	h.calls++
	h.mu.Unlock()
	<-h.release
}

func (h *hangingKeyring) Get(service, user string) (string, error) {
	h.wait()
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.stored[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (h *hangingKeyring) Set(service, user, pw string) error {
	h.wait()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stored[service+"/"+user] = pw
	return nil
}

func (h *hangingKeyring) Delete(service, user string) error {
	h.wait()
	return nil
}

func (h *hangingKeyring) callCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.calls
}

func TestTimeout(t *testing.T) {
	kr := &hangingKeyring{release: make(chan struct{}), stored: map[string]string{}}
	s := tokenstore.NewWithBackend(tokenstore.Options{Timeout: 50 * time.Millisecond}, kr)

	start := time.Now()
	err := s.SaveClientSecret("first")
	if !errors.Is(err, tokenstore.ErrUnavailable) {
		t.Fatalf("SaveClientSecret on a hung keyring: %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the call took %v with a 50ms timeout", d)
	}
	if runtime.GOOS == "linux" && !strings.Contains(err.Error(), "did not answer within 50ms") {
		t.Errorf("message %q does not say it timed out", err)
	}

	// While the first call hangs, later ones time out without starting
	// another keyring call: one stuck goroutine per Store at most.
	for range 3 {
		if _, err := s.ClientSecret(); !errors.Is(err, tokenstore.ErrUnavailable) {
			t.Errorf("ClientSecret while the keyring hangs: %v, want ErrUnavailable", err)
		}
	}
	if n := kr.callCount(); n != 1 {
		t.Errorf("%d keyring calls started while the first hung, want 1", n)
	}

	// The keyring comes back (the person unlocked it). The late write
	// lands before any later call runs, so it cannot overwrite a newer
	// value afterwards.
	close(kr.release)
	if err := s.SaveClientSecret("second"); err != nil {
		t.Fatalf("SaveClientSecret after the keyring came back: %v", err)
	}
	if got, err := s.ClientSecret(); err != nil || got != "second" {
		t.Errorf("ClientSecret = %q, %v, want the newest value", got, err)
	}
}

func TestConcurrentUse(t *testing.T) {
	// The mock has no lock of its own: the race detector sees a race here
	// unless the Store runs its keyring calls one at a time.
	keyring.MockInit()
	s := tokenstore.New(tokenstore.Options{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 20 {
				if err := s.SaveToken(&oauth2.Token{AccessToken: "a", RefreshToken: "r"}); err != nil {
					t.Errorf("goroutine %d: SaveToken: %v", i, err)
				}
				if _, err := s.Token(); err != nil {
					t.Errorf("goroutine %d: Token: %v", i, err)
				}
			}
		})
	}
	wg.Wait()
}
