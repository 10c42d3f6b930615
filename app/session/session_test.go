package session_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// settingsFor returns settings that point at the fake cloud.
func settingsFor(cloud *utectest.Server) config.Settings {
	st := config.Default()
	st.ClientID, st.OAuthURL, st.APIURL, st.RedirectPort = utectest.ClientID, cloud.URL(), cloud.URL(), 0
	return st
}

// newSession returns a session on secrets against the fake cloud.
func newSession(cloud *utectest.Server, secrets session.Secrets) *session.Session {
	return &session.Session{Service: settingsFor(cloud).Service, Secrets: secrets,
		Getenv: func(k string) string { return map[string]string{config.EnvClientSecret: utectest.ClientSecret}[k] }}
}

// signedIn returns a fake cloud and secrets holding a valid token for it,
// bound to its address when bind is set.
func signedIn(t *testing.T, bind bool, opts ...utectest.Option) (*utectest.Server, *session.MemorySecrets) {
	t.Helper()
	cloud := utectest.NewForTest(t, opts...)
	access, refresh := cloud.IssueTokens()
	tok := &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(time.Hour)}
	if bind {
		tok = tok.WithExtra(map[string]any{tokenstore.ExtraAPI: cloud.URL()})
	}
	secrets := &session.MemorySecrets{}
	if err := secrets.SaveToken(tok); err != nil {
		t.Fatal(err)
	}
	return cloud, secrets
}

// TestSignOutElsewhereIsNotUndone: the command line
// signs out while the tray runs; the tray's session must neither refresh
// nor write a token back.
func TestSignOutElsewhereIsNotUndone(t *testing.T) {
	t.Parallel()
	cloud, secrets := signedIn(t, true)
	tray, cli := newSession(cloud, secrets), newSession(cloud, secrets)
	client, err := tray.Client()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Devices(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := cli.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err = client.Devices(context.Background())
	if !errors.Is(err, utec.ErrSignedOut) || !signin.Of(err).Needed() {
		t.Fatalf("the tray's next call: %v, want ErrSignedOut", err)
	}
	if _, err := secrets.Token(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("a token is back in the store after the sign-out (%v)", err)
	}
	if n := cloud.Stats().Refreshes; n != 0 {
		t.Errorf("the cloud saw %d refreshes, want none", n)
	}
	if err := tray.TokenSaveError(); err != nil {
		t.Errorf("save error %v", err)
	}
}

func TestTokenIsOnlyUsedForItsAPIAddress(t *testing.T) {
	t.Parallel()
	cloud, secrets := signedIn(t, true)
	other := utectest.NewForTest(t) // the address typed in the settings
	sess := newSession(cloud, secrets)
	st := sess.CurrentService()
	st.APIURL = other.URL()
	sess.UpdateService(st)
	_, err := sess.Client()
	if !errors.Is(err, session.ErrAPIChanged) || !signin.Of(err).Needed() ||
		!strings.Contains(err.Error(), "the API address changed since you signed in: sign in again") {
		t.Fatalf("Client with another API address: %v", err)
	}
	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other address got %d requests", n)
	}
	// Back to the address of the sign-in, all is well.
	st.APIURL = cloud.URL()
	sess.UpdateService(st)
	client, err := sess.Client()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.User(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestOldTokenIsBoundAtItsNextSave(t *testing.T) {
	t.Parallel()
	cloud, secrets := signedIn(t, false)
	sess := newSession(cloud, secrets)
	client, err := sess.Client()
	if err != nil {
		t.Fatalf("a token stored without an address: %v", err)
	}
	cloud.ExpireAccessTokens() // forces a refresh, and so a save
	if _, err := client.User(context.Background()); err != nil {
		t.Fatal(err)
	}
	tok, err := secrets.Token()
	if err != nil {
		t.Fatal(err)
	}
	if api, _ := tok.Extra(tokenstore.ExtraAPI).(string); api != cloud.URL() {
		t.Errorf("saved token bound to %q, want %q", api, cloud.URL())
	}
}

func TestSignInBindsTheToken(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	secrets := &session.MemorySecrets{}
	sess := newSession(cloud, secrets)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := sess.SignIn(ctx, session.SignInOptions{ClientSecret: utectest.ClientSecret, OpenURL: utectest.Browser}); err != nil {
		t.Fatal(err)
	}
	tok, err := secrets.Token()
	if err != nil {
		t.Fatal(err)
	}
	if api, _ := tok.Extra(tokenstore.ExtraAPI).(string); api != cloud.URL() {
		t.Errorf("the sign-in is bound to %q, want %q", api, cloud.URL())
	}
}

func TestRefreshTakesTheLockInLockDir(t *testing.T) {
	t.Parallel()
	cloud, secrets := signedIn(t, true)
	sess := newSession(cloud, secrets)
	sess.LockDir = filepath.Join(t.TempDir(), "config")
	client, err := sess.Client()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.User(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(sess.LockDir, session.RefreshLockFile)); err == nil {
		t.Fatal("the lock was taken without a refresh")
	}
	cloud.ExpireAccessTokens()
	if _, err := client.User(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(sess.LockDir, session.RefreshLockFile)); err != nil {
		t.Errorf("no lock file after a refresh: %v", err)
	}
}

func TestClientOptionsReachTheClient(t *testing.T) {
	t.Parallel()
	for _, retry := range []bool{false, true} {
		cloud, secrets := signedIn(t, true)
		sess := newSession(cloud, secrets)
		if retry {
			sess.ClientOptions = []utec.Option{utec.WithRetry(utec.RetryPolicy{Backoff: 10 * time.Millisecond})}
		}
		client, err := sess.Client()
		if err != nil {
			t.Fatal(err)
		}
		cloud.FailNext(2, http.StatusInternalServerError, "")
		_, err = client.Devices(context.Background())
		if (err == nil) != retry {
			t.Errorf("retry=%v: Devices after two 500s: %v", retry, err)
		}
	}
}

// Signing out keeps the API client: signing in again must not send the
// person back to their phone. ForgetClient removes it too.
func TestSignOutKeepsTheClientForgetClientDoesNot(t *testing.T) {
	t.Parallel()
	cloud, secrets := signedIn(t, true)
	if err := secrets.SaveClientSecret(utectest.ClientSecret); err != nil {
		t.Fatal(err)
	}
	s := &session.Session{Service: settingsFor(cloud).Service, Secrets: secrets, Getenv: func(string) string { return "" }}
	if err := s.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Token(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("token after SignOut: %v", err)
	}
	if got, err := secrets.ClientSecret(); err != nil || got != utectest.ClientSecret {
		t.Fatalf("client secret after SignOut: %q, %v; want it kept", got, err)
	}
	if _, err := s.SignIn(context.Background(), session.SignInOptions{OpenURL: utectest.Browser}); err != nil {
		t.Fatalf("signing in again with the kept client: %v", err)
	}
	if err := s.ForgetClient(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.ClientSecret(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("client secret after ForgetClient: %v", err)
	}
	if _, err := secrets.Token(); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("token after ForgetClient: %v", err)
	}
	if n := cloud.Stats().Calls["Uhome.User/Logout"]; n != 2 {
		t.Errorf("the cloud was told of %d sign-outs, want 2", n)
	}
}
