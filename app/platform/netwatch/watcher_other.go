//go:build !linux

package netwatch

import "runtime"

// Watcher reports NotYet on this system: reading the Wi-Fi network needs
// the Location permission on Windows and macOS, which utec-tray does not
// ask for yet.
type Watcher struct {
	opts Options
}

// New returns a Watcher; Start tells OnChange it cannot watch here.
func New(opts Options) *Watcher {
	opts.defaults()
	return &Watcher{opts: opts}
}

// Start reports NotYet.
func (w *Watcher) Start() { w.opts.OnChange(w.Current()) }

// Current says the network is not watched on this system.
func (w *Watcher) Current() State {
	return State{Status: NotYet, Reason: "not yet available on " + runtime.GOOS}
}

// Close does nothing.
func (w *Watcher) Close() error { return nil }
