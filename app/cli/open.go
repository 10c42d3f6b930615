package cli

import (
	"fmt"
	"os/exec"
	"runtime"
)

// OpenBrowser opens url in the system browser with the platform's opener.
// It returns once the opener has started, not when the page loaded.
func OpenBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	go func() { _ = cmd.Wait() }() // reap it; its exit status says nothing about the page
	return nil
}
