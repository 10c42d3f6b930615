//go:build e2e

package e2e

import (
	"testing"
	"time"
)

// TestCLILogoutIsNotUndoneByTheTray: a sign-out elsewhere, with the built
// binary: `utec-tray logout` while the tray runs. The tray's next poll is
// refused (the sign-out ended the access token at the cloud); finding the
// keyring empty, the tray neither refreshes nor writes a token back.
func TestCLILogoutIsNotUndoneByTheTray(t *testing.T) {
	e := newEnv(t)
	conn := sessionBus(t)
	// Our catcher owns the notification name, as in TestTray: the tray's
	// "Sign-in needed" must not make the bus start a notification daemon
	// that would keep the name from later tests.
	startNotifier(t)
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `"Front Door: Locked…"`, func(root menuItem) bool {
		_, door := root.Find(startsWith("Front Door: Locked"))
		return door
	})

	expect(t, e.run("logout"), 0, "stdout", "Signed out.")
	if _, ok := keyringLookup(t, "token"); ok {
		t.Fatal("the token is still in the keyring after logout")
	}
	before := e.cloud.Stats()
	u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now")))
	if !waitFor(20*time.Second, func() bool { return e.cloud.Stats().Actions > before.Actions }) {
		t.Fatalf("the tray did not ask the cloud after Refresh now; its stderr:\n%s", u.p.stderrText())
	}
	// Give a refresh and a keyring write, if any were coming, time to
	// happen.
	time.Sleep(2 * time.Second)
	if tok, ok := keyringLookup(t, "token"); ok {
		t.Errorf("the tray wrote a token (%d bytes) back to the keyring after the sign-out", len(tok))
	}
	if got := e.cloud.Stats().Refreshes; got != before.Refreshes {
		t.Errorf("the tray refreshed %d times after the sign-out, want none", got-before.Refreshes)
	}
	// The menu says so: "Signed out" within one poll.
	u.item(`"Signed out"`, 10*time.Second, is("Signed out"))
}
