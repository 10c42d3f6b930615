// Package i18ntest pins a test binary's strings to English, whatever the
// machine's locale: tests that compare labels, messages or menus are
// written against the English text and must hold on a German desktop too.
package i18ntest

import (
	"fmt"
	"os"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// MainInEnglish loads English and runs the tests; a package's TestMain
// calls it. LC_ALL is dropped first: it would outrank the LANGUAGE that
// i18n.Load sets.
func MainInEnglish(m *testing.M) {
	os.Unsetenv("LC_ALL")
	if err := i18n.Load("en"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
