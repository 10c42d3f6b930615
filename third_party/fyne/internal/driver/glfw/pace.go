package glfw

import (
	"runtime"
	"time"
)

// This file is a patch of utec-tray (third_party/fyne.patch); see fyne
// issue #2506.
//
// Upstream ticks the run loop at 60 Hz for as long as the app runs, which
// for an app that lives in the system tray with no window shown means ~60
// wake-ups of the main thread a second (and several hundred context
// switches with the Go runtime's threads) for nothing to draw. While no
// window is visible the loop ticks at restInterval instead: functions
// queued with fyne.Do (and so a window being shown) still run at once, as
// they arrive on funcQueue, and the first of them that makes a window
// visible brings back the 60 Hz tick. The slow tick, rather than none,
// keeps GLFW's event queue read while hidden: on X11 the clipboard the app
// owns is served from it, and a paste elsewhere would hang without it.
//
// macOS keeps upstream behaviour: the status item lives in the Cocoa loop
// that glfw.PollEvents pumps, and this could not be tested there. Windows
// keeps it too: its hidden windows get broadcast messages (theme and
// session changes) from PollEvents, and that was not tested here either.
const idleWhenHidden = runtime.GOOS != "darwin" && runtime.GOOS != "windows"

// restInterval is the tick while no window is visible.
const restInterval = time.Second

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
