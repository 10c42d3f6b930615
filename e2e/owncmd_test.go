//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"
)

// firstLine is the tray menu's first line, the summary a glance reads.
func firstLine(root menuItem) string {
	if len(root.Children) == 0 {
		return ""
	}
	return root.Children[0].Label
}

// TestCLICommandCountsAsThisComputers: with the tray running, `utec-tray
// unlock "Front Door"` on the command line is this computer's doing. The
// tray shows the unlocked door within about a second of the command's
// end, long before its next poll (a minute away), and no notification
// says someone else unlocked it.
func TestCLICommandCountsAsThisComputers(t *testing.T) {
	e := newEnv(t)
	conn := sessionBus(t)
	notes := startNotifier(t)
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `the home, Front Door locked`, func(root menuItem) bool {
		_, door := root.Find(startsWith("Front Door: Locked"))
		return door
	})
	notesBefore := len(notes.all())

	r := e.run("unlock", "Front Door")
	expect(t, r, 0, "stdout", "unlocked")
	done := time.Now()
	shows := func(root menuItem) bool {
		l := strings.ToLower(firstLine(root))
		return strings.Contains(l, "front door") && strings.Contains(l, "unlocked")
	}
	u.watch("first line naming the unlocked Front Door", 5*time.Second, shows)
	took := time.Since(done)
	t.Logf("the tray showed the unlocked door %v after the command line finished", took.Round(time.Millisecond))
	if took > 1500*time.Millisecond {
		t.Errorf("the tray took %v to show the command line's unlock, want about a second at most", took.Round(time.Millisecond))
	}

	// The tray polls at once after the message; give that poll, and any
	// notification it would cause, time to arrive.
	queries := e.cloud.Stats().Calls["Uhome.Device/Query"]
	if !waitFor(10*time.Second, func() bool { return e.cloud.Stats().Calls["Uhome.Device/Query"] > queries }) {
		t.Errorf("the tray did not poll after the command line's message")
	}
	time.Sleep(time.Second)
	for _, n := range notes.all()[notesBefore:] {
		if strings.Contains(n.Summary+n.Body, "Front Door") {
			t.Errorf("a notification about the command line's own unlock: %q %q", n.Summary, n.Body)
		}
	}
	if root := u.menu(); !shows(root) {
		t.Errorf("after the poll the first line is %q", firstLine(root))
	}
}
