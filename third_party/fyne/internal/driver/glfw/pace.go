package glfw

import (
	"runtime"
	"time"
)

// This file is a patch of utec-tray (third_party/fyne.patch); see fyne
// issue #2506.
//
// Upstream ticks the run loop at 60 Hz for as long as the app runs, which
// for an app that lives in the system tray with no window shown means 60
// wake-ups of the main thread a second, each waking the Go runtime's
// threads too, for nothing to draw. While no window is visible the loop
// rests instead: functions queued with fyne.Do (and so a window being
// shown) still run at once, as they arrive on funcQueue, and the first of
// them that makes a window visible brings back the 60 Hz tick. On X11 the
// connection to the server is watched (xwake_x11.go), so what the server
// sends while we rest (a paste elsewhere asking for the clipboard we own)
// is read at once. A slow tick of restInterval remains for what the watch
// cannot see: events Xlib already buffered, and Wayland, which is not
// watched.
//
// macOS keeps upstream behaviour: the status item lives in the Cocoa loop
// that glfw.PollEvents pumps, and this could not be tested there. Windows
// keeps it too: its hidden windows get broadcast messages (theme and
// session changes) from PollEvents, and that was not tested here either.
const idleWhenHidden = runtime.GOOS != "darwin" && runtime.GOOS != "windows"

// restInterval is the tick while no window is visible.
const restInterval = 5 * time.Second

// tickInterval is the run loop's tick: 60 Hz while a window is visible,
// restInterval while idle.
func tickInterval(idle bool) time.Duration {
	if idle {
		return restInterval
	}
	return time.Second / 60
}

// anyWindowVisible reports whether any of the app's windows is shown.
func (d *gLDriver) anyWindowVisible() bool {
	for _, w := range d.windows {
		if w.(*window).visible {
			return true
		}
	}
	return false
}
