//go:build e2e

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// The guard end to end: the reminder's Lock button, locking
// before the computer sleeps, and on screen lock, with the built binary,
// a fake notification daemon and screensaver on the session bus, and a
// fake logind on a stand-in system bus.

const frontDoorLock = utectest.FrontDoorID + " st.lock.lock"

// lockSent reports whether the cloud received Lock for the front door.
func lockSent(e *env) bool { return slices.Contains(commands(e.cloud), frontDoorLock) }

// systemBus starts a stand-in system bus with a fake logind, and adds its
// address to the app's environment.
func systemBus(t *testing.T, e *env) *dbustest.Logind {
	t.Helper()
	bus, conn := dbustest.TestBus(t)
	logind, err := dbustest.StartLogind(conn)
	if err != nil {
		t.Fatal(err)
	}
	e.vars = append(e.vars, "DBUS_SYSTEM_BUS_ADDRESS="+bus.Address)
	return logind
}

// TestReminderLockButton: a door left unlocked gets a reminder with the
// buttons Lock and Later; pressing Lock locks it.
func TestReminderLockButton(t *testing.T) {
	e := newEnv(t)
	e.vars = append(e.vars, "UTEC_REMIND_AFTER=2s")
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	conn := sessionBus(t)
	daemon, err := dbustest.StartNotificationServer(sessionBus(t), dbustest.ServerWithActions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { daemon.Close() })
	u := startTray(t, e, conn)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	n, err := daemon.WaitFor(ctx, func(n dbustest.Notification) bool { return n.Summary == "Front Door still unlocked" })
	if err != nil {
		t.Fatalf("no reminder within 20 s: %v; the app's stderr:\n%s", err, u.p.stderrText())
	}
	if !strings.HasPrefix(n.Body, "for ") {
		t.Errorf("reminder body %q, want \"for …\"", n.Body)
	}
	if want := []string{"lock", "Lock", "snooze", "Later"}; !slices.Equal(n.Actions, want) {
		t.Errorf("reminder buttons %q, want %q", n.Actions, want)
	}
	if lockSent(e) {
		t.Fatal("the door was locked before the button was pressed")
	}
	// The fake records the notification before it answers the call: give
	// the app a moment to learn the notification's id, as a person's
	// reaction time does on a desktop.
	time.Sleep(300 * time.Millisecond)
	if err := daemon.EmitActionInvoked(n.ID, "lock"); err != nil {
		t.Fatal(err)
	}
	if !waitFor(10*time.Second, func() bool { return lockSent(e) }) {
		t.Fatalf("Lock did not reach the cloud within 10 s of the button; commands %q; the app's stderr:\n%s", commands(e.cloud), u.p.stderrText())
	}
	u.item(`"Front Door: Locked…"`, 15*time.Second, startsWith("Front Door: Locked"))
}

// TestNewsLockButton: "Back Door unlocked" by someone else has a Lock
// button; pressing it locks the back door.
func TestNewsLockButton(t *testing.T) {
	e := newEnv(t)
	conn := sessionBus(t)
	daemon, err := dbustest.StartNotificationServer(sessionBus(t), dbustest.ServerWithActions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { daemon.Close() })
	u := startTray(t, e, conn)
	u.item(`"Back Door: Locked…"`, 20*time.Second, startsWith("Back Door: Locked"))
	e.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now")))
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	n, err := daemon.WaitFor(ctx, func(n dbustest.Notification) bool { return n.Summary == "Back Door unlocked" })
	if err != nil {
		t.Fatalf("no news of the unlock within 20 s: %v; the app's stderr:\n%s", err, u.p.stderrText())
	}
	if want := []string{"lock", "Lock"}; !slices.Equal(n.Actions, want) {
		t.Errorf("buttons %q, want %q", n.Actions, want)
	}
	// The binary under test is not installed: no theme has its icon.
	if _, ok := n.Hints["image-data"]; !ok {
		t.Errorf("no image-data hint from an app not installed; hints %v", n.Hints)
	}
	backLock := utectest.BackDoorID + " st.lock.lock"
	// As in TestReminderLockButton: the app learns the id from the reply.
	time.Sleep(300 * time.Millisecond)
	if err := daemon.EmitActionInvoked(n.ID, "lock"); err != nil {
		t.Fatal(err)
	}
	if !waitFor(10*time.Second, func() bool { return slices.Contains(commands(e.cloud), backLock) }) {
		t.Fatalf("Lock did not reach the cloud within 10 s of the button; commands %q; the app's stderr:\n%s", commands(e.cloud), u.p.stderrText())
	}
	u.item(`"Back Door: Locked…"`, 15*time.Second, startsWith("Back Door: Locked"))
}

