//go:build (linux || freebsd || netbsd || openbsd) && !wasm && !test_web_driver && ((!x11 && !wayland) || x11)

package glfw

// This file is a patch of utec-tray (third_party/fyne.patch): see pace.go.

/*
#include <X11/Xlib.h>

static int fyneXConnectionFd(void *display) { return ConnectionNumber((Display *)display); }
static int fyneXQueued(void *display) { return XEventsQueued((Display *)display, QueuedAlready); }
*/
import "C"

import (
	"unsafe"

	"github.com/go-gl/glfw/v3.4/glfw"
	"golang.org/x/sys/unix"
)

// watchX11 returns a channel that receives when the X server has sent the
// app something, so that the run loop, resting, reads it at once; after
// reading (pollEvents) the loop calls read, and only then is the
// connection watched again (until then it stays readable and would wake us
// in a loop). queued reports whether Xlib holds events it already read
// from the connection (a call that waited for a reply reads the events
// before it), which the watch cannot see. ready is nil, and the functions
// no-ops, when GLFW does not run on X11.
func (d *gLDriver) watchX11() (ready <-chan struct{}, read func(), queued func() bool) {
	if glfw.GetPlatform() != glfw.PlatformX11 {
		return nil, func() {}, func() bool { return false }
	}
	display := unsafe.Pointer(glfw.GetX11Display())
	if display == nil {
		return nil, func() {}, func() bool { return false }
	}
	fd := int32(C.fyneXConnectionFd(display))
	readyC, ack := make(chan struct{}), make(chan struct{})
	go func() {
		fds := []unix.PollFd{{Fd: fd, Events: unix.POLLIN}}
		for {
			// A goroutine in a blocking poll holds one thread asleep: no
			// wake-ups until the server writes.
			if _, err := unix.Poll(fds, -1); err == unix.EINTR {
				continue
			} else if err != nil || fds[0].Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 {
				return // the connection closed: the app is ending
			}
			select {
			case readyC <- struct{}{}:
			case <-d.done:
				return
			}
			select {
			case <-ack:
			case <-d.done:
				return
			}
		}
	}()
	return readyC, func() { ack <- struct{}{} }, func() bool { return C.fyneXQueued(display) > 0 }
}
