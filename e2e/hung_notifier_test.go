//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestTrayWithAHungNotificationDaemon: a notification daemon that takes
// the call and never answers must not freeze the tray.
// Before the app sent its own notifications, Fyne's SendNotification
// waited for the reply on the UI goroutine, and "Refresh now" never
// reached the cloud.
func TestTrayWithAHungNotificationDaemon(t *testing.T) {
	e := newEnv(t)
	conn := sessionBus(t)
	daemon, err := dbustest.StartNotificationServer(sessionBus(t), dbustest.ServerHangs())
	if err != nil {
		t.Fatal(err)
	}
	// Every device online, every lock locked.
	e.cloud.SetState(utectest.GarageID, "st.healthCheck", "status", "online")
	u := startTray(t, e, conn)
	u.afterPoll(e, 0, `"All locked"`, func(root menuItem) bool {
		_, ok := root.Find(is("All locked"))
		return ok
	})

	// Someone unlocks the door: the app notifies, and the daemon holds
	// the call.
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now")))
	u.item(`the summary naming the unlocked Front Door`, 10*time.Second, func(l string) bool {
		return strings.HasPrefix(l, "Front Door unlocked")
	})
	if !waitFor(10*time.Second, func() bool { return daemon.HungCalls() > 0 }) {
		t.Fatalf("the app sent no notification to the daemon; the app's stderr:\n%s", u.p.stderrText())
	}

	// With the call still held, the menu still works: Refresh now reaches
	// the cloud at once, and the next change shows.
	for i := range 3 {
		queries := e.cloud.Stats().Calls["Uhome.Device/Query"]
		clicked := time.Now()
		u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now")))
		if !waitFor(5*time.Second, func() bool { return e.cloud.Stats().Calls["Uhome.Device/Query"] > queries }) {
			t.Fatalf("click %d: Refresh now did not reach the cloud within 5 s while the daemon hung", i+1)
		}
		if took := time.Since(clicked); took > 2*time.Second {
			t.Errorf("click %d: Refresh now took %v to reach the cloud", i+1, took.Round(time.Millisecond))
		}
	}
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "locked")
	u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now")))
	u.item(`the summary "All locked" again`, 10*time.Second, is("All locked"))
	if daemon.HungCalls() == 0 {
		t.Error("the daemon holds no call: the test did not test a hung daemon")
	}
}
