package widgets

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/ui/uitexts"
)

// TestQuestionInEachLanguage: the question's own button, Cancel, is in the
// person's language, and it is still the one focused first.
func TestQuestionInEachLanguage(t *testing.T) {
	a := test.NewTempApp(t)
	for code, cancel := range map[string]string{"de": "Abbrechen", "fr": "Annuler", "es": "Cancelar"} {
		t.Run(code, func(t *testing.T) {
			i18ntest.In(t, code)
			w := NewConfirm(a, "Haustür entriegeln?", "Die Tür wird für jeden entriegelt, der davor steht.", "Entriegeln", func() {})
			w.Show()
			defer w.Close()
			focused, ok := w.Canvas().Focused().(*KeyButton)
			if !ok || focused.Text != cancel {
				t.Fatalf("focused %v, want %q", w.Canvas().Focused(), cancel)
			}
			if left := i18ntest.EnglishLeft(t, code, uitexts.Shown(w.Content())); len(left) != 0 || len(i18ntest.EnglishWords(uitexts.Shown(w.Content()))) != 0 {
				t.Errorf("English left: %q", left)
			}
		})
	}
}
