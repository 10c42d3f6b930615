//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestHistoryAfterRestart: someone else's unlock, seen by the tray, is in
// Recent activity after the tray restarts, and in `utec-tray history`.
func TestHistoryAfterRestart(t *testing.T) {
	e := newEnv(t)
	conn := sessionBus(t)
	startNotifier(t)
	u := startTray(t, e, conn)
	u.item(`"Front Door: Locked…"`, 20*time.Second, startsWith("Front Door: Locked"))

	e.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now")))
	seen := func(l string) bool { return strings.HasSuffix(l, "Back Door unlocked (someone else)") }
	u.item(`the unlock in Recent activity`, 10*time.Second, seen)
	u.click(`"Quit utec-tray"`, u.item(`"Quit utec-tray"`, 5*time.Second, is("Quit utec-tray")))
	if r, ok := u.p.wait(10 * time.Second); !ok {
		t.Fatalf("the tray app did not quit:\n%s", r)
	}

	p := e.start(nil)
	name, err := findTrayItemOf(t.Context(), conn, p.pid())
	if err != nil {
		t.Fatalf("no tray item after the restart: %v\n%s", err, p.stderrText())
	}
	again := &trayUI{t: t, conn: conn, name: name, p: p}
	again.item(`the unlock in Recent activity after the restart`, 10*time.Second, seen)
	again.click(`"Quit utec-tray"`, again.item(`"Quit utec-tray"`, 5*time.Second, is("Quit utec-tray")))
	if r, ok := p.wait(10 * time.Second); !ok {
		t.Fatalf("the tray app did not quit:\n%s", r)
	}

	r := e.run("history", "--json")
	expect(t, r, 0, "stdout", `"name": "Back Door"`, `"by": "someone else"`)
}
