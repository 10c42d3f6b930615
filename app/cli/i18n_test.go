package cli

import (
	"fmt"
	"os"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// TestMain pins the command line's human output to English, whatever the
// machine's locale, so the tests that compare it hold everywhere.
func TestMain(m *testing.M) {
	os.Unsetenv("LC_ALL")
	if err := i18n.Load("en"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
