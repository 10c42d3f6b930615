// Package tray is the Fyne face of utec-tray: it starts the app (Run),
// and implements the controller's Desktop with Fyne — the tray menu and
// icon, notifications, the unlock question, the settings window and the
// first-run wizard. Every decision is the controller's (app/controller);
// this package only shows what it is told, on the UI goroutine through
// fyne.Do, and reports clicks back.
package tray

import (
	"log/slog"

	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/platform/notify"
	"github.com/utec-tray/utec-tray/app/platform/opener"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/ui/settingsui"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/app/ui/wizard"
	"github.com/utec-tray/utec-tray/app/view"
)

// Surface is where the tray shows: desktop.App in the program, a recorder
// in tests (Fyne's test app has no tray).
type Surface interface {
	SetSystemTrayMenu(*fyne.Menu)
	SetSystemTrayIcon(fyne.Resource)
}

// Options configure a Tray. App, Surface and Controller.Session are
// required; Controller.Desktop is the Tray itself.
type Options struct {
	App     fyne.App
	Surface Surface
	// Controller configures the controller; its Desktop and (when nil)
	// OpenURL are set by the Tray.
	Controller controller.Options
	// LogDir is the folder of the log file, for the settings window.
	LogDir string
	// Notify shows a desktop notification; default a notify.Sender (never
	// Fyne's SendNotification, which can hang the UI goroutine on a
	// daemon that does not answer).
	Notify func(alerts.Alert)
	// Remind shows a reminder and says whether it has buttons; default
	// the notify.Sender's (tests set it, or Notify).
	Remind func(guard.Reminder) bool
	// Guard is the watcher of sleep and screen lock, for the settings
	// window's "unavailable on this desktop"; nil says unavailable.
	Guard  *sessionwatch.Watcher
	Logger *slog.Logger
}

// Tray shows the controller's state with Fyne. Its fields other than
// ctrl and opts are touched only on the UI goroutine.
type Tray struct {
	opts Options
	ctrl *controller.Controller
	log  *slog.Logger

	// frame is the last frame shown; the windows open with it.
	frame view.Frame
	// trayMenu is the one menu object for the app's life (see Show).
	trayMenu    *fyne.Menu
	settingsWin fyne.Window
	// settings is the open settings window, told about state changes.
	settings  *settingsui.Window
	wizardWin fyne.Window
	// wizard is the open wizard.
	wizard *wizard.Wizard
	// panel is the quick panel, built once (Panel) and kept up to date.
	panel *Panel
	// opened is told about every window the tray opens (tests).
	opened func(fyne.Window)
	// ui runs a function on the UI goroutine: fyne.Do, or in tests a
	// runner that keeps the controller's and the test's UI work apart
	// (Fyne's test driver runs fyne.Do on the calling goroutine).
	ui uithread.Runner
	// sender shows notifications when Options.Notify is nil.
	sender *notify.Sender
}

// New returns a Tray and its controller; Start runs them.
func New(opts Options) *Tray {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	t := &Tray{opts: opts, log: opts.Logger, opened: func(fyne.Window) {}, ui: uithread.Fyne}
	co := opts.Controller
	co.Desktop = t
	if co.Logger == nil {
		co.Logger = opts.Logger
	}
	if co.OpenURL == nil {
		// Not Fyne's OpenURL: it hands the browser the whole environment.
		co.OpenURL = opener.Open
	}
	if opts.Notify == nil {
		t.sender = notify.New(notify.Options{Logger: opts.Logger})
	}
	t.ctrl = controller.New(co)
	return t
}

// Controller returns the tray's controller.
func (t *Tray) Controller() *controller.Controller { return t.ctrl }

// Start shows the first menu and starts the controller. Call it on the
// main goroutine before the app's Run: Fyne starts its tray only if a menu
// is set by then.
func (t *Tray) Start() {
	t.ctrl.Start()
	if t.sender != nil {
		go t.answerReminders()
	}
}

// Stop stops the controller and the notifications.
func (t *Tray) Stop() {
	t.ctrl.Stop()
	if t.sender != nil {
		_ = t.sender.Close()
	}
}

// Show shows a new frame (controller.Desktop): the menu, icon and
// tooltip, the quick panel and the open settings window.
func (t *Tray) Show(f view.Frame) {
	m := f.Menu
	menu := toFyneMenu(m, t.ctrl.Click)
	icon := iconFor(m.Icon)
	t.ui(func() {
		t.frame = f
		// Fyne v2.8.1 re-applies the first menu it was given once the tray
		// is ready, which can undo a newer one set in between (the menu then
		// stuck on "Connecting to U-Tec…"). Giving it one menu object for
		// good, whose items change, makes that re-apply show the newest.
		if t.trayMenu == nil {
			t.trayMenu = menu
		} else {
			t.trayMenu.Items = menu.Items
		}
		t.opts.Surface.SetSystemTrayMenu(t.trayMenu)
		t.opts.Surface.SetSystemTrayIcon(icon.colour)
		if ts, ok := t.opts.Surface.(TooltipSurface); ok {
			ts.SetSystemTrayTemplateIcon(icon.template, icon.colour)
			ts.SetSystemTrayTooltip(m.Tooltip)
		}
		if t.panel != nil {
			t.panel.Update(f.Panel)
		}
		if t.settings != nil {
			t.settings.SetState(f.Settings)
		}
	})
}

// Notify shows a notification (controller.Desktop).
func (t *Tray) Notify(a alerts.Alert) {
	if t.opts.Notify != nil {
		t.opts.Notify(a)
		return
	}
	n := notify.Notification{Title: a.Title, Body: a.Body}
	if a.DeviceID != "" {
		// A newer word on the same device replaces the one on screen.
		n.Tag = string(a.Kind) + ":" + a.DeviceID
	}
	t.sender.Send(n)
}

// ConfirmUnlock asks before unlocking (controller.Desktop).
func (t *Tray) ConfirmUnlock(name string, yes func()) {
	t.ui(func() {
		w := NewConfirm(t.opts.App, "Unlock "+name+"?", "The door will be unlocked for anyone at it.", "Unlock", yes)
		w.Show()
		w.RequestFocus()
		t.opened(w)
	})
}

// Quit ends the app (controller.Desktop).
func (t *Tray) Quit() { t.ui(t.opts.App.Quit) }

// OpenSettings opens the settings window (a second start asked for it).
func (t *Tray) OpenSettings() { t.ctrl.OpenSettings() }

var _ controller.Desktop = (*Tray)(nil)
