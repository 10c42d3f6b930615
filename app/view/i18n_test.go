package view

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/utec"
)

// TestMain pins the menus to English, whatever the machine's locale, so
// the tests that compare labels hold everywhere.
func TestMain(m *testing.M) {
	os.Unsetenv("LC_ALL")
	if err := i18n.Load("en"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestMenuInEachLanguage builds the menu with two unlocked locks in each
// language. It does not run in parallel (the language is the process's)
// and restores English before the parallel tests resume.
func TestMenuInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for code, want := range map[string][]string{
		"en": {"Lock all", "Lock Front"},
		"de": {"Alle verriegeln", "Front verriegeln"},
		"fr": {"Tout verrouiller", "Verrouiller Front"},
		"es": {"Bloquear todas", "Bloquear Front"},
	} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		s := snapshot(lock("A", "Front", utec.LockUnlocked, 80), lock("B", "Back", utec.LockUnlocked, 80))
		got := labels(Build(s).Items, "")
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: no %q in %q", code, w, got)
			}
		}
	}
}
