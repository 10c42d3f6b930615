//go:build wine

package wine

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// xdo runs xdotool on the test's X server.
func xdo(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", args...).Output()
	return string(out), err
}

type geometry struct{ x, y, w, h int }

func windowGeometry(id string) (geometry, error) {
	out, err := xdo("getwindowgeometry", "--shell", id)
	if err != nil {
		return geometry{}, fmt.Errorf("xdotool getwindowgeometry %s: %w", id, err)
	}
	v := map[string]int{}
	for _, line := range strings.Split(out, "\n") {
		k, val, ok := strings.Cut(line, "=")
		if n, err := strconv.Atoi(val); ok && err == nil {
			v[k] = n
		}
	}
	return geometry{v["X"], v["Y"], v["WIDTH"], v["HEIGHT"]}, nil
}

// visibleWindows lists the mapped windows of the exe.
func visibleWindows() []string {
	out, _ := xdo("search", "--onlyvisible", "--class", filepath.Base(exe))
	return strings.Fields(out)
}

// TestTray runs the tray app under Wine, where explorer.exe's own system
// tray (a "Wine System Tray" window on the X server) shows it: the icon
// must appear there, a right-click must open its menu, and the menu's last
// item, Quit, must end the app.
func TestTray(t *testing.T) {
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Fatal("xdotool is missing (scripts/deps.sh dist): it clicks the tray icon")
	}
	dir := t.TempDir()
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := wineCmd(ctx, wine, exe, "--demo")
	cmd.Stdout, cmd.Stderr = stdout, stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	output := func() string { b, _ := os.ReadFile(stdout.Name()); return string(b) }
	defer func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
			<-done
		}
	}()

	// The tray window appears when explorer.exe starts; the icon a little
	// later, when the app has registered it: right-click where the first
	// icon sits until a menu window appears.
	var menu string
	deadline := time.Now().Add(90 * time.Second)
	for menu == "" {
		select {
		case <-done:
			t.Fatalf("utec-tray.exe --demo ended before its menu opened:\n%s", output())
		default:
		}
		if time.Now().After(deadline) {
			tree, _ := exec.Command("xwininfo", "-root", "-tree").Output()
			t.Fatalf("no tray menu opened in 90 s of right-clicking the Wine System Tray; the windows:\n%s\nthe app's output:\n%s", tree, output())
		}
		time.Sleep(2 * time.Second)
		ids, err := xdo("search", "--name", "^Wine System Tray$")
		if err != nil || strings.TrimSpace(ids) == "" {
			continue
		}
		tray, err := windowGeometry(strings.Fields(ids)[0])
		if err != nil {
			continue
		}
		before := visibleWindows()
		if _, err := xdo("mousemove", strconv.Itoa(tray.x+10), strconv.Itoa(tray.y+tray.h/2), "click", "3"); err != nil {
			t.Fatalf("xdotool click: %v", err)
		}
		time.Sleep(time.Second)
		for _, id := range visibleWindows() {
			if !slices.Contains(before, id) {
				menu = id
			}
		}
		// The demo menu: a status line, five devices, three actions, Quit,
		// and separators: well over ten rows of text. A smaller one is the
		// menu from before the demo home loaded ("Connecting…"): close it
		// and open the menu again.
		if g, err := windowGeometry(menu); menu != "" && err == nil && (g.h < 150 || g.w < 100) && time.Now().Add(10*time.Second).Before(deadline) {
			t.Logf("the tray menu opened at %dx%d, before the home loaded; again", g.w, g.h)
			_, _ = xdo("key", "Escape")
			menu = ""
		}
	}
	g, err := windowGeometry(menu)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the tray menu opened: %dx%d at %d,%d", g.w, g.h, g.x, g.y)
	if g.h < 150 || g.w < 100 {
		t.Errorf("the menu window is %dx%d: too small for the demo's menu", g.w, g.h)
	}
	// Quit is the last row.
	if _, err := xdo("mousemove", strconv.Itoa(g.x+40), strconv.Itoa(g.y+g.h-12), "click", "1"); err != nil {
		t.Fatalf("xdotool click: %v", err)
	}
	select {
	case <-done:
		if code := cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("utec-tray.exe ended with exit code %d after Quit:\n%s", code, output())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("utec-tray.exe still runs 30 s after Quit was clicked:\n%s", output())
	}
}
