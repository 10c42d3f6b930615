package controller

import (
	"context"
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// lastQuestion answers yes to the last question asked, and returns its
// title.
func (f *fixture) answerYes() string {
	f.t.Helper()
	f.waitFor("a question", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return len(f.desk.confirms) > 0 })
	f.desk.mu.Lock()
	q := f.desk.confirms[len(f.desk.confirms)-1]
	f.desk.confirms = nil
	f.desk.mu.Unlock()
	q.yes()
	return q.title
}

// TestLeavePassageAndLock: a lock held open in Passage mode is open to
// anyone; its Lock asks, sets the mode back to Normal, waits for the lock
// to confirm that, then locks — two commands, each confirmed.
func TestLeavePassageAndLock(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetLockMode(utectest.BackDoorID, 1)
	f.click("Refresh now", "")
	f.waitFor("Passage on the first line", func() bool { return f.hasLabel("Back Door — Passage (held open)") })
	f.cloud.ResetRequests()
	f.click("Leave Passage and lock Back Door…", "")
	if got := f.answerYes(); got != "Leave Passage and lock Back Door?" {
		t.Errorf("asked %q", got)
	}
	f.waitFor("locked", func() bool { return f.hasLabel("Back Door: Locked") })
	if n := f.commands(); n != 2 {
		t.Errorf("%d commands, want setMode then lock", n)
	}
	if f.hasLabel("Back Door — Passage") {
		t.Error("the first line still says Passage")
	}
}

// TestLockAllNamesPassageLocks: Lock all locks what it can and names the
// lock it left held open, instead of skipping it in silence.
func TestLockAllNamesPassageLocks(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetLockMode(utectest.BackDoorID, 1)
	f.click("Refresh now", "")
	f.waitFor("both open", func() bool { return f.hasLabel("Front Door: Unlocked") && f.hasLabel("Back Door: Unlocked") })
	f.ctrl.Click(view.Action{Kind: view.LockAll})
	f.waitFor("the Front Door locked", func() bool { return f.hasLabel("Front Door: Locked") })
	f.waitFor("the notice", func() bool { return f.desk.notified("Back Door is in Passage mode: not locked") })
}

// TestLockingAnOpenDoorAsks: the bolt would hit the frame, so the menu's
// Lock asks first when the door sensor says open.
func TestLockingAnOpenDoorAsks(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetState(utectest.FrontDoorID, "st.doorSensor", "sensorState", "Open")
	f.click("Refresh now", "")
	f.waitFor("the open door", func() bool { return f.hasLabel("Lock Front Door…") })
	f.cloud.ResetRequests()
	f.click("Lock Front Door…", "")
	if got := f.answerYes(); got != "Front Door is open — lock anyway?" {
		t.Errorf("asked %q", got)
	}
	f.waitFor("locked", func() bool { return f.hasLabel("Front Door: Locked") })
	if n := f.commands(); n != 1 {
		t.Errorf("%d commands", n)
	}
}

// TestGuestCodesFromTheTray: "Guest codes…" opens the lock's window; a
// code given and taken back through the controller reaches the lock and
// the activity, which never holds the code.
func TestGuestCodesFromTheTray(t *testing.T) {
	f := start(t, true)
	f.home()
	f.click("Front Door: Locked · battery 80%", "Guest codes…")
	f.waitFor("the codes window", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return len(f.desk.codes) == 1 })
	var door utec.Device
	for _, d := range f.ctrl.View().Snapshot.Poll.Devices {
		if d.Device.ID == utectest.FrontDoorID {
			door = d.Device
		}
	}
	ctx := context.Background()
	added, err := f.ctrl.AddLockUser(ctx, door, utec.NewLockUser{Name: "Cleaner", Code: "482913"})
	if err != nil {
		t.Fatal(err)
	}
	users, err := f.ctrl.LockUsers(ctx, door)
	if err != nil || len(users) != 1 || users[0].ID != added.ID {
		t.Fatalf("listed %+v, %v", users, err)
	}
	if err := f.ctrl.DeleteLockUser(ctx, door, added); err != nil {
		t.Fatal(err)
	}
	f.waitFor("the activity", func() bool {
		return f.hasLabel("Recent activity") && len(f.ctrl.View().Snapshot.Recent) == 2
	})
	for _, e := range f.ctrl.View().Snapshot.Recent {
		if strings.Contains(e.Event, "482913") || !strings.Contains(e.Event, "Cleaner") {
			t.Errorf("activity %q", e.Event)
		}
	}
}
