package tray

import (
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/platform/instance"
)

// TestSecondStartInGerman: what a second start prints is in the person's
// language, the exit codes unchanged. (Not parallel: the language is the
// process's.)
func TestSecondStartInGerman(t *testing.T) {
	i18ntest.In(t, "de")
	if msg, code := secondStart(nil); msg != "utec-tray läuft bereits; seine Einstellungen sind jetzt geöffnet." || code != 0 {
		t.Errorf("answered: %q, %d", msg, code)
	}
	if msg, code := secondStart(instance.ErrNoAnswer); len(i18ntest.EnglishLeft(t, "de", []string{msg})) != 0 || code != 1 {
		t.Errorf("no answer: %q, %d", msg, code)
	}
	if msg := signOutMessage(); len(i18ntest.EnglishLeft(t, "de", []string{msg})) != 0 {
		t.Errorf("sign-out question %q", msg)
	}
	// The test binary runs from the build cache, a temporary folder.
	if msg := startAtLoginBlocked(); msg == "" || len(i18ntest.EnglishWords([]string{msg})) != 0 {
		t.Errorf("start at login blocked: %q, want why in German", msg)
	}
}
