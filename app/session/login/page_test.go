package login

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// TestPagesInEachLanguage renders the success and failure pages with each
// language loaded: the words and the lang attribute follow it, and a
// reason from the query stays escaped. Not parallel (the language is the
// process's); English is back before the parallel tests resume.
func TestPagesInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for code, want := range map[string][]string{
		"en": {`lang="en"`, "Signed in to utec-tray. You can close this tab.", "utec-tray could not finish the sign-in: "},
		"de": {`lang="de"`, "Bei utec-tray angemeldet. Sie können diesen Tab schließen.", "utec-tray konnte die Anmeldung nicht abschließen: "},
		"fr": {`lang="fr"`, "Connecté à utec-tray. Vous pouvez fermer cet onglet.", "utec-tray n’a pas pu terminer la connexion : "},
		"es": {`lang="es"`, "Sesión iniciada en utec-tray. Puede cerrar esta pestaña.", "utec-tray no pudo completar el inicio de sesión: "},
	} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		var body strings.Builder
		for _, p := range []page{pageSuccess(), failurePage(400, "<b>access_denied</b>")} {
			rec := httptest.NewRecorder()
			p.write(rec)
			body.WriteString(rec.Body.String())
		}
		for _, w := range want {
			if !strings.Contains(body.String(), w) {
				t.Errorf("%s: no %q in\n%s", code, w, body.String())
			}
		}
		if strings.Contains(body.String(), "<b>") {
			t.Errorf("%s: the reason was not escaped", code)
		}
	}
}
