package tray

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/login"
)

// confirm asks a yes/no question in a small window of its own (a tray app
// has no main window to hang a dialog on). Enter confirms, Escape cancels.
// It runs on the UI goroutine.
func (c *Controller) confirm(title, message, okLabel string, ok func()) {
	w := c.opts.App.NewWindow(title)
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
	cancelBtn := widget.NewButton("Cancel", func() { answer(false) })
	okBtn := widget.NewButton(okLabel, func() { answer(true) })
	okBtn.Importance = widget.DangerImportance
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.SetContent(container.NewPadded(container.NewVBox(
		heading,
		widget.NewLabel(message),
		container.NewHBox(layout.NewSpacer(), cancelBtn, okBtn),
	)))
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			answer(false)
		case fyne.KeyReturn, fyne.KeyEnter:
			answer(true)
		}
	})
	w.SetOnClosed(func() { done = true })
	w.SetFixedSize(true)
	w.CenterOnScreen()
	w.Show()
	w.RequestFocus()
	c.opened(w)
}

// showSignInHelp explains what a sign-in needs when no client ID or secret
// is set yet (the first-run wizard's job, when it is wired in).
func (c *Controller) showSignInHelp() {
	w := c.opts.App.NewWindow("Sign in to U-Tec")
	text := widget.NewLabel("utec-tray needs your own U-Tec API client to sign in.\n\n" +
		"1. In the U-home app, open My Account > OpenAPI and turn it on.\n" +
		"2. Set its redirect URI to " + login.RedirectURI(c.settings.RedirectPort, "") + "\n" +
		"3. Run: utec-tray login --client-id YOUR-CLIENT-ID\n" +
		"   with UTEC_CLIENT_SECRET set to the client secret.")
	text.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewPadded(container.NewBorder(nil,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Close", w.Close)), nil, nil, text)))
	w.Resize(fyne.NewSize(520, 260))
	w.CenterOnScreen()
	w.Show()
	c.opened(w)
}

// showSettings opens the settings window.
func (c *Controller) showSettings() {
	if c.opts.ShowSettings != nil {
		fyne.Do(c.opts.ShowSettings)
		return
	}
	fyne.Do(c.showSignInHelp)
}
