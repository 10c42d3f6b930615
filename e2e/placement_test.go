//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// panelWindow is the quick panel's X11 window id and where the X server
// has it, as xdotool (an outside reader) sees it; ok is false while it
// is not mapped.
func panelWindow(t *testing.T) (id string, x, y, w, h int, ok bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^"+panelTitle+"$").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		return "", 0, 0, 0, 0, false
	}
	id = strings.Fields(string(out))[0]
	out, err = exec.CommandContext(ctx, "xdotool", "getwindowgeometry", "--shell", id).Output()
	if err != nil {
		t.Fatalf("xdotool getwindowgeometry: %v", err)
	}
	vals := map[string]int{}
	for _, line := range strings.Fields(string(out)) {
		if k, v, found := strings.Cut(line, "="); found {
			vals[k], _ = strconv.Atoi(v)
		}
	}
	return id, vals["X"], vals["Y"], vals["WIDTH"], vals["HEIGHT"], true
}

// gap is how far point (px, py) lies outside the rectangle, 0 inside.
func gap(px, py, x, y, w, h int) int {
	dx := max(x-px, 0, px-(x+w))
	dy := max(y-py, 0, py-(y+h))
	return max(dx, dy)
}

// TestQuickPanelAtItsIcon: Activate(x, y) near a screen edge, as a panel
// sends it, maps the quick panel within 48 px of the point, marked to
// stay out of the taskbar; the next click, elsewhere, moves it there.
// Xvfb runs without a window manager here, so the states are the
// app's own property, read with xprop.
func TestQuickPanelAtItsIcon(t *testing.T) {
	for _, tool := range []string{"xdotool", "xprop"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to read the X server's windows: scripts/deps.sh test", tool)
		}
	}
	e := newEnv(t)
	conn := sessionBus(t)
	startNotifier(t)
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `"Front Door: Locked…"`, func(root menuItem) bool { _, ok := root.Find(startsWith("Front Door: Locked")); return ok })

	// with-session.sh's screen is 1280x800; the first click is in a
	// bottom-right corner bar, the second in a top-left one.
	for i, click := range [][2]int32{{1250, 790}, {30, 8}} {
		if err := dbustest.Activate(conn, u.name, click[0], click[1]); err != nil {
			t.Fatalf("Activate: %v; the app's stderr:\n%s", err, u.p.stderrText())
		}
		var where string
		placed := waitFor(5*time.Second, func() bool {
			_, x, y, w, h, ok := panelWindow(t)
			where = fmt.Sprintf("mapped %v at %d,%d size %dx%d", ok, x, y, w, h)
			return ok && gap(int(click[0]), int(click[1]), x, y, w, h) <= 48
		})
		if !placed {
			t.Fatalf("click %d at %v: the panel is not within 48 px (%s); the app's stderr:\n%s", i+1, click, where, u.p.stderrText())
		}
		t.Logf("click %d at %v: %s", i+1, click, where)
		id, _, _, _, _, _ := panelWindow(t)
		out, err := exec.Command("xprop", "-id", id, "_NET_WM_STATE").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "_NET_WM_STATE_SKIP_TASKBAR") {
			t.Errorf("click %d: the panel's %s (%v), want _NET_WM_STATE_SKIP_TASKBAR", i+1, strings.TrimSpace(string(out)), err)
		}
		// The same click again hides it, for the next one to show it.
		if err := dbustest.Activate(conn, u.name, click[0], click[1]); err != nil {
			t.Fatal(err)
		}
		if !waitFor(5*time.Second, func() bool { return !panelMapped(t) }) {
			t.Fatalf("click %d again did not hide the panel", i+1)
		}
	}
}
