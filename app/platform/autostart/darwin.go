//go:build darwin

package autostart

import (
	"os"
	"path/filepath"
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

func entry(exe string) string { return LaunchAgent(exe) }

// ours: the LaunchAgent's file name is the app's; whoever wrote it, it
// starts this app, and turning the switch off means to stop that.
func ours([]byte) bool { return true }
