// Package tray is the Fyne face of utec-tray: it starts the app (Run),
// and implements the controller's Desktop with Fyne — the tray menu and
// icon, notifications, the unlock question, the quick panel, the settings
// window and the first-run wizard. Every decision is the controller's
// (app/controller); this package only shows the frames it is handed, on
// the UI goroutine, and reports clicks back.
package tray

import (
	"log/slog"

	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/platform/netwatch"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/ui/codes"
	"github.com/utec-tray/utec-tray/app/ui/panel"
	"github.com/utec-tray/utec-tray/app/ui/settingsui"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/app/ui/widgets"
	"github.com/utec-tray/utec-tray/app/ui/wizard"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
)

// Surface is where the tray shows: desktop.App in the program, a recorder
// in tests (Fyne's test app has no tray).
type Surface interface {
	SetSystemTrayMenu(*fyne.Menu)
	SetSystemTrayIcon(fyne.Resource)
}

// ItemsSurface is a Surface that shows the menu model itself and updates
// its items in place (Linux and the BSDs, see inPlaceMenu); the tray then
// never hands Fyne a menu.
type ItemsSurface interface {
	ShowMenuItems(items []view.Item, onClick func(view.Action))
}

// Notifier shows notifications: a notify.Sender in the program (never
// Fyne's SendNotification, which can hang the UI goroutine on a daemon
// that does not answer), a recorder in tests. Both methods return at once.
type Notifier interface {
	// Notify shows an alert, with its Actions as buttons where the
	// server offers buttons.
	Notify(alerts.Alert)
	// Remind shows a "still unlocked" reminder and reports whether it has
	// the buttons Lock and Later.
	Remind(guard.Reminder) (withButtons bool)
}

// Options configure a Tray. App, Surface, Controller and Notifier are
// required.
type Options struct {
	App     fyne.App
	Surface Surface
	// Controller is the core the tray shows and reports clicks to; the
	// tray never constructs it.
	Controller *controller.Controller
	Notifier   Notifier
	// LogDir is the folder of the log file, for the settings window.
	LogDir string
	// Version is the app's version, for the settings window.
	Version string
	// Watcher is the watcher of sleep and screen lock, for the settings
	// window's "unavailable on this desktop"; nil says unavailable.
	Watcher *sessionwatch.Watcher
	// Network is the network watcher, for the settings window's Home
	// network section; nil says unavailable.
	Network *netwatch.Watcher
	// StartAtLoginBlocked says why starting at login cannot be turned on
	// for this program (autostart.CheckLocation), "" when it can.
	StartAtLoginBlocked string
	// UI runs a function on the UI goroutine; default fyne.Do. Tests give
	// a runner that keeps the controller's and the test's UI work apart
	// (Fyne's test driver runs fyne.Do on the calling goroutine).
	UI     uithread.Runner
	Logger *slog.Logger
}

// Tray shows the controller's frames with Fyne. Its fields other than
// ctrl and opts are touched only on the UI goroutine.
type Tray struct {
	opts Options
	ctrl *controller.Controller
	log  *slog.Logger
	ui   uithread.Runner

	// frame is the last frame shown; the windows open with it.
	frame view.Frame
	// trayMenu is the one menu object for the app's life (see Show).
	trayMenu    *fyne.Menu
	settingsWin fyne.Window
	// settings is the open settings window, told about every frame.
	settings  *settingsui.Window
	wizardWin fyne.Window
	// wizard is the open wizard.
	wizard *wizard.Wizard
	// panel is the quick panel, built once (Panel) and kept up to date.
	panel *panel.Panel
	// codesWins are the open guest codes windows, by lock id.
	codesWins map[string]fyne.Window
	// shortcuts says how the global shortcuts stand (UseShortcuts); nil:
	// none is held.
	shortcuts shortcutHolder
}

// New returns a Tray over the controller in opts. The controller's Start
// attaches it.
func New(opts Options) *Tray {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.UI == nil {
		opts.UI = uithread.Fyne
	}
	return &Tray{opts: opts, ctrl: opts.Controller, log: opts.Logger, ui: opts.UI}
}

// Show shows a new frame (controller.Desktop): the menu, icon and
// tooltip, the quick panel and the open settings window.
func (t *Tray) Show(f view.Frame) {
	m := f.Menu
	icon := iconFor(m.Icon)
	t.ui(func() {
		t.frame = f
		t.showMenu(m)
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

// showMenu shows the menu: in place where the surface can, else as a
// Fyne menu. On the UI goroutine.
func (t *Tray) showMenu(m view.Menu) {
	if s, ok := t.opts.Surface.(ItemsSurface); ok {
		s.ShowMenuItems(m.Items, t.ctrl.Click)
		return
	}
	menu := toFyneMenu(m, t.ctrl.Click)
	// Fyne v2.8.1 re-applies the first menu it was given once the tray is
	// ready, which can undo a newer one set in between (the menu then
	// stuck on "Connecting to U-Tec…"). Giving it one menu object for
	// good, whose items change, makes that re-apply show the newest.
	if t.trayMenu == nil {
		t.trayMenu = menu
	} else {
		t.trayMenu.Items = menu.Items
	}
	t.opts.Surface.SetSystemTrayMenu(t.trayMenu)
}

// Notify shows a notification (controller.Desktop).
func (t *Tray) Notify(a alerts.Alert) { t.opts.Notifier.Notify(a) }

// Remind shows a "still unlocked" reminder (controller.Desktop).
func (t *Tray) Remind(r guard.Reminder) bool { return t.opts.Notifier.Remind(r) }

// Confirm asks q in a window of its own (controller.Desktop): before
// unlocking, holding a lock open, locking an open door.
func (t *Tray) Confirm(q devices.Question, yes func()) {
	t.ui(func() {
		w := widgets.NewConfirm(t.opts.App, q.Title, widgets.WrapText(q.Message, 64), q.OK, yes)
		w.Show()
		w.RequestFocus()
	})
}

// Quit ends the app (controller.Desktop).
func (t *Tray) Quit() { t.ui(t.opts.App.Quit) }

// ShowCodes opens the guest codes window of the lock, or raises it
// (controller.Desktop).
func (t *Tray) ShowCodes(lock utec.Device) {
	t.ui(func() {
		if t.codesWins == nil {
			t.codesWins = map[string]fyne.Window{}
		}
		open := t.codesWins[lock.ID]
		t.showOnceNow(&open, func(closed func()) fyne.Window {
			return codes.New(t.opts.App, codes.Deps{Lock: lock, List: t.ctrl.LockUsers, Add: t.ctrl.AddLockUser,
				Delete: t.ctrl.DeleteLockUser, Confirm: t.confirm, Run: t.ui,
				Closed: func() { delete(t.codesWins, lock.ID); closed() }}).Window
		})
		if open != nil {
			t.codesWins[lock.ID] = open
		}
	})
}

// Panel returns the quick panel, building it on first use. Call it on the
// UI goroutine (or the main goroutine before the app runs).
func (t *Tray) Panel() *panel.Panel {
	if t.panel == nil {
		t.panel = panel.New(t.opts.App, t.ctrl.Click)
		t.panel.Update(t.frame.Panel)
	}
	return t.panel
}

// ShowPanel shows the quick panel (controller.Desktop: the menu's "Open
// quick panel").
func (t *Tray) ShowPanel() { t.ui(func() { t.Panel().Show() }) }

var _ controller.Desktop = (*Tray)(nil)
