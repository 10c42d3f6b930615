//go:build windows

package notify

import (
	"context"
	"os/exec"
	"syscall"
)

// createNoWindow keeps powershell.exe from flashing a console window.
const createNoWindow = 0x08000000

func newPlatformBackend(_ context.Context, opts Options, _ func(signal)) backend {
	return toastBackend{appID: opts.DesktopEntry}
}

// toastBackend shows toasts through PowerShell and the WinRT toast API.
// The script holds text only as single-quoted literals (toastScript) and
// travels base64-encoded, so no text from the cloud is ever code. Toasts
// from a script have no buttons the app could hear back from, so it
// offers no actions.
type toastBackend struct{ appID string }

func (t toastBackend) deliver(ctx context.Context, n Notification, _ uint32, _ bool) (uint32, error) {
	// No -ExecutionPolicy: it governs script files, and this is a command.
	args := []string{"-NoProfile", "-NonInteractive",
		"-EncodedCommand", encodePowerShell(toastScript(n, t.appID))}
	err := runHelper(ctx, "powershell.exe", args, func(cmd *exec.Cmd) {
		cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true, CreationFlags: createNoWindow}
	})
	if err != nil {
		return 0, err
	}
	return nextID(), nil
}

func (toastBackend) capabilities(context.Context) ([]string, error) { return []string{"body"}, nil }
func (toastBackend) close() error                                   { return nil }
