package tokenstore_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
)

// TestSaidInGerman: a locked keyring is said in the person's language —
// what could not be done and what to do — while the error's text, which
// the log gets, stays English. (Not parallel: the language is the
// process's.)
func TestSaidInGerman(t *testing.T) {
	i18ntest.In(t, "de")
	keyring.MockInitWithError(dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"})
	s := tokenstore.NewUnprobed(tokenstore.Options{})
	_, err := s.Token()
	said := tokenstore.Said(err)
	if !strings.HasPrefix(said, "Die Anmeldung ließ sich nicht aus dem Schlüsselbund des Systems lesen: ") {
		t.Errorf("said %q", said)
	}
	if words := i18ntest.EnglishWords([]string{said}); len(words) != 0 {
		t.Errorf("English in %q", said)
	}
	if !strings.HasPrefix(err.Error(), "could not read the sign-in from the system keyring: ") {
		t.Errorf("the error's own text %q is not English", err)
	}
	if got := tokenstore.Said(errors.New("other")); got != "other" {
		t.Errorf("another error said %q", got)
	}
}
