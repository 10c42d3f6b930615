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

// TestNamesHostsShow: the binary of a plain go build (make build) says
// "utec-tray" where hosts show its name: the tray item's Title, and the
// WM_CLASS of its windows (here the quick panel's), not the app ID or a
// window's title.
func TestNamesHostsShow(t *testing.T) {
	for _, tool := range []string{"xdotool", "xprop"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to see the X server's windows: scripts/deps.sh test", tool)
		}
	}
	e := newEnv(t)
	conn := sessionBus(t)
	startNotifier(t)
	u := startTray(t, e, conn)
	u.item(`"Front Door: Locked…"`, 20*time.Second, startsWith("Front Door: Locked"))
	// The Title is set once the tray is ready, a moment after the item
	// appears (hosts hear of it by NewTitle).
	var title string
	var err error
	waitFor(5*time.Second, func() bool { title, err = dbustest.ReadTitle(conn, u.name); return title != "" })
	if err != nil || title != "utec-tray" {
		t.Errorf("the tray item's Title is %q (%v), want \"utec-tray\"", title, err)
	}

	if err := dbustest.Activate(conn, u.name, 1200, 10); err != nil {
		t.Fatalf("%v; the app's stderr:\n%s", err, u.p.stderrText())
	}
	if !waitFor(5*time.Second, func() bool { return panelMapped(t) }) {
		t.Fatalf("the quick panel did not map after Activate; the app's stderr:\n%s", u.p.stderrText())
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	ids, err := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^"+panelTitle+"$").Output()
	if err != nil {
		t.Fatalf("xdotool search: %v", err)
	}
	id := strings.Fields(string(ids))[0]
	class, err := exec.CommandContext(ctx, "xprop", "-id", id, "WM_CLASS").Output()
	if err != nil {
		t.Fatalf("xprop: %v", err)
	}
	if got, want := strings.TrimSpace(string(class)), `WM_CLASS(STRING) = "utec-tray", "utec-tray"`; got != want {
		t.Errorf("the quick panel's %s, want %s", got, want)
	}
}
