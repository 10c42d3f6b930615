//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestShortcuts: with "Lock all" given Ctrl+Alt+L in the settings
// file, the keys pressed anywhere on the session's X server (xdotool, as
// a keyboard would) lock both unlocked doors in the cloud, as the menu's
// Lock all does; "Open quick panel" on Super+Shift+P maps the panel.
func TestShortcuts(t *testing.T) {
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Fatalf("xdotool is needed (scripts/deps.sh test installs it): %v", err)
	}
	e := newEnv(t)
	if err := os.WriteFile(filepath.Join(e.configDir, "settings.json"),
		[]byte(`{"shortcuts": {"lockAll": {"on": true, "keys": "Ctrl+Alt+L"}, "openPanel": {"on": true, "keys": "Super+Shift+P"}}, "remindUnlockedMinutes": 0}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	e.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	conn := sessionBus(t)
	startNotifier(t)
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `"Front Door: Unlocked…" and "Back Door: Unlocked…"`, func(root menuItem) bool {
		_, front := root.Find(startsWith("Front Door: Unlocked"))
		_, back := root.Find(startsWith("Back Door: Unlocked"))
		return front && back
	})
	// The grab is made just after the tray is built; the log says so.
	if !waitFor(10*time.Second, func() bool { return strings.Count(u.p.stderrText(), "a keyboard shortcut is held") == 2 }) {
		t.Fatalf("the app did not say it holds the shortcut; its stderr:\n%s", u.p.stderrText())
	}
	e.cloud.ResetRequests()
	if out, err := exec.Command("xdotool", "key", "ctrl+alt+l").CombinedOutput(); err != nil {
		t.Fatalf("xdotool key ctrl+alt+l: %v\n%s", err, out)
	}
	want := []string{utectest.FrontDoorID + " st.lock.lock", utectest.BackDoorID + " st.lock.lock"}
	if !waitFor(15*time.Second, func() bool {
		got := commands(e.cloud)
		return slices.Contains(got, want[0]) && slices.Contains(got, want[1])
	}) {
		t.Fatalf("Ctrl+Alt+L sent commands %q, want both doors locked; the app's stderr:\n%s", commands(e.cloud), u.p.stderrText())
	}
	if got := commands(e.cloud); len(got) != 2 {
		t.Errorf("commands %q, want one lock per door", got)
	}
	if strings.Contains(u.p.stderrText(), "shortcut is not held") {
		t.Errorf("the app said the shortcut was not held:\n%s", u.p.stderrText())
	}
	u.item(`"Front Door: Locked…"`, 15*time.Second, startsWith("Front Door: Locked"))
	u.item(`"Back Door: Locked…"`, 15*time.Second, startsWith("Back Door: Locked"))
	for _, id := range []string{utectest.FrontDoorID, utectest.BackDoorID} {
		if got := e.cloud.State(id)["st.lock/lockState"]; got != "locked" {
			t.Errorf("%s is %v in the cloud, want locked", id, got)
		}
	}

	if panelMapped(t) {
		t.Fatal("the quick panel shows before its shortcut")
	}
	if out, err := exec.Command("xdotool", "key", "super+shift+p").CombinedOutput(); err != nil {
		t.Fatalf("xdotool key super+shift+p: %v\n%s", err, out)
	}
	if !waitFor(10*time.Second, func() bool { return panelMapped(t) }) {
		t.Fatalf("Super+Shift+P did not open the quick panel; the app's stderr:\n%s", u.p.stderrText())
	}
	e.assertNoSecrets()
}
