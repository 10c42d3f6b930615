package tray

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/internal/opener"
	"github.com/utec-tray/utec-tray/app/login"
	"github.com/utec-tray/utec-tray/app/settingsui"
	"github.com/utec-tray/utec-tray/app/wizard"
)

// NewConfirm builds a yes/no question in a small window of its own (a tray
// app has no main window to hang a dialog on). Enter confirms, Escape
// cancels; ok runs only on a yes. Show it with Show.
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
	return w
}

// ShowSettings opens the settings window, or raises the open one
// (controller.Desktop). It reads the controller's last View: the window
// opens at once whatever the cloud or the keyring are doing.
func (t *Tray) ShowSettings() {
	v := t.ctrl.View()
	deps := settingsui.Deps{
		Settings:          v.Snapshot.Settings,
		Apply:             t.ctrl.ApplySettings,
		SignOut:           t.ctrl.SignOut,
		ChangeCredentials: t.ctrl.ChangeCredentials,
		LogDir:            t.opts.LogDir,
		OpenFolder:        opener.Open,
		Diagnostics:       t.ctrl.Diagnostics,
		Version:           t.opts.Controller.Version,
		Guard:             t.guardAvailability,
	}
	for _, d := range v.Snapshot.Poll.Devices {
		deps.Devices = append(deps.Devices, d.Device)
	}
	if st := v.Snapshot.SignIn; !st.Needed() {
		deps.User = t.ctrl.User
	}
	t.showOnce(&t.settingsWin, func(closed func()) fyne.Window {
		deps.Closed = closed
		return settingsui.New(t.opts.App, deps).Window
	})
}

// showOnce shows the window *open, or builds one when none is open, so
// that a second click raises the window instead of doubling it. build
// must call closed when its window closes.
func (t *Tray) showOnce(open *fyne.Window, build func(closed func()) fyne.Window) {
	fyne.Do(func() {
		if *open != nil {
			(*open).Show()
			(*open).RequestFocus()
			return
		}
		w := build(func() { *open = nil })
		*open = w
		w.Show()
		t.opened(w)
	})
}

// ShowSetup opens the first-run wizard where it resumes
// (controller.Desktop).
func (t *Tray) ShowSetup(setup controller.Setup) {
	st := t.ctrl.View().Snapshot.Settings
	deps := wizard.Deps{
		ClientID:        setup.ClientID,
		HasSecret:       setup.HasSecret,
		HasToken:        setup.HasToken,
		RedirectURI:     login.RedirectURI(st.RedirectPort, ""),
		Hidden:          st.Hidden,
		Order:           st.Order,
		SaveCredentials: t.ctrl.SaveCredentials,
		SignIn:          t.ctrl.SignInForWizard,
		Devices:         t.ctrl.Devices,
		SaveDevices: func(hidden, order []string) error {
			t.ctrl.SetDeviceChoices(hidden, order)
			return nil
		},
		Guard: t.guardChoices(),
	}
	t.showOnce(&t.wizardWin, func(closed func()) fyne.Window {
		deps.Closed = closed
		return wizard.New(t.opts.App, deps).Window
	})
}
