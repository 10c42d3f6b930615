//go:build e2e

package e2e

// The D-Bus side of a desktop, as the tray test needs it, on top of
// internal/dbustest: a fake notification daemon and a panel's view of the app's
// tray menu.

import (
	"context"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// sessionBus is a private connection to the session bus.
func sessionBus(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("connect to the session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

type (
	menuItem     = dbustest.MenuItem
	notification = dbustest.Notification
)

// notifier is the fake notification daemon, with the conveniences the
// tests use.
type notifier struct{ *dbustest.NotificationServer }

// startNotifier takes the notification daemon's name on the session bus,
// on a connection of its own.
func startNotifier(t *testing.T) *notifier {
	t.Helper()
	s, err := dbustest.StartNotificationServer(sessionBus(t))
	if err != nil {
		t.Fatal(err)
	}
	return &notifier{s}
}

func (n *notifier) all() []notification { return n.Notifications() }

// summaries lists the notifications' titles, for failure messages.
func (n *notifier) summaries() []string {
	var out []string
	for _, x := range n.Notifications() {
		out = append(out, x.Summary)
	}
	return out
}

// waitFor waits up to d for a notification that satisfies match, counting
// those that came before the call.
func (n *notifier) waitFor(d time.Duration, match func(notification) bool) (notification, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	got, err := n.WaitFor(ctx, match)
	return got, err == nil
}

func findTrayItemOf(ctx context.Context, conn *dbus.Conn, pid int) (string, error) {
	return dbustest.FindTrayItemOf(ctx, conn, pid)
}

func layout(conn *dbus.Conn, busName string) (menuItem, error) { return dbustest.Layout(conn, busName) }

func click(conn *dbus.Conn, busName string, id int32) error { return dbustest.Click(conn, busName, id) }
