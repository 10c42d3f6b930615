package settingsui

import (
	"context"
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/app/ui/uitexts"
	"github.com/utec-tray/utec-tray/utec"
)

// noEnglishLeft fails the test for each word the window shows in English
// although the language has it: every tab, hidden parts included.
func noEnglishLeft(t *testing.T, code, when string, w *Window) {
	t.Helper()
	shown := append(uitexts.Shown(w.Tabs), w.Window.Title())
	i18ntest.NoEnglish(t, code, when, shown, 40)
}

// TestSettingsInEachLanguage opens the window in German, French and
// Spanish, signed in and out, with the guard unavailable, a bad address
// and port saved and a sign-out answered, and finds no English word that
// the language translates.
func TestSettingsInEachLanguage(t *testing.T) {
	for _, code := range []string{"de", "fr", "es"} {
		t.Run(code, func(t *testing.T) {
			i18ntest.In(t, code)
			h := newHarness(t, func(context.Context) (*utec.User, error) { return &utec.User{FirstName: "Jane"}, nil })
			h.ui.DrainUntil(2*time.Second, func() bool { return !h.w.asking && h.w.userOK })
			noEnglishLeft(t, code, "signed in", h.w)

			h.w.OAuthURL.SetText("http://api.example.com")
			h.w.APIURL.SetText("ftp://x")
			h.w.Port.SetText("99999")
			test.Tap(h.w.SaveAdvanced)
			if !h.w.OAuthError.Visible() || !h.w.APIError.Visible() || !h.w.PortError.Visible() {
				t.Fatal("the bad address and port are not refused")
			}
			h.w.couldNotOpen("/tmp/logs", errors.New("no file manager"))
			noEnglishLeft(t, code, "bad addresses", h.w)

			test.Tap(h.w.SignOut)
			h.yes()
			h.signOuts[0](nil)
			h.ui.DrainUntil(2*time.Second, func() bool { return h.w.note != "" })
			noEnglishLeft(t, code, "signed out", h.w)

			// A sign-out the keyring refused (go-keyring's own mock: no
			// keyring can be locked on purpose here), with no session bus
			// for the store to ask about the keyring.
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
			keyring.MockInitWithError(dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"})
			_, kerr := tokenstore.New(tokenstore.Options{Timeout: time.Second}).Token()
			h.w.state.Account = SignedIn
			h.w.renderAccount()
			test.Tap(h.w.SignOut)
			h.yes()
			h.signOuts[1](kerr)
			h.ui.DrainUntil(2*time.Second, func() bool { return !h.w.busy })
			noEnglishLeft(t, code, "keyring locked", h.w)

			// Each reason this desktop may give, in words; one window shows
			// the section.
			for _, avail := range []sessionwatch.Availability{
				{Known: true, Reason: sessionwatch.ReasonNothingAnswers},
				{Known: true, Sleep: true, Reason: sessionwatch.ReasonNoScreensaver},
				{Known: true, ScreenLock: true, Reason: sessionwatch.ReasonNoLogind},
				{Known: true, Reason: sessionwatch.ReasonNotYetOnThisOS},
			} {
				text := unavailableText(avail)
				if left := append(i18ntest.EnglishLeft(t, code, []string{text}), i18ntest.EnglishWords([]string{text})...); text == "" || len(left) != 0 {
					t.Errorf("%s: %q", avail.Reason, text)
				}
			}
			g := newGuardHarness(t, &sessionwatch.Availability{})
			if g.w.Guard.Unavailable.Text == "" {
				t.Fatal("a desktop still being checked: nothing said")
			}
			noEnglishLeft(t, code, "guard being checked", g.w)
			noEnglishLeft(t, code, "no watcher", newGuardHarness(t, nil).w)
		})
	}
}

// TestEnglishLeftCatchesEnglish: the check itself finds an English label
// left in a German window, a filled template too, and passes the German.
func TestEnglishLeftCatchesEnglish(t *testing.T) {
	i18ntest.In(t, "de")
	shown := []string{"Ask before unlocking", "Signed in as Jane.", "Vor dem Entriegeln fragen", "Front Door", "System"}
	got := i18ntest.EnglishLeft(t, "de", shown)
	if len(got) != 2 {
		t.Errorf("EnglishLeft = %q, want the two English texts", got)
	}
	words := i18ntest.EnglishWords([]string{"Nicht verfügbar: it runs from the build cache", "Vor dem Entriegeln fragen",
		"Front Door", "Gehen Sie zu My Account > OpenAPI", "Back Door"}, "Back Door")
	if len(words) != 1 {
		t.Errorf("EnglishWords = %q, want the one English sentence", words)
	}
}

// TestOwnQuestionInEachLanguage: without the app's question window, the
// settings window asks in a pop-up of its own, in the person's language.
func TestOwnQuestionInEachLanguage(t *testing.T) {
	for _, code := range []string{"de", "fr", "es"} {
		t.Run(code, func(t *testing.T) {
			i18ntest.In(t, code)
			st := config.Default()
			st.ClientID = "client-1"
			w := New(test.NewTempApp(t), Deps{State: State{Account: SignedOut, Settings: st}, ForgetClient: func(func(error)) {}})
			test.Tap(w.ForgetClient)
			top := w.Window.Canvas().Overlays().Top()
			if top == nil {
				t.Fatal("no question")
			}
			shown := uitexts.Shown(top)
			if len(shown) < 4 {
				t.Fatalf("the question shows %q", shown)
			}
			for _, s := range append(i18ntest.EnglishLeft(t, code, shown), i18ntest.EnglishWords(shown)...) {
				t.Errorf("the question shows English %q", s)
			}
		})
	}
}