// TestLockOnSleep: with the front door chosen in the settings file, the
// app holds a delay inhibitor; going to sleep, Lock reaches the cloud
// before the inhibitor is released, and the wake takes a new one and
// reports the lock.
func TestLockOnSleep(t *testing.T) {
	e := newEnv(t)
	if err := os.WriteFile(filepath.Join(e.configDir, "settings.json"),
		[]byte(`{"lockOnSleep": ["`+utectest.FrontDoorID+`"], "remindUnlockedMinutes": 0}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	logind := systemBus(t, e)
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	conn := sessionBus(t)
	notes := startNotifier(t)
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `"Front Door unlocked"`, func(root menuItem) bool {
		_, ok := root.Find(startsWith("Front Door unlocked"))
		return ok
	})
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	first, err := logind.WaitInhibitors(ctx, 1)
	if err != nil {
		t.Fatalf("the app took no sleep inhibitor: %v; the app's stderr:\n%s", err, u.p.stderrText())
	}
	if first.What != "sleep" || first.Mode != "delay" || !first.Held() {
		t.Fatalf("inhibitor %+v, want a held sleep delay", first)
	}

	// The cloud takes half a second to answer, and the lock acts a second
	// after that: the sleep waits for the cloud's yes, and for no more.
	e.cloud.SetPathLatency("/action", 500*time.Millisecond)
	e.cloud.SetCommandDelay(time.Second)
	sleepAt := time.Now()
	if err := logind.EmitPrepareForSleep(true); err != nil {
		t.Fatal(err)
	}
	select {
	case <-first.Released():
	case <-time.After(10 * time.Second):
		t.Fatalf("the inhibitor was still held 10 s after PrepareForSleep; the app's stderr:\n%s", u.p.stderrText())
	}
	e.cloud.SetPathLatency("/action", 0)
	released := first.ReleasedAt()
	held := released.Sub(sleepAt)
	t.Logf("the sleep waited %v for the app", held.Round(time.Millisecond))
	var lockAt time.Time
	for _, r := range e.cloud.Requests() {
		if slices.Contains(r.Commands, frontDoorLock) {
			lockAt = r.Time
		}
	}
	switch {
	case lockAt.IsZero():
		t.Errorf("no Lock reached the cloud; commands %q; the app's stderr:\n%s", commands(e.cloud), u.p.stderrText())
	case !lockAt.Before(released):
		t.Errorf("the inhibitor was released %v before Lock reached the cloud", lockAt.Sub(released))
	}
	if held < 500*time.Millisecond || held > 4500*time.Millisecond {
		t.Errorf("the sleep waited %v, want the cloud's answer (500ms) and at most about 4 s", held)
	}

	// Woken: a new inhibitor, a poll, and the report.
	waitFor(5*time.Second, func() bool { return e.cloud.State(utectest.FrontDoorID)["st.lock/lockState"] == "locked" })
	if err := logind.EmitPrepareForSleep(false); err != nil {
		t.Fatal(err)
	}
	if _, err := logind.WaitInhibitors(ctx, 2); err != nil {
		t.Errorf("no new inhibitor after the wake: %v", err)
	}
	if _, ok := notes.waitFor(15*time.Second, func(n notification) bool { return n.Summary == "Locked Front Door before sleeping" }); !ok {
		t.Errorf("no report after the wake; notifications: %q; the app's stderr:\n%s", notes.summaries(), u.p.stderrText())
	}
	u.item(`"Front Door: Locked…"`, 10*time.Second, startsWith("Front Door: Locked"))
	if held := logind.Held(); len(held) != 1 {
		t.Errorf("%d inhibitors held after the wake, want 1", len(held))
	}
}

// TestLockOnScreenLock: UTEC_LOCK_ON_SCREEN_LOCK=1 locks every unlocked
// lock when the screensaver turns on (KDE's object path).
func TestLockOnScreenLock(t *testing.T) {
	e := newEnv(t)
	e.vars = append(e.vars, "UTEC_LOCK_ON_SCREEN_LOCK=1", "UTEC_REMIND_AFTER=1h")
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	saver, err := dbustest.StartScreenSaver(sessionBus(t), dbustest.FreedesktopScreenSaver)
	if err != nil {
		t.Fatal(err)
	}
	// A notification daemon of the test's own, so that the app's first
	// question about buttons does not start the session's real one, which
	// would keep the name from the tests that follow.
	startNotifier(t)
	conn := sessionBus(t)
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `"Front Door unlocked"`, func(root menuItem) bool {
		_, ok := root.Find(startsWith("Front Door unlocked"))
		return ok
	})
	// The screensaver turning off locks nothing.
	if err := saver.EmitActiveChanged("/ScreenSaver", false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if lockSent(e) {
		t.Fatal("Lock sent when the screen unlocked")
	}
	if err := saver.EmitActiveChanged("/ScreenSaver", true); err != nil {
		t.Fatal(err)
	}
	if !waitFor(10*time.Second, func() bool { return lockSent(e) }) {
		t.Fatalf("Lock did not reach the cloud within 10 s of the screen lock; the app's stderr:\n%s", u.p.stderrText())
	}
	u.item(`"Front Door: Locked…"`, 15*time.Second, startsWith("Front Door: Locked"))
}

// TestLightsFollowSleep: with only a light chosen to follow the house,
// the app still holds a sleep inhibitor; the light's Off reaches the
// cloud before it lets go, and the wake (no locked screen) turns it back
// on, the two in Recent activity. No lock is touched.
func TestLightsFollowSleep(t *testing.T) {
	e := newEnv(t)
	if err := os.WriteFile(filepath.Join(e.configDir, "settings.json"),
		[]byte(`{"lightsOffWhenAway": ["`+utectest.BulbID+`"], "lightsBackOn": ["`+utectest.BulbID+`"], "remindUnlockedMinutes": 0}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	logind := systemBus(t, e)
	conn := sessionBus(t)
	startNotifier(t)
	u := startTray(t, e, conn)
	u.item(`"Living Room Lamp: On…"`, 15*time.Second, startsWith("Living Room Lamp: On"))
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	first, err := logind.WaitInhibitors(ctx, 1)
	if err != nil {
		t.Fatalf("the app took no sleep inhibitor for the light: %v; the app's stderr:\n%s", err, u.p.stderrText())
	}
	e.cloud.ResetRequests()
	if err := logind.EmitPrepareForSleep(true); err != nil {
		t.Fatal(err)
	}
	select {
	case <-first.Released():
	case <-time.After(10 * time.Second):
		t.Fatalf("the inhibitor was still held 10 s after PrepareForSleep; the app's stderr:\n%s", u.p.stderrText())
	}
	off := utectest.BulbID + " st.switch.off"
	var offAt time.Time
	for _, r := range e.cloud.Requests() {
		for _, c := range r.Commands {
			if strings.EqualFold(c, off) {
				offAt = r.Time
			}
		}
	}
	if offAt.IsZero() || !offAt.Before(first.ReleasedAt()) {
		t.Fatalf("Off for the lamp at %v, inhibitor released at %v; commands %q", offAt, first.ReleasedAt(), commands(e.cloud))
	}
	for _, c := range commands(e.cloud) {
		if strings.Contains(c, "st.lock") {
			t.Errorf("a lock command with only a light chosen: %q", c)
		}
	}
	if !waitFor(5*time.Second, func() bool { return e.cloud.State(utectest.BulbID)["st.switch/switch"] == "off" }) {
		got := e.cloud.State(utectest.BulbID)["st.switch/switch"]
		t.Fatalf("the lamp is %v in the cloud after the sleep's Off", got)
	}
	if err := logind.EmitPrepareForSleep(false); err != nil {
		t.Fatal(err)
	}
	if !waitFor(15*time.Second, func() bool { return e.cloud.State(utectest.BulbID)["st.switch/switch"] == "on" }) {
		t.Fatalf("the lamp was not turned back on after the wake; commands %q; the app's stderr:\n%s", commands(e.cloud), u.p.stderrText())
	}
	u.item(`"Recent activity > …turned on (from this computer, you came back)"`, 10*time.Second, func(l string) bool {
		return strings.HasSuffix(l, "Living Room Lamp turned on (from this computer, you came back)")
	})
}
