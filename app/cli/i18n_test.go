package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestMain pins the command line's human output to English, whatever the
// machine's locale, so the tests that compare it hold everywhere.
func TestMain(m *testing.M) { i18ntest.MainInEnglish(m) }

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

// TestDevicesInEachLanguage lists the fake cloud's devices with each
// language loaded: the table's header, kinds and states are in it, and
// --json stays English (it is for scripts).
func TestDevicesInEachLanguage(t *testing.T) {
	t.Cleanup(func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	})
	for code, want := range map[string][]string{
		"en": {"NAME", "KIND", "STATE", "lock", "locked", "online"},
		"de": {"NAME", "ART", "ZUSTAND", "Schloss", "verriegelt", "online"},
		"fr": {"NOM", "TYPE", "ÉTAT", "serrure", "verrouillée", "en ligne"},
		"es": {"NOMBRE", "TIPO", "ESTADO", "cerradura", "bloqueada", "conectado"},
	} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		cloud := utectest.NewForTest(t)
		secrets := &session.MemorySecrets{}
		if r := runCLI(t, cloud, secrets, "login"); r.code != ExitOK {
			t.Fatalf("%s: login: %+v", code, r)
		}
		r := runCLI(t, cloud, secrets, "devices")
		if r.code != ExitOK {
			t.Fatalf("%s: devices: %+v", code, r)
		}
		for _, w := range want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%s: no %q in\n%s", code, w, r.stdout)
			}
		}
		if left := i18ntest.EnglishLeft(t, code, tableCells(r.stdout)); len(left) > 0 {
			t.Errorf("%s: English left in the table: %q\n%s", code, left, r.stdout)
		}
		if r := runCLI(t, cloud, secrets, "devices", "--json"); !strings.Contains(r.stdout, `"kind": "lock"`) && !strings.Contains(r.stdout, `"kind":"lock"`) {
			t.Errorf("%s: --json not in the scripts' words:\n%s", code, r.stdout)
		}
	}
}

// tableCells splits a table the way a person reads it: lines into the
// cells tabwriter spaced apart, cells into the parts a comma joins
// ("locked, door open").
func tableCells(table string) []string {
	var cells []string
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		for _, cell := range regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1) {
			cells = append(cells, strings.Split(cell, ", ")...)
		}
	}
	return cells
}

// TestMessagesInEachLanguage runs commands whose answers are sentences
// (usage mistakes, a wrong device, lock --all, an empty history, a sign
// out) with each language loaded, and finds no English sentence left that
// the language has its own words for; the help text is translated too.
func TestMessagesInEachLanguage(t *testing.T) {
	t.Cleanup(func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	})
	for _, code := range []string{"de", "fr", "es"} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		cloud := utectest.NewForTest(t)
		secrets := &session.MemorySecrets{}
		signedOut := runCLI(t, cloud, secrets, "devices")
		if left := i18ntest.EnglishLeft(t, code, strings.Split(strings.TrimSpace(strings.TrimPrefix(signedOut.stderr, "utec-tray: ")), "\n")); signedOut.code != ExitSignInNeed || len(left) > 0 {
			t.Errorf("%s: devices signed out: English left: %q\n%s", code, left, signedOut.stderr)
		}
		if r := runCLI(t, cloud, secrets, "login"); r.code != ExitOK {
			t.Fatalf("%s: login: %+v", code, r)
		}
		for _, args := range [][]string{
			{"frob"}, {"devices", "extra"}, {"devices", "--frob"}, {"lock", "Front Door", "--timeout"}, {"lock", "Front Door", "--timeout", "soon"}, {"lock", "Nowhere"}, {"unlock", "Living Room Lamp"}, {"on", "Front Door"},
			{"brightness", "Living Room Lamp", "300"}, {"unlock", "--all"}, {"lock", "--all"}, {"history"},
			{"codes", "Living Room Lamp"}, {"code", "delete", "Front Door", "Nobody"}, {"code", "frob"},
			{"code", "add", "Front Door", "--name", "Ann", "--from", "soon", "--to", "2027-01-02"},
			{"code", "add", "Front Door", "--name", "Ann", "--from", "2027-01-01", "--to", "2027-01-02", "--days", "someday"},
			{"code", "add", "Front Door", "--name", "Ann", "--from", "2027-01-01", "--to", "2027-01-02", "--hours", "late"},
			{"code", "add", "Front Door", "--name", " "}, {"code", "add", "Front Door", "--name", "Ann", "--code", "0123"},
			{"code", "add", "Front Door", "--name", "Ann", "--from", "2027-01-02", "--to", "2027-01-01"},
			{"code", "add", "Front Door", "--name", "Ann"}, {"codes", "Front Door"}, {"unlock", "Front Door"}, {"history"},
			{"logout"},
		} {
			r := runCLI(t, cloud, secrets, args...)
			// Tables (devices, codes, history) in cells, the rest in lines.
			lines := tableCells(r.stdout)
			for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
				lines = append(lines, strings.TrimPrefix(line, "utec-tray: "))
			}
			if left := i18ntest.EnglishLeft(t, code, lines); len(left) > 0 {
				t.Errorf("%s: %q: English left: %q\n%s%s", code, args, left, r.stdout, r.stderr)
			}
		}
		help := runCLI(t, cloud, secrets, "help").stdout
		if first := strings.SplitN(usageEnglish, "\n", 2)[0]; strings.Contains(help, first) || !strings.Contains(help, "utec-tray lock --all") {
			t.Errorf("%s: help not translated, or without the commands:\n%s", code, help)
		}
	}
}

// TestLoginRefusedInEachLanguage: a wrong client secret is refused, and
// the advice (check the ID and secret in the U-home app) comes in the
// language, not swallowed by the general "sign in again".
func TestLoginRefusedInEachLanguage(t *testing.T) {
	t.Cleanup(func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	})
	t.Setenv("UTEC_TRAY_CONFIG_DIR", t.TempDir())
	for code, want := range map[string]string{
		"en": "U-Tec refused the client ID or secret", "de": "U-Tec hat die Client-ID oder das Client-Secret abgelehnt",
		"fr": "U-Tec a refusé l’ID client ou le secret", "es": "U-Tec rechazó el ID de cliente o el secreto",
	} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		cloud := utectest.NewForTest(t)
		env := map[string]string{
			"UTEC_CLIENT_ID": utectest.ClientID, "UTEC_CLIENT_SECRET": "not-the-secret",
			"UTEC_OAUTH_URL": cloud.URL(), "UTEC_API_URL": cloud.URL(), "UTEC_REDIRECT_PORT": "0",
		}
		r := runCLIEnv(t, env, nil, &session.MemorySecrets{}, "login")
		if r.code == ExitOK || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: login with a wrong secret: %+v, want %q", code, r, want)
		}
		var lines []string
		for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
			if !strings.HasPrefix(line, "time=") { // a log line, English on purpose
				lines = append(lines, strings.TrimPrefix(line, "utec-tray: "))
			}
		}
		if left := i18ntest.EnglishLeft(t, code, lines); code != "en" && len(left) > 0 {
			t.Errorf("%s: English left: %q\n%s", code, left, r.stderr)
		}
	}
}
