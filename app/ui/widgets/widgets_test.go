package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestQuestionDefaultsToCancel: Enter presses the focused button, which
// is Cancel at first; Escape cancels wherever the focus is; only a
// deliberate choice of the other button says yes.
func TestQuestionDefaultsToCancel(t *testing.T) {
	a := test.NewTempApp(t)
	for _, tc := range []struct {
		name string
		keys func(w fyne.Window)
		yes  bool
	}{
		{"Enter", func(w fyne.Window) { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }, false},
		{"keypad Enter", func(w fyne.Window) { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) }, false},
		{"Escape", func(w fyne.Window) { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) }, false},
		{"Enter with nothing focused", func(w fyne.Window) {
			w.Canvas().Unfocus()
			w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}, false},
		{"Escape on Unlock", func(w fyne.Window) {
			w.Canvas().FocusNext()
			w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		}, false},
		{"Tab to Unlock, then Enter", func(w fyne.Window) {
			w.Canvas().FocusNext()
			w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			yes := false
			w := NewConfirm(a, "Unlock Front Door?", "The door will be unlocked for anyone at it.", "Unlock", func() { yes = true })
			w.Show()
			focused, ok := w.Canvas().Focused().(*KeyButton)
			if !ok || focused.Text != "Cancel" {
				t.Fatalf("focused first: %#v, want the Cancel button", w.Canvas().Focused())
			}
			tc.keys(w)
			if yes != tc.yes {
				t.Errorf("unlocked: %v, want %v", yes, tc.yes)
			}
			if tc.name == "Enter with nothing focused" {
				w.Close() // the others answered, which closed it
			}
		})
	}
}

func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		want  string
	}{
		{"", 10, ""},
		{"one two three", 7, "one two\nthree"},
		{"  spaces   collapse  ", 40, "spaces collapse"},
		{"Überlänge wörter", 9, "Überlänge\nwörter"},
		{"averyveryverylongword fits alone", 5, "averyveryverylongword\nfits\nalone"},
	} {
		if got := WrapText(tc.text, tc.width); got != tc.want {
			t.Errorf("WrapText(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}
