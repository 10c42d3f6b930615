// Package app is utec-tray's application, in three wings: the rules and
// the loop (packages directly under app/, none of which imports Fyne),
// the OS pieces (app/platform/...) and the Fyne faces (app/ui/...). It
// holds no code; this is the map.
//
// Each feature, with its rule (pure, table-tested), its loop file (where
// the controller's goroutine runs the rule) and its window:
//
//	feature          rule                          loop                              window
//	tray menu, icon  view/menu.go                  controller/controller.go (render) ui/tray/tray.go, ui/tray/fynemenu.go
//	                 (updated in place on Linux: ui/tray/inplacemenu_unix.go, third_party/systray)
//	quick panel      view/panel.go                 controller/clicks.go              ui/panel/panel.go
//	                 (at the icon: platform/popover Place; X11 or Windows moves it, ui/panel/place.go)
//	lock, switch     devices/action.go             controller/clicks.go              ui/tray/tray.go (questions), ui/widgets
//	lock modes, doors devices/modes.go (Ask)       controller/clicks.go (two steps)  view/menu.go (modes submenu), ui/panel
//	guest codes      codes/codes.go, utec/lockusers.go controller/codes.go          ui/codes/window.go; cli/codes.go
//	notifications    alerts/alerts.go              controller/controller.go (poll)   platform/notify, ui/tray/notifier.go
//	                 (buttons on the news: controller/alertactions.go)
//	guard the house  guard/reminders.go, sleep.go  controller/guard.go               ui/settingsui/guard.go, ui/wizard/guard.go
//	                 (watcher: platform/sessionwatch)
//	lights follow    guard/lights.go               controller/lights.go              ui/settingsui/lights.go
//	sign-in          session/signin, session/login controller/signin.go              ui/wizard/wizard.go, ui/settingsui (Account)
//	settings         config/config.go              controller/settings.go            ui/settingsui/settings.go
//	activity         history/history.go            controller/history.go             view/menu.go (Recent activity)
//	device states    poller/poller.go              poller (its own goroutine)        —
//	polling pace     pace/pace.go                  poller/pace.go (presence: platform/presence) ui/settingsui/pace.go (Checking)
//	frames           view/frame.go                 controller/controller.go (render) ui/tray/tray.go (Show)
//	command line     cli/cli.go, owncmd            controller/owncmd.go              the terminal
//	launcher actions cli/launcher.go, owncmd/panel.go controller/settings.go (OpenPanel) assets/*.desktop (Actions=)
//	left home        departure/departure.go        controller/departure.go           ui/settingsui/home.go; platform/netwatch
//	one instance     platform/instance             ui/tray/run.go (serveSecondStarts) —
//	no tray          platform/traywatch            controller/trayhost.go            ui/settingsui (opened instead)
//	demo             demo/demo.go, utec/utectest   demo (its own goroutine)          —
//	languages        i18n (T, Plural, Clock; files in i18n/translations) main.go (Load at start) every window
//	global shortcuts shortcuts/shortcuts.go (Plan) shortcuts/manager.go (its own goroutine) ui/settingsui/shortcuts.go
//	                 (grabs: platform/hotkey; fired into the controller: ui/tray/shortcuts.go)
//
// The controller (app/controller) alone owns the state; it builds one
// view.Frame per change and hands it down to the desktop (app/ui/tray),
// which never asks back. Windows send edits and clicks up.
package app
