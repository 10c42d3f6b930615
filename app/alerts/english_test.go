package alerts

import (
	"fmt"
	"os"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// TestMain pins the strings to English, whatever the machine's locale, so
// that the tests comparing labels hold everywhere.
func TestMain(m *testing.M) {
	os.Unsetenv("LC_ALL")
	if err := i18n.Load("en"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
