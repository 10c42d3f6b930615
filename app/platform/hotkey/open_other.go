//go:build !linux && !freebsd && !openbsd && !netbsd && !windows

package hotkey

import "context"

// Open says global shortcuts are not done on this system yet (macOS
// would need the Carbon RegisterEventHotKey or an event tap, with the
// Accessibility permission).
func Open(context.Context, Options) (Grabber, error) { return nil, ErrUnavailable }
