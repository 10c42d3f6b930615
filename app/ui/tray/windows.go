package tray

import (
	"os"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/platform/opener"
	"github.com/utec-tray/utec-tray/app/session/login"
	"github.com/utec-tray/utec-tray/app/ui/settingsui"
	"github.com/utec-tray/utec-tray/app/ui/wizard"
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
	cancelBtn := newKeyButton("Cancel", no, no)
	okBtn := newKeyButton(okLabel, func() { answer(true) }, no)
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

// keyButton is a button that Enter and Return press, as well as Space,
// when it has the focus, and that Escape cancels.
type keyButton struct {
	widget.Button
	cancel func()
}

func newKeyButton(label string, tapped, cancel func()) *keyButton {
	b := &keyButton{cancel: cancel}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter and cancels on Escape.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	case fyne.KeyEscape:
		b.cancel()
	default:
		b.Button.TypedKey(ev)
	}
}

// ConfirmSignOut asks before signing out (controller.Desktop).
func (t *Tray) ConfirmSignOut(yes func()) {
	t.ui(func() {
		w := NewConfirm(t.opts.App, "Sign out of U-Tec?", signOutMessage, "Sign out", yes)
		w.Show()
		w.RequestFocus()
		t.opened(w)
	})
}

// signOutMessage says what a sign-out does and keeps.
const signOutMessage = "The tray stops showing your devices until you sign in again.\n" +
	"Your API client (client ID and secret) stays on this computer,\nso signing in again takes only the browser."

// confirm asks a question for the settings window, in a window like the
// unlock question's.
func (t *Tray) confirm(title, message, okLabel string, yes func()) {
	w := NewConfirm(t.opts.App, title, wrapText(message, 64), okLabel, yes)
	w.Show()
	w.RequestFocus()
	t.opened(w)
}

// wrapText breaks text into lines of at most width runes at spaces: the
// question windows are fixed-size and their labels do not wrap.
func wrapText(text string, width int) string {
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

// ShowSettings opens the settings window, or raises the open one
// (controller.Desktop). It shows the last frame: the window opens at once
// whatever the cloud or the keyring are doing.
func (t *Tray) ShowSettings() {
	deps := settingsui.Deps{
		Edit:              t.ctrl.EditSettings,
		User:              t.ctrl.User,
		SignIn:            t.ctrl.SignIn,
		SignOut:           t.ctrl.SignOut,
		ForgetClient:      t.ctrl.ForgetClient,
		ChangeCredentials: t.ctrl.ChangeCredentials,
		Confirm:           t.confirm,
		LogDir:            t.opts.LogDir,
		OpenFolder:        opener.Open,
		Diagnostics:       t.ctrl.Diagnostics,
		Version:           t.opts.Controller.Version,
		Run:               t.ui,
		Guard:             t.guardAvailability,
	}
	t.showOnce(&t.settingsWin, func(closed func()) fyne.Window {
		deps.State = t.frame.Settings
		deps.Closed = func() { t.settings = nil; closed() }
		t.settings = settingsui.New(t.opts.App, deps)
		return t.settings.Window
	})
}

// showOnce shows the window *open, or builds one when none is open, so
// that a second click raises the window instead of doubling it. build
// must call closed when its window closes.
func (t *Tray) showOnce(open *fyne.Window, build func(closed func()) fyne.Window) {
	t.ui(func() {
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

// ShowWizard opens the first-run wizard where it resumes
// (controller.Desktop), with the settings of the last frame.
func (t *Tray) ShowWizard(start controller.WizardStart) {
	t.showOnce(&t.wizardWin, func(closed func()) fyne.Window {
		deps := t.wizardDeps(start, t.frame.Settings.Settings)
		deps.Closed = func() { t.wizard = nil; closed() }
		t.wizard = wizard.New(t.opts.App, deps)
		return t.wizard.Window
	})
}

// wizardDeps connects the wizard to the controller.
func (t *Tray) wizardDeps(start controller.WizardStart, st config.Settings) wizard.Deps {
	return wizard.Deps{
		ClientID:        start.ClientID,
		HasSecret:       start.HasSecret,
		HasToken:        start.HasToken,
		AtCredentials:   start.AtCredentials,
		Desktop:         os.Getenv("XDG_CURRENT_DESKTOP"),
		RedirectURI:     login.RedirectURI(st.RedirectPort, ""),
		Hidden:          slices.Clone(st.Hidden),
		Order:           slices.Clone(st.Order),
		SaveCredentials: t.ctrl.SaveCredentials,
		SignIn:          t.ctrl.SignInForWizard,
		Devices:         t.ctrl.Devices,
		SaveDevices: func(hidden, order []string) error {
			t.ctrl.SetDeviceChoices(hidden, order)
			return nil
		},
		Run:             t.ui,
		Guard:           t.guardChoices(st),
		StartAtLogin:    st.StartAtLogin,
		SetStartAtLogin: t.ctrl.SetStartAtLogin,
	}
}
