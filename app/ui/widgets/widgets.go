// Package widgets holds the small Fyne pieces the tray's windows share:
// a button that Enter presses and Escape cancels, the yes/no question in a
// window of its own, and the line breaking that fixed-size windows need.
package widgets

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// NewConfirm builds a yes/no question in a small window of its own (a tray
// app has no main window to hang a dialog on). Cancel is the default:
// it has the focus first, Enter presses the focused button, and Escape
// cancels, so neither key alone ever says yes. ok runs only on a yes.
// Show it with Show.
func NewConfirm(app fyne.App, title, message, okLabel string, ok func()) fyne.Window {
	w := app.NewWindow(title)
	done := false
	answer := func(yes bool) {
		if done {
			return
		}
		done = true
		w.Close()
		if yes {
			ok()
		}
	}
	no := func() { answer(false) }
	cancelBtn := NewKeyButton(i18n.T("confirm.cancel", "Cancel"), no, no)
	okBtn := NewKeyButton(okLabel, func() { answer(true) }, no)
	okBtn.Importance = widget.DangerImportance
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.SetContent(container.NewPadded(container.NewVBox(
		heading,
		widget.NewLabel(message),
		container.NewHBox(layout.NewSpacer(), cancelBtn, okBtn),
	)))
	// Keys reach the canvas only when no button has the focus: then Enter
	// does nothing and Escape cancels.
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			no()
		}
	})
	w.Canvas().Focus(cancelBtn)
	w.SetOnClosed(func() { done = true })
	w.SetFixedSize(true)
	w.CenterOnScreen()
	return w
}

// KeyButton is a button that Enter and Return press, as well as Space,
// when it has the focus, and that Escape cancels.
type KeyButton struct {
	widget.Button
	cancel func()
}

// NewKeyButton returns a KeyButton labelled label that runs tapped when
// pressed and cancel on Escape.
func NewKeyButton(label string, tapped, cancel func()) *KeyButton {
	b := &KeyButton{cancel: cancel}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter and cancels on Escape.
func (b *KeyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	case fyne.KeyEscape:
		b.cancel()
	default:
		b.Button.TypedKey(ev)
	}
}

// WrapText breaks text into lines of at most width runes at spaces: the
// question windows are fixed-size and their labels do not wrap.
func WrapText(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		if i > 0 {
			if n+1+len([]rune(word)) > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(word)
		n += len([]rune(word))
	}
	return b.String()
}
