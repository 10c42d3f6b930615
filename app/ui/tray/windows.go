package tray

import (
	"os"
	"slices"

	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/opener"
	"github.com/utec-tray/utec-tray/app/session/login"
	"github.com/utec-tray/utec-tray/app/ui/settingsui"
	"github.com/utec-tray/utec-tray/app/ui/widgets"
	"github.com/utec-tray/utec-tray/app/ui/wizard"
)

// ConfirmSignOut asks before signing out (controller.Desktop).
func (t *Tray) ConfirmSignOut(yes func()) {
	t.ui(func() {
		w := widgets.NewConfirm(t.opts.App, i18n.T("confirm.signOutTitle", "Sign out of U-Tec?"), widgets.WrapText(signOutMessage(), 64),
			i18n.T("confirm.signOut", "Sign out"), yes)
		w.Show()
		w.RequestFocus()
	})
}

// signOutMessage says what a sign-out does and keeps; the window breaks
// it into lines, as long as the language's words need.
func signOutMessage() string {
	return i18n.T("confirm.signOutMessage", "The tray stops showing your devices until you sign in again. "+
		"Your API client (client ID and secret) stays on this computer, so signing in again takes only the browser.")
}

// confirm asks a question for the settings window, in a window like the
// unlock question's.
func (t *Tray) confirm(title, message, okLabel string, yes func()) {
	w := widgets.NewConfirm(t.opts.App, title, widgets.WrapText(message, 64), okLabel, yes)
	w.Show()
	w.RequestFocus()
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
		Version:           t.opts.Version,
		Run:               t.ui,
		Guard:             t.guardAvailability,
		Network:           t.networkState,

		StartAtLoginBlocked: t.opts.StartAtLoginBlocked,
		Shortcuts:           t.shortcutStatus,
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
	t.ui(func() { t.showOnceNow(open, build) })
}

// showOnceNow is showOnce on the UI goroutine.
func (t *Tray) showOnceNow(open *fyne.Window, build func(closed func()) fyne.Window) {
	if *open != nil {
		(*open).Show()
		(*open).RequestFocus()
		return
	}
	w := build(func() { *open = nil })
	*open = w
	w.Show()
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

		StartAtLoginBlocked: t.opts.StartAtLoginBlocked,
	}
}
