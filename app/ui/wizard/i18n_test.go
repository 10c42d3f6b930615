package wizard

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// TestWizardInEachLanguage opens the wizard with each language loaded and
// reads its first two steps' words. English is restored after.
func TestWizardInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for _, tc := range []struct{ code, welcome, step, next, client string }{
		{"en", "Welcome", "Step 1 of 5", "Next", "Your U-Tec API client"},
		{"de", "Willkommen", "Schritt 1 von 5", "Weiter", "Ihr U-Tec-API-Client"},
		{"fr", "Bienvenue", "Étape 1 sur 5", "Suivant", "Votre client API U-Tec"},
		{"es", "Bienvenida", "Paso 1 de 5", "Siguiente", "Su cliente de API de U-Tec"},
	} {
		if err := i18n.Load(tc.code); err != nil {
			t.Fatal(err)
		}
		w := newHarness(t, nil).wiz
		if w.Title.Text != tc.welcome || w.Progress.Text != tc.step || w.Next.Text != tc.next {
			t.Errorf("%s: %q, %q, %q; want %q, %q, %q", tc.code, w.Title.Text, w.Progress.Text, w.Next.Text, tc.welcome, tc.step, tc.next)
		}
		test.Tap(w.Next)
		if w.Title.Text != tc.client {
			t.Errorf("%s: second step %q, want %q", tc.code, w.Title.Text, tc.client)
		}
	}
}
