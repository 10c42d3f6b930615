//go:build !((linux && !android) || freebsd || openbsd || netbsd || dragonfly)

package traywatch

// Watcher does nothing here: macOS and Windows always have a tray.
type Watcher struct{ ready chan struct{} }

// Start returns a Watcher that never calls Missing or Back.
func Start(Options) *Watcher {
	w := &Watcher{ready: make(chan struct{})}
	close(w.ready)
	return w
}

// Ready is closed at once.
func (w *Watcher) Ready() <-chan struct{} { return w.ready }

// Close does nothing.
func (w *Watcher) Close() error { return nil }
