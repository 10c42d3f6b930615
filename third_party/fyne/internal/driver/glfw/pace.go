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
// them that makes a window visible brings back the 60 Hz tick.
//
// On X11 the connection to the server is watched (xwake_x11.go), so what
// the server sends while we rest (a click, a paste elsewhere asking for
// the clipboard we own) is read at once, and what Xlib read into its queue
// while a queued function talked to the server is read right after that
// function. Every way in is then covered and the loop does not tick at
// all while resting: it sleeps until something happens. Where the
// connection is not watched (Wayland) a slow tick of restInterval remains.
//
// A resting loop draws no frames, and the frames are what keep Fyne's
// render caches alive and their clock (cache.Clean) current: before a
// queued function runs at rest the clock is set, so that what it paints
// is not born expired, and when a window shows again the hidden windows'
// caches are marked alive, as every frame does upstream.
//
// macOS keeps upstream behaviour: the status item lives in the Cocoa loop
// that glfw.PollEvents pumps, and this could not be tested there. Windows
// keeps it too: its hidden windows get broadcast messages (theme and
// session changes) from PollEvents, and that was not tested here either.
const idleWhenHidden = runtime.GOOS != "darwin" && runtime.GOOS != "windows"

// restInterval is the tick while no window is visible and the display
// connection is not watched.
const restInterval = 5 * time.Second

// restPace is the run loop's tick: 60 Hz while a window is visible;
// while none is, stopped when the display connection is watched, else
// every restInterval.
type restPace struct {
	watched bool // the X connection is watched (xwake_x11.go)
	idle    bool // no window is visible: the loop rests
}

// paceChange is what restPace.set did.
type paceChange int

const (
	// awake: a window is visible, as before.
	awake paceChange = iota
	// resting: no window is visible, as before.
	resting
	// wokeUp: a window became visible; the tick is at 60 Hz again.
	wokeUp
	// wentToRest: the last visible window hid; the tick slowed or stopped.
	wentToRest
)

// set moves the tick to what idle asks and says what changed.
func (p *restPace) set(idle bool, tick *time.Ticker) paceChange {
	if idle == p.idle {
		if idle {
			return resting
		}
		return awake
	}
	p.idle = idle
	switch {
	case !idle:
		tick.Reset(time.Second / 60)
		return wokeUp
	case p.watched:
		tick.Stop()
	default:
		tick.Reset(restInterval)
	}
	return wentToRest
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

// keepHiddenCachesAlive marks the render caches of the hidden windows
// alive, as each frame does upstream: they were not marked while the loop
// rested, and the frames that follow would otherwise drop them.
func (d *gLDriver) keepHiddenCachesAlive() {
	for _, w := range d.windows {
		if win := w.(*window); !win.visible && !win.closing {
			win.markCacheAlive()
		}
	}
}
