//go:build e2e

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDemoShowsWhatTheAppIsFor starts `utec-tray --demo` as a newcomer
// does and watches, as they would, for the first minute: the tray must
// change by itself (someone comes in through the back door) and a
// notification must say the back door was unlocked.
func TestDemoShowsWhatTheAppIsFor(t *testing.T) {
	e := newEnv(t)
	conn := sessionBus(t)
	notes := startNotifier(t)
	// The demo needs none of the settings the other tests point at the
	// fake cloud: it brings its own.
	p := e.start(e.without("UTEC_CLIENT_ID", "UTEC_CLIENT_SECRET", "UTEC_OAUTH_URL", "UTEC_API_URL", "UTEC_REDIRECT_PORT"), "--demo")
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	name, err := findTrayItemOf(ctx, conn, p.pid())
	if err != nil {
		r, _ := p.wait(0)
		t.Fatalf("the demo registered no tray item: %v\n%s", err, r)
	}
	u := &trayUI{t: t, conn: conn, name: name, p: p}

	// Signed in to the demo home: the devices show.
	var first string
	u.watch(`"Back Door" item (the demo home)`, 20*time.Second, func(root menuItem) bool {
		_, ok := root.Find(startsWith("Back Door"))
		first = firstLine(root)
		return ok
	})
	t.Logf("%v: the first line reads %q", time.Since(started).Round(time.Second), first)

	backDoorUnlocked := func(s string) bool {
		s = strings.ToLower(s)
		return strings.Contains(s, "back door") && strings.Contains(s, "unlocked")
	}
	left := time.Minute - time.Since(started)
	u.watch("first line changed by itself to name the unlocked Back Door", left, func(root menuItem) bool {
		l := firstLine(root)
		return l != first && backDoorUnlocked(l)
	})
	t.Logf("%v: the first line reads %q", time.Since(started).Round(time.Second), firstLine(u.menu()))
	left = time.Minute - time.Since(started)
	n, ok := notes.waitFor(left, func(n notification) bool { return backDoorUnlocked(n.Summary + " " + n.Body) })
	if !ok {
		t.Fatalf("no notification that the back door was unlocked within the first minute; notifications: %q\nthe app's stderr:\n%s",
			notes.summaries(), p.stderrText())
	}
	t.Logf("%v: notification %q %q", time.Since(started).Round(time.Second), n.Summary, n.Body)
}
