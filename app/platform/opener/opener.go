// Package opener opens a URL in the system browser, or a folder in the
// file manager, with the platform's own opener.
package opener

import (
	"fmt"
	"os/exec"
	"runtime"

	"github.com/utec-tray/utec-tray/app/platform/childenv"
)

// Open opens target (a URL or a folder) with the platform's opener. It
// returns once the opener has started, not when the page or folder showed.
//
// The opener gets the environment without the app's UTEC_* variables: it
// passes its environment on to the browser, and UTEC_CLIENT_SECRET has no
// business there.
func Open(target string) error {
	name, args := platformCommand()
	return OpenWith(target, name, args...)
}

// platformCommand is the opener program of this platform and its
// arguments before the target.
func platformCommand() (string, []string) {
	switch runtime.GOOS {
	case "darwin":
		return "open", nil
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler"}
	}
	return "xdg-open", nil
}

// OpenWith opens target by running name with args and target as its last
// argument, as Open does with the platform's opener; tests and unusual
// desktops pass their own program.
func OpenWith(target, name string, args ...string) error {
	cmd := exec.Command(name, append(args, target)...)
	cmd.Env = childenv.Environ()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	go func() { _ = cmd.Wait() }() // reap it; its exit status says nothing about the page
	return nil
}
