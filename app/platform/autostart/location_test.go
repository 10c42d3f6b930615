package autostart

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A line break in the program's path stays inside the Exec value: it
// cannot add keys to the entry.
func TestDesktopEntryEscapesLineBreaks(t *testing.T) {
	t.Parallel()
	got := DesktopEntry("/opt/x\nTerminal=true\r\nExec=/bin/evil\t/utec-tray")
	if n, want := strings.Count(got, "\n"), strings.Count(DesktopEntry("/usr/bin/utec-tray"), "\n"); n != want {
		t.Errorf("the entry has %d lines, want %d:\n%s", n, want, got)
	}
	for _, line := range strings.Split(got, "\n") {
		if line == "Terminal=true" || strings.HasPrefix(line, "Exec=/bin/evil") || strings.Contains(line, "\r") {
			t.Errorf("the path added the line %q:\n%s", line, got)
		}
	}
	if !strings.Contains(got, `Exec="/opt/x\nTerminal=true\r\nExec=/bin/evil\t/utec-tray"`+"\n") {
		t.Errorf("Exec not escaped as the Desktop Entry Specification says:\n%s", got)
	}
}

// Start at login is refused for a program in a temporary folder: the
// entry would point at a file that goes with the next clean-up, or that
// another user can replace.
func TestSetRefusesTemporaryFolders(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("the XDG entry is for Linux and the BSDs")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	cache, _ := os.UserCacheDir()
	for _, exe := range []string{
		"/tmp/go-build1234/b001/exe/utec-tray",
		"/var/tmp/utec-tray",
		filepath.Join(os.TempDir(), "x", "utec-tray"),
		filepath.Join(cache, "go-build", "ab", "utec-tray"),
	} {
		err := Set(true, exe)
		if !errors.Is(err, ErrTemporaryLocation) || !strings.Contains(err.Error(), exe) {
			t.Errorf("Set(true, %q) = %v, want ErrTemporaryLocation naming it", exe, err)
		}
		if err := CheckLocation(exe); !errors.Is(err, ErrTemporaryLocation) {
			t.Errorf("CheckLocation(%q) = %v", exe, err)
		}
	}
	path, err := Path()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("an entry was written for a temporary program: %v", err)
	}
	for _, exe := range []string{"/usr/bin/utec-tray", "/home/jane/.local/bin/utec-tray", "/tmpfoo/utec-tray"} {
		if err := CheckLocation(exe); err != nil {
			t.Errorf("CheckLocation(%q) = %v, want nil", exe, err)
		}
	}
	if err := Set(false, "/tmp/utec-tray"); err != nil {
		t.Errorf("turning it off from a temporary folder: %v", err)
	}
}
