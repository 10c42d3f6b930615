//go:build !darwin && !windows

package autostart

import (
	"bytes"
	"os"
	"path/filepath"
)

// Path is the XDG autostart entry: $XDG_CONFIG_HOME/autostart, or
// ~/.config/autostart.
func Path() (string, error) {
	base := os.Getenv("XDG_CONFIG_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "autostart", AppID+".desktop"), nil
}

func entry(exe string) string { return DesktopEntry(exe) }

func ours(data []byte) bool { return bytes.Contains(data, []byte(Managed)) }
