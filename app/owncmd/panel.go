package owncmd

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"time"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/instance"
)

// OpenPanel is the message that asks the running tray to open its quick
// panel (`utec-tray panel`, the launcher's "Open quick panel"). It is a
// bare word like the second start's "settings": it carries nothing to
// parse.
const OpenPanel = "panel"

// ErrTrayNotRunning is matched by AskPanel's error when no tray runs for
// the settings folder: nothing listens on its instance socket.
var ErrTrayNotRunning = errors.New("utec-tray is not running")

// AskPanel asks the tray running for the settings folder configDir to
// open its quick panel, and returns once the tray took the wish. The
// dial, the write and the wait for the answer take at most timeout each.
func AskPanel(configDir string, getenv func(string) string, timeout time.Duration) error {
	err := instance.Send(instance.Dir(configDir, getenv), TrayInstance, OpenPanel, timeout)
	if err == nil {
		return nil
	}
	if notListening(err) {
		return fmt.Errorf("%w: %w", ErrTrayNotRunning, err)
	}
	return fmt.Errorf("%s: %w", i18n.T("cli.askPanel", "ask the tray to open its quick panel"), err)
}

// notListening reports whether err says no one listens on the socket: no
// socket file (the tray never ran, or quit), or a stale one (it crashed).
func notListening(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.Errno(10061)) // WSAECONNREFUSED: Windows' refused connection
}
