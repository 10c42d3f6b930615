package codes

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/ui/uitexts"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// noEnglishLeft fails the test for each word of the window in English
// although the language has it.
func noEnglishLeft(t *testing.T, code, when string, w *Window) {
	t.Helper()
	shown := append(uitexts.Shown(w.Window.Content()), w.Window.Title())
	i18ntest.NoEnglish(t, code, when, shown, 20)
}

// TestCodesInEachLanguage gives a temporary code over the fake cloud in
// German, French and Spanish, says each mistake of the form, and asks
// before taking it back, and finds no English word the language has.
func TestCodesInEachLanguage(t *testing.T) {
	for _, code := range []string{"de", "fr", "es"} {
		t.Run(code, func(t *testing.T) {
			i18ntest.In(t, code)
			h := open(t)
			w := h.w
			noEnglishLeft(t, code, "empty", w)
			for _, tc := range []struct {
				name, code, from, to, hours, uses string
				noDays                            bool
			}{
				{name: "", code: "482913"},
				{name: "Ann", code: "0123"},
				{name: "Ann", code: "482913", from: "soon"},
				{name: "Ann", code: "482913", from: "2026-12-20", to: "2026-12-08"},
				{name: "Ann", code: "482913", from: "2026-12-08", to: "2026-12-20", noDays: true},
				{name: "Ann", code: "482913", from: "2026-12-08", to: "2026-12-20", hours: "9-5"},
				{name: "Ann", code: "482913", from: "2026-12-08", to: "2026-12-20", uses: "0"},
			} {
				w.Name.SetText(tc.name)
				w.Code.SetText(tc.code)
				w.Temporary.SetChecked(tc.from != "")
				w.From.SetText(tc.from)
				w.To.SetText(tc.to)
				w.Hours.SetText(tc.hours)
				w.Uses.SetText(tc.uses)
				for _, d := range w.Days {
					d.SetChecked(!tc.noDays)
				}
				test.Tap(w.Give)
				if !w.Error.Visible() {
					t.Fatalf("%+v accepted", tc)
				}
				noEnglishLeft(t, code, "mistake "+w.Error.Text, w)
			}
			w.Name.SetText("Cleaner")
			w.Code.SetText("482913")
			w.Temporary.SetChecked(false)
			test.Tap(w.Give)
			h.drain(t, "the code on the lock", func() bool { return len(w.Codes.Objects) == 1 && w.Given.Text != "" })
			noEnglishLeft(t, code, "given", w)
			tapDeleteIn(t, w)
			if len(h.questions) != 1 || len(i18ntest.EnglishLeft(t, code, h.questions)) != 0 {
				t.Errorf("asked %q", h.questions)
			}
			if n := len(h.cloud.LockUsers(utectest.FrontDoorID)); n != 1 {
				t.Errorf("%d codes on the lock, want the one given", n)
			}
		})
	}
}

// findRowButtons returns the buttons in o.
func findRowButtons(o fyne.CanvasObject) []*widget.Button {
	switch o := o.(type) {
	case *widget.Button:
		return []*widget.Button{o}
	case *fyne.Container:
		var out []*widget.Button
		for _, c := range o.Objects {
			out = append(out, findRowButtons(c)...)
		}
		return out
	}
	return nil
}

// tapDeleteIn presses the first row's Delete, whatever its language.
func tapDeleteIn(t *testing.T, w *Window) {
	t.Helper()
	for _, b := range findRowButtons(w.Codes.Objects[0]) {
		test.Tap(b)
		return
	}
	t.Fatal("no Delete button in the row")
}
