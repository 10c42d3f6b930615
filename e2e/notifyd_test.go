//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/godbus/dbus/v5"
)

// keepRealNotificationDaemonsAway stops the session bus from starting a
// real notification daemon (dunst, xfce4-notifyd, installed for make
// screenshots) when the tray notifies while no test runs the fake one. A
// daemon started so would keep org.freedesktop.Notifications to the end
// of the session, and every later test's fake daemon would fail to take
// it. The bus looks for services in $XDG_DATA_HOME first (the session's
// own folder), so a service file there that starts nothing wins over the
// system's; ReloadConfig makes the bus read it now.
func keepRealNotificationDaemonsAway() error {
	dataHome := os.Getenv("XDG_DATA_HOME")
	if dataHome == "" {
		return fmt.Errorf("XDG_DATA_HOME is not set: run under scripts/with-session.sh")
	}
	dir := filepath.Join(dataHome, "dbus-1", "services")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	file := "[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=/bin/false\n"
	if err := os.WriteFile(filepath.Join(dir, "org.freedesktop.Notifications.service"), []byte(file), 0o600); err != nil {
		return err
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.ReloadConfig", 0).Err
}
