package uitexts

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestShownFindsEveryKind: labels, buttons, checks, a select's choices,
// an entry's placeholder, form labels and hints, tab titles and the
// content of tabs not shown, hidden widgets included, and a pop-up's
// words through its renderer.
func TestShownFindsEveryKind(t *testing.T) {
	a := test.NewTempApp(t)
	entry := widget.NewEntry()
	entry.SetPlaceHolder("placeholder")
	hidden := widget.NewLabel("hidden label")
	hidden.Hide()
	form := widget.NewForm(widget.NewFormItem("form label", entry))
	form.Items[0].HintText = "hint"
	tabs := container.NewAppTabs(
		container.NewTabItem("first tab", container.NewVBox(widget.NewLabel("label"), hidden, widget.NewButton("button", nil))),
		container.NewTabItem("second tab", container.NewVScroll(container.NewVBox(
			widget.NewCheck("check", nil), widget.NewSelect([]string{"one", "two"}, nil), form))),
	)
	w := a.NewWindow("window")
	w.SetContent(tabs)
	pop := widget.NewModalPopUp(widget.NewLabel("in the pop-up"), w.Canvas())
	got := Shown(tabs, pop)
	for _, want := range []string{"first tab", "label", "hidden label", "button", "second tab", "check", "one", "two",
		"placeholder", "form label", "hint", "in the pop-up"} {
		if !slices.Contains(got, want) {
			t.Errorf("%q not found in %q", want, got)
		}
	}
}
