//go:build e2e

package e2e

import (
	"context"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// The session's tray: a fake StatusNotifierWatcher for the whole run, as
// every desktop with a status tray has, so that the app sees a tray; a
// test without one takes it away (withoutTray).
var sessionTray struct {
	mu      sync.Mutex
	conn    *dbus.Conn
	watcher *dbustest.TrayWatcher
}

// startSessionTray starts the session's tray; the function returned
// stops it.
func startSessionTray() (stop func(), err error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, err
	}
	w, err := dbustest.StartTrayWatcher(conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	sessionTray.mu.Lock()
	sessionTray.conn, sessionTray.watcher = conn, w
	sessionTray.mu.Unlock()
	return func() { _ = w.Close(); conn.Close() }, nil
}

// withoutTray takes the session's tray away for the test; it returns
// when the tray is gone, and the tray is back after the test.
func withoutTray(t *testing.T) {
	t.Helper()
	sessionTray.mu.Lock()
	w := sessionTray.watcher
	sessionTray.mu.Unlock()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sessionTray.mu.Lock()
		defer sessionTray.mu.Unlock()
		again, err := dbustest.StartTrayWatcher(sessionTray.conn)
		if err != nil {
			t.Errorf("bring the session's tray back: %v", err)
			return
		}
		sessionTray.watcher = again
	})
}

// settingsMapped reports whether the Settings window is mapped.
func settingsMapped(t *testing.T) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^utec-tray Settings$").Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		return false
	}
	if err != nil {
		t.Fatalf("xdotool search: %v (install xdotool: scripts/deps.sh test)", err)
	}
	return strings.TrimSpace(string(out)) != ""
}

// TestNoTraySaysSo: on a desktop without a StatusNotifierItem tray (an
// XEmbed-only one such as tint2) the app says so once, naming the fix,
// opens its Settings window, and shows in a tray that starts later.
func TestNoTraySaysSo(t *testing.T) {
	withoutTray(t)
	e := newEnv(t)
	conn := sessionBus(t)
	notes := startNotifier(t)
	u := startTray(t, e, conn)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	n, err := notes.WaitFor(ctx, func(n dbustest.Notification) bool { return strings.Contains(n.Summary, "no tray icon") })
	if err != nil {
		t.Fatalf("no word of the missing tray within 30 s: %v; notifications %q; the app's stderr:\n%s", err, notes.summaries(), u.p.stderrText())
	}
	for _, fix := range []string{"snixembed", "xembed-sni-proxy"} {
		if !strings.Contains(n.Body, fix) || !strings.Contains(u.p.stderrText(), fix) {
			t.Errorf("the notification or the log does not name %s: %q", fix, n.Body)
		}
	}
	if !waitFor(10*time.Second, func() bool { return settingsMapped(t) }) {
		t.Errorf("the Settings window did not open; the app's stderr:\n%s", u.p.stderrText())
	}

	// A tray starts: the app's item registers with it.
	tray, err := dbustest.StartTrayWatcher(sessionBus(t))
	if err != nil {
		t.Fatal(err)
	}
	defer tray.Close()
	var owner string
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, u.name).Store(&owner); err != nil {
		t.Fatal(err)
	}
	if err := tray.WaitRegistered(ctx, owner); err != nil {
		t.Fatalf("%v; the app's stderr:\n%s", err, u.p.stderrText())
	}
	if !waitFor(10*time.Second, func() bool { return strings.Contains(u.p.stderrText(), "a system tray appeared") }) {
		t.Errorf("the log does not say the tray appeared; the app's stderr:\n%s", u.p.stderrText())
	}
	for _, x := range notes.all() {
		if x.ID != n.ID && strings.Contains(x.Summary, "no tray icon") {
			t.Errorf("said twice: %q", x.Summary)
		}
	}
}
