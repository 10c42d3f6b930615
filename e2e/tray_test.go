//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// trayUI is a panel's view of the running tray app.
type trayUI struct {
	t    *testing.T
	conn *dbus.Conn
	name string // the app's StatusNotifierItem bus name
	p    *proc
}

func is(label string) func(string) bool { return func(l string) bool { return l == label } }

func startsWith(prefix string) func(string) bool {
	return func(l string) bool { return strings.HasPrefix(l, prefix) }
}

// watch reads the menu every 10 ms, for at most d, until done returns true
// for it; it fails the test with the last menu read and the app's stderr
// when that does not happen.
func (u *trayUI) watch(desc string, d time.Duration, done func(root menuItem) bool) menuItem {
	u.t.Helper()
	var last menuItem
	var lastErr error
	deadline := time.Now().Add(d)
	for {
		root, err := layout(u.conn, u.name)
		if err == nil {
			last = root
			if done(root) {
				return root
			}
		}
		lastErr = err
		if u.p.exited() {
			r, _ := u.p.wait(0)
			u.t.Fatalf("the tray app exited while waiting for %s; last menu:\n%s\n%s", desc, last, r)
		}
		if time.Now().After(deadline) {
			u.t.Fatalf("no %s in the tray menu after %v (last error: %v); the menu:\n%s\nthe app's stderr, ending in a goroutine dump:\n%s",
				desc, d, lastErr, last, u.p.dump())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// item waits for an item whose label satisfies match and returns it.
func (u *trayUI) item(desc string, d time.Duration, match func(string) bool) menuItem {
	u.t.Helper()
	var item menuItem
	u.watch(desc, d, func(root menuItem) bool {
		var ok bool
		item, ok = root.Find(match)
		return ok
	})
	return item
}

// click clicks an item, found by label in a fresh read of the menu (ids
// change when the menu is rebuilt).
func (u *trayUI) click(desc string, item menuItem) {
	u.t.Helper()
	if !item.Enabled || !item.Visible {
		u.t.Fatalf("%s (%q) is disabled or hidden; the menu:\n%s", desc, item.Label, u.menu())
	}
	if err := click(u.conn, u.name, item.ID); err != nil {
		u.t.Fatalf("click %s (%q, id %d): %v; the app's stderr:\n%s", desc, item.Label, item.ID, err, u.p.stderrText())
	}
}

func (u *trayUI) menu() menuItem {
	root, _ := layout(u.conn, u.name)
	return root
}

// afterPoll waits for the tray app to query the cloud (more than queries
// times in all) and then for the menu to show what the answer says
// (match). A menu that misses it although the cloud answered is the
// start-up bug described in lostUpdate; the test goes on after reporting
// it, since the next change rebuilds the menu.
func (u *trayUI) afterPoll(e *env, queries int, desc string, match func(menuItem) bool) bool {
	u.t.Helper()
	if !waitFor(20*time.Second, func() bool { return e.cloud.Stats().Calls["Uhome.Device/Query"] > queries }) {
		u.t.Fatalf("the tray app did not poll the cloud within 20 s; the menu:\n%s\nthe app's stderr:\n%s", u.menu(), u.p.stderrText())
	}
	var root menuItem
	if waitFor(5*time.Second, func() bool { root = u.menu(); return match(root) }) {
		return true
	}
	u.t.Errorf(lostUpdate, desc, root)
	return false
}

// lostUpdate explains the failure afterPoll reports.
const lostUpdate = `BUG, menu update lost at start-up: the cloud answered the tray app's poll, but 5 s later the tray menu still does not show %s. It shows:
%s
Cause: fyne v2.8.1 internal/driver/glfw/driver_desktop.go, runSystray: the systray's onReady callback re-applies the FIRST menu given to SetSystemTrayMenu (the captured m) instead of the latest (d.systrayMenu), so a menu set between the two is overwritten; app/ui/tray's render() never re-applies it, since its model did not change (reflect.DeepEqual with c.last). The menu stays stale until the next change of state.`

// startTray signs in with the command line, then starts the tray app and
// finds its tray item.
func startTray(t *testing.T, e *env, conn *dbus.Conn) *trayUI {
	t.Helper()
	e.login()
	p := e.start(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	name, err := findTrayItemOf(ctx, conn, p.pid())
	if err != nil {
		r, _ := p.wait(0)
		t.Fatalf("the tray app registered no tray item: %v\n%s", err, r)
	}
	return &trayUI{t: t, conn: conn, name: name, p: p}
}

// TestTray drives the tray app as a person does, through the panel: it
// watches a change made elsewhere arrive (with a notification), locks a
// door from the menu, checks that a second start hands over to the first,
// and quits.
func TestTray(t *testing.T) {
	e := newEnv(t)
	// Debug logging: the most the app ever writes, for the secret scan at
	// the end.
	if err := os.WriteFile(filepath.Join(e.configDir, "settings.json"), []byte(`{"logLevel": "debug"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conn := sessionBus(t)
	notes := startNotifier(t) // before the app, as on a desktop
	u := startTray(t, e, conn)

	// Signed in from the keyring: the first poll fills the menu. The
	// sample home's locks are locked, its Garage Light offline.
	u.afterPoll(e, 0, `"Garage Light offline" and "Front Door: Locked…"`, func(root menuItem) bool {
		_, summary := root.Find(is("Garage Light offline"))
		_, door := root.Find(startsWith("Front Door: Locked"))
		return summary && door
	})

	// Someone unlocks the front door by hand; Refresh now shows it at once
	// and, as it was not this computer, a notification says so.
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now")))
	u.item(`the summary "Front Door unlocked · Garage Light offline"`, 10*time.Second, is("Front Door unlocked · Garage Light offline"))
	u.item(`"Front Door: Unlocked…"`, 5*time.Second, startsWith("Front Door: Unlocked"))
	if _, ok := notes.waitFor(10*time.Second, func(n notification) bool { return n.Summary == "Front Door unlocked" }); !ok {
		t.Errorf("no notification \"Front Door unlocked\"; notifications: %q\nthe app's stderr:\n%s", notes.summaries(), u.p.stderrText())
	}

	// Lock it from the menu: Front Door: … > Locked.
	e.cloud.ResetRequests()
	notesBefore := len(notes.all())
	door := u.item(`the "Front Door: …" submenu`, 5*time.Second, startsWith("Front Door: "))
	lock, ok := door.Find(is("Locked"))
	if !ok {
		t.Fatalf("no Locked in the %q submenu; the menu:\n%s", door.Label, u.menu())
	}
	clicked := time.Now()
	u.click(`Front Door > Lock`, lock)
	sawLocking := false
	u.watch(`"Front Door: Locked…" after the click on Lock`, 30*time.Second, func(root menuItem) bool {
		if _, ok := root.Find(is("Front Door: Locking…")); ok {
			sawLocking = true
		}
		_, ok := root.Find(startsWith("Front Door: Locked"))
		return ok
	})
	took := time.Since(clicked)
	if !sawLocking {
		// The app waits a second before it asks whether the bolt moved,
		// so "Locking…" shows for at least that long.
		t.Errorf(`the label never read "Front Door: Locking…" in the %v the lock took`, took.Round(time.Millisecond))
	}
	u.item(`the summary "Garage Light offline" after the lock`, 5*time.Second, is("Garage Light offline"))
	if got := commands(e.cloud); !slices.Equal(got, []string{utectest.FrontDoorID + " st.lock.lock"}) {
		t.Errorf("the cloud received commands %q, want exactly one st.lock.lock for the Front Door", got)
	}
	if got := e.cloud.Stats().Calls["Uhome.Device/Command"]; got != 1 {
		t.Errorf("the cloud received %d Uhome.Device/Command requests, want 1", got)
	}
	if got := e.cloud.State(utectest.FrontDoorID)["st.lock/lockState"]; got != "locked" {
		t.Errorf("the Front Door is %v in the cloud, want locked", got)
	}

	// Poll once more and give the app time to notify: a lock from this
	// computer is no news.
	queries := e.cloud.Stats().Calls["Uhome.Device/Query"]
	u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now")))
	if !waitFor(10*time.Second, func() bool { return e.cloud.Stats().Calls["Uhome.Device/Query"] > queries }) {
		t.Errorf("Refresh now sent no query to the cloud")
	}
	time.Sleep(time.Second)
	for _, n := range notes.all()[notesBefore:] {
		if strings.Contains(n.Summary, "Front Door") {
			t.Errorf("a notification about the lock clicked in the tray itself: %q %q", n.Summary, n.Body)
		}
	}

	// A second start hands over to the running app and exits.
	r := e.runWith(nil, 10*time.Second)
	expect(t, r, 0, "stderr", "already running")
	if r.took > 5*time.Second {
		t.Errorf("the second start took %v to exit", r.took)
	}
	if u.p.exited() {
		r, _ := u.p.wait(0)
		t.Fatalf("the tray app exited after the second start:\n%s", r)
	}

	// Quit.
	u.click(`"Quit utec-tray"`, u.item(`"Quit utec-tray"`, 5*time.Second, is("Quit utec-tray")))
	r, ok = u.p.wait(10 * time.Second)
	if !ok {
		t.Fatalf("the tray app did not exit within 10 s of Quit:\n%s", r)
	}
	expect(t, r, 0, "stderr")
	t.Logf("notifications: %q", notes.summaries())
	if testing.Verbose() {
		t.Logf("the tray app's stderr:\n%s", r.stderr)
	}
	e.assertNoSecrets()
}

// Without a display the tray app says so and exits, rather than panic deep
// in the graphics driver.
func TestTrayWithoutDisplay(t *testing.T) {
	e := newEnv(t)
	r := e.runWith(e.without("DISPLAY", "WAYLAND_DISPLAY"), 10*time.Second)
	expect(t, r, 1, "stderr", "no display")
}

// TestTrayStartMenu starts and quits the tray app several times, with and
// without the device cache of the previous run, each time after a change
// in the cloud, and checks that the menu shows the polled state. Start-up
// is when the menu changes fastest (cache, then first poll).
func TestTrayStartMenu(t *testing.T) {
	e := newEnv(t)
	conn := sessionBus(t)
	startNotifier(t)
	e.login()
	for i := range 6 {
		if i%2 == 0 {
			if err := os.Remove(filepath.Join(e.configDir, "devices-cache.json")); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		state, label := "off", "Coffee Maker: Off"
		if i%2 == 1 {
			state, label = "on", "Coffee Maker: On"
		}
		e.cloud.SetState(utectest.PlugID, "st.switch", "switch", state)
		queries := e.cloud.Stats().Calls["Uhome.Device/Query"]
		p := e.start(nil)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		name, err := findTrayItemOf(ctx, conn, p.pid())
		cancel()
		if err != nil {
			r, _ := p.wait(0)
			t.Fatalf("start %d: the tray app registered no tray item: %v\n%s", i+1, err, r)
		}
		u := &trayUI{t: t, conn: conn, name: name, p: p}
		u.afterPoll(e, queries, fmt.Sprintf("%q (start %d of 6, device cache: %v)", label, i+1, i%2 == 1), func(root menuItem) bool {
			_, ok := root.Find(startsWith(label))
			return ok
		})
		u.click(`"Quit utec-tray"`, u.item(`"Quit utec-tray"`, 5*time.Second, is("Quit utec-tray")))
		r, ok := p.wait(10 * time.Second)
		if !ok {
			t.Fatalf("start %d: the tray app did not exit within 10 s of Quit:\n%s", i+1, r)
		}
		expect(t, r, 0, "stderr")
	}
}
