// Package xvfbtest starts a private X server (Xvfb, no window manager)
// for a test, so that X11 code runs against a real server: grabs, key
// presses sent with xdotool (XTEST, as a keyboard would), windows.
package xvfbtest

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Start starts Xvfb for t and points $DISPLAY at it, as an X11 session
// (WAYLAND_DISPLAY cleared, XDG_SESSION_TYPE=x11); the server stops when
// t ends. tools are more programs the test needs (xdotool): a missing
// one, or Xvfb, fails the test with what installs it.
func Start(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range append([]string{"Xvfb"}, tools...) {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed (scripts/deps.sh test installs it): %v", tool, err)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// -displayfd: the server picks a free display and writes its number.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "800x600x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not give its display: %v", err)
	}
	t.Setenv("DISPLAY", ":"+strings.TrimSpace(line))
	t.Setenv("XAUTHORITY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("XDG_SESSION_TYPE", "x11")
}

// Press types keys with xdotool ("ctrl+alt+l"), one argument each.
func Press(t testing.TB, keys ...string) {
	t.Helper()
	out, err := exec.Command("xdotool", append([]string{"key"}, keys...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool key %v: %v\n%s", keys, err, out)
	}
}
