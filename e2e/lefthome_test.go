//go:build e2e

package e2e

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestLeftHomeOffer: the built binary on a stand-in system bus where
// python3-dbusmock plays NetworkManager, with the home Wi-Fi marked in
// the settings file and the front door unlocked. Leaving the Wi-Fi gives,
// after UTEC_LEFT_HOME_AFTER, one notification with Lock and Ignore, and
// nothing is locked until Lock is pressed; then the door locks in the
// fake cloud.
func TestLeftHomeOffer(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	system, sysConn := dbustest.TestBus(t)
	nm, err := dbustest.StartNetworkManager(ctx, system, sysConn)
	if errors.Is(err, dbustest.ErrNoDBusMock) && os.Getenv("CI") == "" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nm.Close)
	home, err := nm.Join(ctx, "Home", "AA:BB:CC:00:11:22")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.configDir, "settings.json"),
		[]byte(`{"homeNetworks": [{"uuid": "`+home.UUID+`"}], "remindUnlockedMinutes": 0}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.vars = append(e.vars, "DBUS_SYSTEM_BUS_ADDRESS="+system.Address, "UTEC_LEFT_HOME_AFTER=2s")
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	conn := sessionBus(t)
	daemon, err := dbustest.StartNotificationServer(sessionBus(t), dbustest.ServerWithActions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { daemon.Close() })
	u := startTray(t, e, conn)
	u.item(`"Front Door: Unlocked…"`, 20*time.Second, startsWith("Front Door: Unlocked"))

	// At home for longer than the delay: nothing.
	time.Sleep(3 * time.Second)
	if got := daemon.Notifications(); slices.ContainsFunc(got, func(n dbustest.Notification) bool { return n.Summary == "You left home Wi-Fi" }) {
		t.Fatalf("offered at home; the app's stderr:\n%s", u.p.stderrText())
	}
	if err := nm.Leave(ctx, home); err != nil {
		t.Fatal(err)
	}
	waitCtx, waitCancel := context.WithTimeout(ctx, 20*time.Second)
	defer waitCancel()
	n, err := daemon.WaitFor(waitCtx, func(n dbustest.Notification) bool { return n.Summary == "You left home Wi-Fi" })
	if err != nil {
		t.Fatalf("no offer within 20 s of leaving: %v; the app's stderr:\n%s", err, u.p.stderrText())
	}
	if n.Body != "Front Door is unlocked" {
		t.Errorf("body %q", n.Body)
	}
	if want := []string{"lock", "Lock", "ignore", "Ignore"}; !slices.Equal(n.Actions, want) {
		t.Errorf("buttons %q, want %q", n.Actions, want)
	}
	if lockSent(e) {
		t.Fatal("the door was locked before the button was pressed")
	}
	// As in TestReminderLockButton: the app learns the id from the reply.
	time.Sleep(300 * time.Millisecond)
	if err := daemon.EmitActionInvoked(n.ID, "lock"); err != nil {
		t.Fatal(err)
	}
	if !waitFor(10*time.Second, func() bool { return lockSent(e) }) {
		t.Fatalf("Lock did not reach the cloud within 10 s of the button; commands %q; the app's stderr:\n%s", commands(e.cloud), u.p.stderrText())
	}
	u.item(`"Front Door: Locked…"`, 15*time.Second, startsWith("Front Door: Locked"))
}
