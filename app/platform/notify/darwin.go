//go:build darwin

package notify

import "context"

func newPlatformBackend(context.Context, Options, func(signal)) backend { return osascriptBackend{} }

// osascriptBackend shows notifications with AppleScript's display
// notification, run by osascript without a shell: title and body are
// AppleScript string literals (osascriptArgs). Such notifications have no
// buttons the app could hear back from, so it offers no actions.
type osascriptBackend struct{}

func (osascriptBackend) deliver(ctx context.Context, n Notification, _ uint32, _ bool) (uint32, error) {
	if err := runHelper(ctx, "/usr/bin/osascript", osascriptArgs(n), nil); err != nil {
		return 0, err
	}
	return nextID(), nil
}

func (osascriptBackend) capabilities(context.Context) ([]string, error) { return []string{"body"}, nil }
func (osascriptBackend) close() error                                   { return nil }
