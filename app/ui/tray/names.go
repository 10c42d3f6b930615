package tray

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// AppName is what hosts show for the app: the tray item's Title (Plasma's
// tray settings, some docks) and the windows' X11 WM_CLASS (taskbars,
// window rules), as in the desktop file's Name and StartupWMClass.
const AppName = "utec-tray"

// nameTheApp gives Fyne the app's name where the build did not. Only
// `fyne package` writes the metadata; in a plain `go build` (make build,
// the e2e binary) it is empty, and Fyne's tray then takes the app ID as
// its Title. Call it before Run: the tray reads the name when it starts.
func nameTheApp(a fyne.App) {
	if m, changed := withName(a.Metadata()); changed {
		app.SetMetadata(m)
	}
}

// withName is m with AppName and AppID filled in where empty, and whether
// anything changed; what a packaged build set stays.
func withName(m fyne.AppMetadata) (fyne.AppMetadata, bool) {
	if m.Name != "" && m.ID != "" {
		return m, false
	}
	if m.Name == "" {
		m.Name = AppName
	}
	if m.ID == "" {
		m.ID = AppID
	}
	return m, true
}

// classTheWindows makes every window Fyne creates from now on carry
// WM_CLASS "utec-tray" on X11. Fyne v2.8.1 sets no class, and GLFW then
// uses the window's title ("utec-tray settings"), so a taskbar groups
// each window apart and finds no desktop file for it. GLFW keeps window
// hints until reset, and Fyne never resets them. It must run on the main
// goroutine after GLFW started (the app's OnStarted); other systems and
// Wayland (which gets the app ID) ignore the hints.
func classTheWindows() {
	glfw.WindowHintString(glfw.X11ClassName, AppName)
	glfw.WindowHintString(glfw.X11InstanceName, AppName)
}
