//go:build !windows

package autostart

import (
	"errors"
	"io/fs"
	"os"

	"github.com/utec-tray/utec-tray/app/config"
)

// On Linux, the BSDs and macOS the entry is a file of the person's own:
// Path says where, entry what it holds.

func enable(exe string) error {
	path, err := Path()
	if err != nil {
		return err
	}
	return config.WriteFileAtomic(path, []byte(entry(exe)))
}

func disable() error {
	path, err := Path()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !ours(data) {
		return nil // the person's own entry
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
