package controller

import (
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
)

// TestNoticesInGerman: the loop's own notifications (no tray, signed in)
// are in the person's language. (Not parallel: the language is the
// process's.)
func TestNoticesInGerman(t *testing.T) {
	i18ntest.In(t, "de")
	f := start(t, false)
	f.waitFor("signed out", func() bool { return f.hasLabel("Abgemeldet") })
	f.ctrl.TrayMissing()
	f.waitFor("the notification", func() bool { return f.desk.notified("utec-tray hat auf diesem Desktop kein Symbol im Infobereich") })
	f.click("Anmelden…", "")
	f.waitFor("the sign-in notification", func() bool { return f.desk.notified("Angemeldet als Jane Doe") })
	for _, a := range f.desk.notifications() {
		if strings.HasPrefix(a.Title, "Angemeldet als") && !strings.Contains(a.Body, "sobald hier ein Infobereich läuft") {
			t.Errorf("the sign-in says %q", a.Body)
		}
		if left := append(i18ntest.EnglishLeft(t, "de", []string{a.Title, a.Body}), i18ntest.EnglishWords([]string{a.Title, a.Body})...); len(left) != 0 {
			t.Errorf("English in a notification: %q", left)
		}
	}
}
