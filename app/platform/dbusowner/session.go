//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package dbusowner

import (
	"os"
	"path/filepath"

	"github.com/godbus/dbus/v5"
)

// SessionBusAddress is DBUS_SESSION_BUS_ADDRESS, or the socket systemd
// puts in $XDG_RUNTIME_DIR; ok is false when there is neither. Unlike
// godbus's ConnectSessionBus it never starts dbus-launch: that would be a
// child process inheriting the app's environment, and a bus of its own
// that no tray or notification server is on.
func SessionBusAddress() (addr string, ok bool) {
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" {
		return addr, true
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		path := filepath.Join(dir, "bus")
		if st, err := os.Stat(path); err == nil && st.Mode().Type() == os.ModeSocket {
			return "unix:path=" + dbus.EscapeBusAddressValue(path), true
		}
	}
	return "", false
}
