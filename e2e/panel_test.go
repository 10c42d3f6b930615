//go:build e2e

package e2e

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// panelTitle is app/ui/panel.Title (the e2e tests drive the binary and
// import none of its packages).
const panelTitle = "utec-tray quick panel"

// panelMapped reports whether the quick panel's window is mapped on the X
// server, asking xdotool as a window manager would see it.
func panelMapped(t *testing.T) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^"+panelTitle+"$").Output()
	if err != nil {
		// xdotool exits 1 when no window matches.
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
			return false
		}
		t.Fatalf("xdotool search: %v (install xdotool: scripts/deps.sh test)", err)
	}
	return strings.TrimSpace(string(out)) != ""
}

// TestQuickPanelOnActivate: a left click on the tray icon (what a panel
// sends as StatusNotifierItem.Activate) maps the quick panel, a second
// hides it, and the menu (the right click) still works; on a tray that
// cannot tell the clicks apart the menu's "Open quick panel" opens it.
func TestQuickPanelOnActivate(t *testing.T) {
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Fatal("xdotool is needed to see the X server's windows: scripts/deps.sh test")
	}
	e := newEnv(t)
	// GNOME's tray opens the menu on a left click: the menu then offers
	// the panel too.
	e.vars = append(e.without("XDG_CURRENT_DESKTOP"), "XDG_CURRENT_DESKTOP=ubuntu:GNOME")
	conn := sessionBus(t)
	// Our notification daemon, before the app: without one the bus would
	// start the machine's, which then holds the name for later tests.
	startNotifier(t)
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `"Front Door: Locked…"`, func(root menuItem) bool { _, ok := root.Find(startsWith("Front Door: Locked")); return ok })

	if isMenu, err := dbustest.ItemIsMenu(conn, u.name); err != nil || isMenu {
		t.Errorf("ItemIsMenu = %v (%v): a panel would open the menu on a left click instead of calling Activate", isMenu, err)
	}
	if panelMapped(t) {
		t.Fatal("the quick panel is showing before any click")
	}
	activate := func() {
		t.Helper()
		if err := dbustest.Activate(conn, u.name, 1200, 10); err != nil {
			t.Fatalf("%v; the app's stderr:\n%s", err, u.p.stderrText())
		}
	}
	clicked := time.Now()
	activate()
	if !waitFor(5*time.Second, func() bool { return panelMapped(t) }) {
		t.Fatalf("the quick panel did not map after Activate; the app's stderr:\n%s", u.p.stderrText())
	}
	t.Logf("the panel mapped %v after Activate (polling xdotool every 10 ms)", time.Since(clicked).Round(time.Millisecond))
	activate()
	if !waitFor(5*time.Second, func() bool { return !panelMapped(t) }) {
		t.Fatalf("a second Activate did not hide the quick panel; the app's stderr:\n%s", u.p.stderrText())
	}

	// The menu is still the menu: Open quick panel and Lock act.
	u.click(`"Open quick panel"`, u.item(`"Open quick panel"`, 5*time.Second, is("Open quick panel")))
	if !waitFor(5*time.Second, func() bool { return panelMapped(t) }) {
		t.Fatalf("the menu's Open quick panel did not map the panel; the menu:\n%s", u.menu())
	}
	e.cloud.ResetRequests()
	door := u.item(`the "Front Door: …" submenu`, 5*time.Second, startsWith("Front Door: "))
	lock, ok := door.Find(is("Locked"))
	if !ok {
		t.Fatalf("no Locked in the %q submenu; the menu:\n%s", door.Label, u.menu())
	}
	u.click("Front Door > Locked", lock)
	if !waitFor(10*time.Second, func() bool { return e.cloud.Stats().Calls["Uhome.Device/Command"] == 1 }) {
		t.Errorf("the menu's Lock sent %d commands, want 1", e.cloud.Stats().Calls["Uhome.Device/Command"])
	}
	u.item(`"Front Door: Locked…" after the Lock`, 30*time.Second, startsWith("Front Door: Locked"))
	if !panelMapped(t) {
		t.Error("the quick panel closed while the menu was used, though nothing took the focus")
	}
}

// TestPanelCommand: the launcher's "Open quick panel" (`utec-tray panel`)
// maps the running tray's quick panel through the instance socket; once
// the tray has quit, the command says it is not running.
func TestPanelCommand(t *testing.T) {
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Fatal("xdotool is needed to see the X server's windows: scripts/deps.sh test")
	}
	e := newEnv(t)
	conn := sessionBus(t)
	startNotifier(t)
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `"Front Door: Locked…"`, func(root menuItem) bool { _, ok := root.Find(startsWith("Front Door: Locked")); return ok })
	if panelMapped(t) {
		t.Fatal("the quick panel is showing before the command")
	}
	asked := time.Now()
	r := e.run("panel")
	expect(t, r, 0, "stderr", "quick panel is open")
	if !waitFor(5*time.Second, func() bool { return panelMapped(t) }) {
		t.Fatalf("utec-tray panel did not map the quick panel; the app's stderr:\n%s", u.p.stderrText())
	}
	t.Logf("the panel mapped %v after the command started (polling xdotool every 10 ms)", time.Since(asked).Round(time.Millisecond))

	u.click(`"Quit utec-tray"`, u.item(`"Quit utec-tray"`, 5*time.Second, is("Quit utec-tray")))
	if r, ok := u.p.wait(10 * time.Second); !ok {
		t.Fatalf("the tray app did not exit within 10 s of Quit:\n%s", r)
	}
	r = e.run("panel")
	expect(t, r, 1, "stderr", "the tray is not running")
}
