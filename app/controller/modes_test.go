package controller

import (
	"testing"

	"github.com/utec-tray/utec-tray/app/view"
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
