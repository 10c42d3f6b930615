package cli

import (
	"fmt"
	"os"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/utec/utectest"
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

// TestLoginInEachLanguage signs in against the fake cloud with each
// language loaded (a German system locale underneath) and checks the
// confirmation comes in that language; English is restored after.
func TestLoginInEachLanguage(t *testing.T) {
	t.Cleanup(func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	})
	t.Setenv("LANG", "de_DE.UTF-8")
	for code, want := range map[string]string{
		"en": "Signed in as Jane Doe.\n",
		"de": "Angemeldet als Jane Doe.\n",
		"fr": "Connecté en tant que Jane Doe.\n",
		"es": "Sesión iniciada como Jane Doe.\n",
	} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		cloud := utectest.NewForTest(t)
		r := runCLI(t, cloud, &session.MemorySecrets{}, "login")
		if r.code != ExitOK || r.stdout != want {
			t.Errorf("%s: login = %+v, want stdout %q", code, r, want)
		}
	}
}
