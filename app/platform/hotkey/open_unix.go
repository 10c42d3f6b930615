//go:build linux || freebsd || openbsd || netbsd

package hotkey

import (
	"context"
	"os"
)

// Open picks the way this desktop grabs keys: the GlobalShortcuts
// portal in a Wayland session (X11 grabs there reach only Xwayland's own
// windows), the X server otherwise.
func Open(ctx context.Context, opts Options) (Grabber, error) {
	if os.Getenv("XDG_SESSION_TYPE") == "wayland" || os.Getenv("WAYLAND_DISPLAY") != "" {
		return OpenPortal(ctx, opts)
	}
	if os.Getenv("DISPLAY") == "" {
		return nil, ErrUnavailable
	}
	return OpenX11(ctx, opts)
}
