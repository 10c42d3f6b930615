//go:build (!linux && !freebsd && !openbsd && !netbsd && !dragonfly && !windows && !darwin) || android

package notify

import "context"

// newPlatformBackend, where the app has no way to notify (Android, js,
// Plan 9…): every delivery fails with ErrUnsupported.
func newPlatformBackend(context.Context, Options, func(signal)) backend { return unsupported{} }

type unsupported struct{}

func (unsupported) deliver(context.Context, Notification, uint32, bool) (uint32, error) {
	return 0, ErrUnsupported
}
func (unsupported) capabilities(context.Context) ([]string, error) { return nil, nil }
func (unsupported) close() error                                   { return nil }
