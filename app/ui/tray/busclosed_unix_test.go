//go:build linux && !android

package tray

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/assets"
	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// busClosedChild is the child of TestTraySurvivesTheBusClosing: systray
// and the app's in-place menu on the session bus; when told "gone" it
// waits for its connection to notice that the bus went, then changes the
// icon, the tooltip, the title and the menu (states and shape), and says
// "survived" if none of them panicked.
func busClosedChild() {
	start, _ := systray.RunWithExternalLoop(nil, nil)
	m := &inPlaceMenu{ui: func(f func()) { f() }}
	onClick := func(view.Action) {}
	m.show(doorMenu("locked", 1), onClick)
	start()
	systray.SetIcon(assets.IconLocked.PNG)
	// The shared session bus connection, which systray uses too; once the
	// bus has gone, SessionBus would dial a new one.
	conn, err := dbus.SessionBus()
	if err != nil {
		fmt.Println("no session bus:", err)
		os.Exit(3)
	}
	fmt.Println("ready")
	lines := bufio.NewScanner(os.Stdin)
	if !lines.Scan() || lines.Text() != "gone" {
		os.Exit(2)
	}
	deadline := time.Now().Add(10 * time.Second)
	for conn.Connected() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if conn.Connected() {
		fmt.Println("the connection outlived the bus")
		os.Exit(4)
	}
	for range 3 {
		systray.SetIcon(assets.IconUnlocked.PNG)
		systray.SetTooltip("Front door unlocked")
		systray.SetTitle("utec-tray")
		m.show(doorMenu("unlocked", 1), onClick)
		m.show(doorMenu("unlocked", 2), onClick)
	}
	fmt.Println("survived")
}

// TestTraySurvivesTheBusClosing kills the private session bus under a
// running tray item, as when a session's bus goes away before the app,
// then has the tray change everything it shows. SetIcon used to panic
// there ("dbus: connection closed by user" from prop.SetMust) and took
// the app down; now every setter logs the closed connection once and
// carries on. systray keeps global state for the life of a process, hence
// the child.
func TestTraySurvivesTheBusClosing(t *testing.T) {
	if os.Getenv("UTEC_TRAY_BUS_CLOSED_CHILD") != "" {
		busClosedChild()
		return
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	bus, conn := dbustest.TestBus(t)

	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestTraySurvivesTheBusClosing$")
	cmd.Env = append(os.Environ(), "UTEC_TRAY_BUS_CLOSED_CHILD=1", "DBUS_SESSION_BUS_ADDRESS="+bus.Address)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); _ = cmd.Process.Kill() })
	lines := bufio.NewScanner(stdout)
	var said []string
	expect := func(want string) bool {
		for lines.Scan() {
			said = append(said, lines.Text())
			if lines.Text() == want {
				return true
			}
		}
		return false
	}
	if !expect("ready") {
		t.Fatalf("the child ended before it was ready: %q\nstderr:\n%s", said, stderr.String())
	}
	if _, err := dbustest.FindTrayItemOf(ctx, conn, cmd.Process.Pid); err != nil {
		t.Fatal(err)
	}

	bus.Close()
	if _, err := io.WriteString(stdin, "gone\n"); err != nil {
		t.Fatal(err)
	}
	survived := expect("survived")
	stdin.Close()
	waitErr := cmd.Wait()
	if !survived || waitErr != nil {
		t.Fatalf("the tray did not survive the bus closing (%v); it said %q\nstderr:\n%s", waitErr, said, stderr.String())
	}
	t.Logf("child's stderr:\n%s", stderr.String())
	if n := strings.Count(stderr.String(), "session bus connection closed"); n != 1 {
		t.Errorf("the closed connection was logged %d times, want once\nstderr:\n%s", n, stderr.String())
	}
}
