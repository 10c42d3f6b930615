//go:build !darwin && !windows

package autostart

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/utec-tray/utec-tray/app/config"
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

func enable(exe string) error {
	path, err := Path()
	if err != nil {
		return err
	}
	return config.WriteFileAtomic(path, []byte(DesktopEntry(exe)))
}

func disable() error {
	path, err := Path()
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
