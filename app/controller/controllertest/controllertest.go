// Package controllertest gives the tests of the app's faces (the tray, the
// quick panel) the real controller's options over the fake cloud on real
// HTTP: the sample home, a client secret and, when asked, a sign-in, with
// short timings so that a test waits milliseconds, not the app's minutes.
package controllertest

import (
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// Options returns a controller's options over a fresh fake cloud, which it
// also returns; the cloud closes with the test.
func Options(t testing.TB, signedIn bool) (controller.Options, *utectest.Server) {
	t.Helper()
	cloud := utectest.NewForTest(t, utectest.WithCommandDelay(50*time.Millisecond))
	secrets := &session.MemorySecrets{}
	_ = secrets.SaveClientSecret(utectest.ClientSecret)
	if signedIn {
		access, refresh := cloud.IssueTokens()
		_ = secrets.SaveToken(&oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(time.Hour)})
	}
	s := config.Default()
	s.ClientID, s.OAuthURL, s.APIURL, s.RedirectPort = utectest.ClientID, cloud.URL(), cloud.URL(), 0
	return controller.Options{
		Session: &session.Session{Secrets: secrets}, Settings: s, ConfigDir: t.TempDir(),
		OpenURL: utectest.Browser, NoWizardAtStart: true,
		Confirm: utec.ConfirmOptions{Schedule: []time.Duration{20 * time.Millisecond}, Timeout: 3 * time.Second},
		Poller:  poller.Config{FastInterval: 50 * time.Millisecond, FastFor: 2 * time.Second, RequestTimeout: 500 * time.Millisecond},
	}, cloud
}
