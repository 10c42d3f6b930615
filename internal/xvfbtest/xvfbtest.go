// Package xvfbtest starts a private X server (Xvfb, no window manager)
// for a test, so that X11 code runs against a real server: grabs, key
// presses sent with xdotool (XTEST, as a keyboard would), windows.
package xvfbtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jezek/xgb"
)

// Start starts Xvfb for t and points $DISPLAY at it, as an X11 session
// (WAYLAND_DISPLAY cleared, XDG_SESSION_TYPE=x11); the server stops when
// t ends. tools are more programs the test needs (xdotool): a missing
// one, or Xvfb, fails the test with what installs it.
func Start(t testing.TB, tools ...string) { StartScreen(t, "800x600x24", tools...) }

// StartScreen is Start with a screen of the given size ("1280x800x24").
func StartScreen(t testing.TB, screen string, tools ...string) {
	t.Helper()
	display := New(t, screen, tools...)
	t.Setenv("DISPLAY", display)
	t.Setenv("XAUTHORITY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("XDG_SESSION_TYPE", "x11")
}

// New starts Xvfb with a screen of the given size for t and returns its
// display, leaving the environment alone (for parallel tests, which
// cannot set it). The server stops when t ends.
func New(t testing.TB, screen string, tools ...string) string {
	t.Helper()
	for _, tool := range append([]string{"Xvfb"}, tools...) {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed (scripts/deps.sh test installs it): %v", tool, err)
		}
	}
	// A server that does not answer (one that could not take the display
	// it picked, as another started at the same moment) is replaced.
	var err error
	for range 3 {
		var display string
		if display, err = start(t, screen); err != nil {
			continue
		}
		if err = answers(display); err == nil {
			return display
		}
	}
	t.Fatalf("no Xvfb answered: %v", err)
	return ""
}

// start starts one Xvfb, stopped when t ends, and returns its display
// once it listens.
func start(t testing.TB, screen string) (string, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", err
	}
	defer r.Close()
	// -displayfd: the server picks a free display and writes its number
	// once it listens. -noreset: without it the server resets when its
	// last client leaves, and drops the clients that connect meanwhile
	// ("connection reset by peer"): a test that lets go of its grabs and
	// then connects again would meet that.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-noreset", "-screen", "0", screen, "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		w.Close()
		return "", err
	}
	w.Close()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("the X server (Xvfb) did not give its display: %w", err)
	}
	return ":" + strings.TrimSpace(line), nil
}

// answers connects to display once.
func answers(display string) error {
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		return fmt.Errorf("the X server (Xvfb) on %s: %w", display, err)
	}
	c.Close()
	return nil
}

// Press types keys with xdotool ("ctrl+alt+l"), one argument each.
func Press(t testing.TB, keys ...string) {
	t.Helper()
	out, err := exec.Command("xdotool", append([]string{"key"}, keys...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool key %v: %v\n%s", keys, err, out)
	}
}
