//go:build (linux || freebsd || openbsd || netbsd) && !android

package systray

import (
	"fmt"
	"log/slog"
	"sync"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

// closedOnce makes the closed session bus connection a single log line:
// every later change of icon, tooltip or menu would repeat it.
var closedOnce sync.Once

// busClosed reports whether conn, the tray's session bus connection, has
// closed (godbus closes it when the bus goes away), and logs that once.
// The setters keep the new value in instance either way.
func busClosed(conn *dbus.Conn) bool {
	if conn == nil || conn.Connected() {
		return false
	}
	closedOnce.Do(func() {
		slog.Warn("systray: the session bus connection closed; the tray icon, tooltip and menu no longer update")
	})
	return true
}

// setIconPixmap stores the icon in the exported IconPixmap property and
// announces it. It wraps SetMust, which panics when the announcement
// fails (a closed connection: "dbus: connection closed by user"), because
// the non-panicking Set is the D-Bus method's path, which checks what a
// remote caller may write, and the icon never changed through it when
// tried. SetMust releases the properties' lock in its own defer, so
// recovering leaves them usable.
func setIconPixmap(props *prop.Properties, px []PX) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("set IconPixmap: %v", r)
		}
	}()
	props.SetMust("org.kde.StatusNotifierItem", "IconPixmap", px)
	return nil
}
