// Package opener opens a URL in the system browser, or a folder in the
// file manager, with the platform's own opener.
package opener

import (
	"fmt"
	"os/exec"
	"runtime"
)

// Open opens target (a URL or a folder) with the platform's opener. It
// returns once the opener has started, not when the page or folder showed.
func Open(target string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", target)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", target)
	default:
		cmd = exec.Command("xdg-open", target)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	go func() { _ = cmd.Wait() }() // reap it; its exit status says nothing about the page
	return nil
}
