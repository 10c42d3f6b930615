//go:build darwin

package autostart

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/utec-tray/utec-tray/app/config"
)

// Path is the LaunchAgent: ~/Library/LaunchAgents/<app id>.plist. Not
// tested on a Mac here; the property list itself is unit-tested.
func Path() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, "Library", "LaunchAgents", AppID+".plist"), nil
}

func enable(exe string) error {
	path, err := Path()
	if err != nil {
		return err
	}
	return config.WriteFileAtomic(path, []byte(LaunchAgent(exe)))
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
