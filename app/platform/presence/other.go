//go:build !linux && !freebsd && !openbsd && !netbsd && !windows

package presence

// platformSources is empty here (macOS among others): the person always
// counts as present. macOS's idle time (CGEventSourceSecondsSinceLastEventType)
// needs cgo, which this package does not use.
func platformSources(Options) []source { return nil }
