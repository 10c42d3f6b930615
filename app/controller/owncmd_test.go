package controller

import (
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/owncmd"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// settle waits until the loop has handled everything posted before.
func (f *fixture) settle() {
	f.t.Helper()
	done := make(chan struct{})
	f.ctrl.post(func() { close(done) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		f.t.Fatal("the loop did not get to a posted function within 5 s")
	}
}

// polled waits for a successful poll that started after now.
func (f *fixture) polledAfter(polls int) {
	f.t.Helper()
	f.waitFor("a poll", func() bool {
		p := f.ctrl.View().Snapshot.Poll
		return p.Polls > polls && p.LastErr == nil
	})
}

// lock is the lock state the tray shows for a device (from the published
// view, the menu's input, so that the test does not depend on the menu's
// words).
func (f *fixture) lock(id string) utec.LockState {
	for _, d := range f.ctrl.View().Snapshot.Poll.Devices {
		if d.Device.ID == id {
			return d.Status.Lock
		}
	}
	return ""
}

func (f *fixture) polls() int { return f.ctrl.View().Snapshot.Poll.Polls }

func (f *fixture) lockAlerts() []alerts.Alert {
	var out []alerts.Alert
	for _, a := range f.desk.notifications() {
		if a.Kind == alerts.LockChanged || a.Kind == alerts.Summary {
			out = append(out, a)
		}
	}
	return out
}

// TestCommandLineCommandCountsAsOwn plays `utec-tray unlock "Front Door"`
// while the tray runs: the command line tells the tray before it sends
// the command and once the lock confirmed. The tray shows the unlocked
// door at once, without waiting for a poll, and announces nothing. (The
// same change without the messages is announced:
// TestSomeoneElsesUnlockIsAnnounced.)
func TestCommandLineCommandCountsAsOwn(t *testing.T) {
	// One poll per Burst and then the idle minute: every poll below is
	// one the test asked for.
	f := startWith(t, true, func(o *Options) { o.Poller.FastFor = time.Nanosecond })
	f.home()
	unlock := devices.Action{Verb: devices.Unlock}

	polls := f.polls()
	f.ctrl.OwnCommand(owncmd.Sent(utectest.FrontDoorID, unlock))
	f.polledAfter(polls) // the message asks for a poll, as a click does

	// The command line's command acts; polls now take a while, so that
	// only the message can show the change at once.
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetLatency(300 * time.Millisecond)
	st := utec.Status{DeviceID: utectest.FrontDoorID, Online: ptr(true), Lock: utec.LockUnlocked, Door: utec.DoorClosed, Battery: ptr(80)}
	polls = f.polls()
	f.ctrl.OwnCommand(owncmd.Confirmed(utectest.FrontDoorID, unlock, time.Now(), st))
	f.settle()
	if f.polls() != polls {
		t.Fatal("a poll answered within the latency; the test cannot tell the message from the poll")
	}
	if got := f.lock(utectest.FrontDoorID); got != utec.LockUnlocked {
		t.Errorf("the tray shows the Front Door %s, not the confirmed unlocked at once: %q", got, f.desk.labels())
	}

	recent := f.ctrl.View().Snapshot.Recent
	if len(recent) == 0 || recent[0].ID != utectest.FrontDoorID || recent[0].Event != "unlocked" || recent[0].By != history.ByThisComputer {
		t.Errorf("Recent activity does not begin with the command line's unlock: %+v", recent)
	}

	// The poll the message asked for sees the unlocked door: no news.
	f.polledAfter(polls)
	f.cloud.SetLatency(0)
	f.settle()
	if a := f.lockAlerts(); len(a) > 0 {
		t.Errorf("the command line's unlock was announced: %+v", a)
	}
	if got := f.lock(utectest.FrontDoorID); got != utec.LockUnlocked {
		t.Errorf("after the poll the tray shows the Front Door %s: %q", got, f.desk.labels())
	}
}

// TestCommandLineCommandSeenByAPollFirst: a poll that sees the change
// before the command line said it is done does not announce it either,
// and a confirmation older than what the tray read since changes nothing.
func TestCommandLineCommandSeenByAPollFirst(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Poller.FastFor = time.Nanosecond })
	f.home()
	lock := devices.Action{Verb: devices.Lock}
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	polls := f.polls()
	f.click("Refresh now", "")
	f.polledAfter(polls)
	f.waitFor("the unlocked back door", func() bool { return f.lock(utectest.BackDoorID) == utec.LockUnlocked })
	before := len(f.lockAlerts()) // someone else's unlock, announced

	polls = f.polls()
	f.ctrl.OwnCommand(owncmd.Sent(utectest.BackDoorID, lock))
	f.polledAfter(polls)
	confirmed := time.Now()
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "locked")
	polls = f.polls()
	f.click("Refresh now", "")
	f.polledAfter(polls)
	f.waitFor("the locked back door", func() bool { return f.lock(utectest.BackDoorID) == utec.LockLocked })

	// A confirmation from before that poll, saying something else, is
	// old news.
	stale := utec.Status{DeviceID: utectest.BackDoorID, Online: ptr(true), Lock: utec.LockUnlocked}
	f.ctrl.OwnCommand(owncmd.Confirmed(utectest.BackDoorID, lock, confirmed, stale))
	f.settle()
	if got := f.lock(utectest.BackDoorID); got != utec.LockLocked {
		t.Errorf("an older confirmation overwrote a newer poll: the Back Door shows %s", got)
	}
	if a := f.lockAlerts(); len(a) != before {
		t.Errorf("the command line's lock was announced: %+v", a[before:])
	}
}

// TestCommandLineCommandForAnUnknownDevice: a device the tray does not
// show (another account's) changes nothing but asks for a poll.
func TestCommandLineCommandForAnUnknownDevice(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Poller.FastFor = time.Nanosecond })
	f.home()
	before := f.ctrl.View().Snapshot.Poll.Devices
	polls := f.polls()
	st := utec.Status{DeviceID: "elsewhere", Lock: utec.LockUnlocked}
	f.ctrl.OwnCommand(owncmd.Confirmed("elsewhere", devices.Action{Verb: devices.Unlock}, time.Now(), st))
	f.polledAfter(polls)
	after := f.ctrl.View().Snapshot.Poll.Devices
	if len(after) != len(before) {
		t.Errorf("%d devices shown, were %d", len(after), len(before))
	}
	for _, d := range after {
		if d.Device.ID == "elsewhere" || d.Status.Lock == utec.LockUnlocked {
			t.Errorf("the message changed %s (%s): %+v", d.Device.Name, d.Device.ID, d.Status)
		}
	}
}

func ptr[T any](v T) *T { return &v }
