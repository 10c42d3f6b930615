//go:build !linux

package sessionwatch

// Watcher does nothing on this system: locking on sleep or screen lock is
// not yet available on macOS and Windows.
type Watcher struct{}

// New returns a Watcher that never calls its handlers.
func New(Options) *Watcher { return &Watcher{} }

// Start does nothing.
func (w *Watcher) Start() {}

// Want does nothing.
func (w *Watcher) Want(sleep, screen bool) {}

// Availability says the options are not available here.
func (w *Watcher) Availability() Availability {
	return Availability{Known: true, Reason: ReasonNotYetOnThisOS}
}

// Close does nothing.
func (w *Watcher) Close() error { return nil }
