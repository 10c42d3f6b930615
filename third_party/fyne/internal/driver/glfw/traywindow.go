//go:build !wasm && !test_web_driver

package glfw

import (
	"github.com/go-gl/glfw/v3.4/glfw"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/internal/build"
)

// This file is a patch of utec-tray (third_party/fyne.patch).
//
// A tray app that shows a window on a click on its icon wants that window
// quick: upstream creates a window's native window and GL context on its
// first Show, which with Mesa's llvmpipe took 100 to 250 ms before the
// window could map. Upstream also creates, when the tray starts, a hidden
// "SystrayMonitor" window (a native window and a GL context of its own)
// that is never shown. When the app hands the driver its tray window
// (SetSystemTrayWindow) before the tray starts, that window is created
// then, hidden, in the monitor's place: the app pays for one hidden window
// as before, and the click maps one that is ready.
//
// The monitor's other task is to quit the app when it is asked to close,
// which happens to a window never shown only on macOS (and may on
// Windows); neither was tested here, so both keep the monitor
// (idleWhenHidden, pace.go), and the tray window keeps its own close
// intercept (Hide) everywhere.
const trayWindowMonitors = idleWhenHidden

// createsAhead reports whether the tray window is made ahead: not under a
// native Wayland compositor, which places a window itself (sway centres
// it) at the size it has when it first maps; made ahead at a placeholder's
// size, the panel grew after and sat off centre. There the monitor stays,
// as upstream has it, and the tray window is made on its first Show.
func createsAhead() bool { return glfw.GetPlatform() != glfw.PlatformWayland }

// createHidden creates w's native window and GL context now, hidden, as
// its first Show would, and puts it where that Show would (centred when
// asked), so that Show only maps it.
func (w *window) createHidden() {
	if w.created {
		return
	}
	w.created = true
	// Created before the app's OnStarted, where an app would set its
	// window class hints: upstream sets none, so GLFW would class the
	// window by its title ("utec-tray quick panel") and a taskbar would
	// find no desktop file for it. The app's name is the class here;
	// hints the app sets later win for later windows.
	if name := fyne.CurrentApp().Metadata().Name; name != "" {
		glfw.WindowHintString(glfw.X11ClassName, name)
		glfw.WindowHintString(glfw.X11InstanceName, name)
	}
	w.create()
	if w.view() == nil || build.IsWayland {
		return
	}
	if w.centered {
		w.doCenterOnScreen()
	}
	w.xpos, w.ypos = w.viewport.GetPos()
}
