//go:build !((linux || freebsd || netbsd || openbsd) && !wasm && !test_web_driver && ((!x11 && !wayland) || x11))

package glfw

// This file is a patch of utec-tray (third_party/fyne.patch): see pace.go.

// watchX11 has nothing to watch off X11: the resting loop reads events at
// its slow tick.
func (d *gLDriver) watchX11() (ready <-chan struct{}, read func(), queued func() bool) {
	return nil, func() {}, func() bool { return false }
}
