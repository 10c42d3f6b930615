//go:build linux && !android

package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// A click or a close addressed straight to the Sender's connection by
// another program on the bus (a unicast, which match rules do not filter)
// is not the notification server's: no event, one line in the log. The
// server's own signals still are events.
func TestDBusForgedUnicastSignals(t *testing.T) {
	d := startDaemon(t, dbustest.ServerWithActions())
	s, results, logs := busSender(t, Options{})
	s.Send(Notification{Title: "Front Door still unlocked", Tag: "remind:front",
		Actions: []Action{{"lock", "Lock"}, {"snooze", "Remind me in 30 min"}}})
	r := <-results
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	impostor := sessionBus(t)
	peers, err := dbustest.UniqueNames(impostor)
	if err != nil {
		t.Fatal(err)
	}
	for _, peer := range peers {
		for _, key := range []string{"snooze", "lock"} {
			if err := dbustest.SendSignal(impostor, peer, busPath, sigAction, r.ID, key); err != nil {
				t.Fatal(err)
			}
		}
		if err := dbustest.SendSignal(impostor, peer, busPath, sigClosed, r.ID, uint32(dbustest.ClosedDismissed)); err != nil {
			t.Fatal(err)
		}
	}
	noEvent(t, s, 300*time.Millisecond)
	if n := strings.Count(logs.String(), "did not send"); n != 1 {
		t.Errorf("forged signals logged %d times, want once:\n%s", n, logs.String())
	}

	if err := d.EmitActionInvoked(r.ID, "snooze"); err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, s); ev != (Event{ID: r.ID, Tag: "remind:front", Action: "snooze"}) {
		t.Errorf("event %+v, want the server's snooze on %d", ev, r.ID)
	}
}
