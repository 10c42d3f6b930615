package controller

import (
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestActivityIsRecorded: someone else's unlock and the person's own lock
// reach "Recent activity" and the history file, once each, with who did it.
func TestActivityIsRecorded(t *testing.T) {
	f := start(t, true)
	f.home()
	dir := f.ctrl.opts.ConfigDir
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlock in Recent activity", func() bool {
		return f.hasLabel("Recent activity > ") && hasChild(f, "Back Door unlocked (someone else)")
	})
	f.click("Lock Back Door", "")
	f.waitFor("the lock in Recent activity", func() bool { return hasChild(f, "Back Door locked (from this computer)") })
	// A poll after the person's own lock sees the change: it is not
	// recorded a second time, nor as someone else's.
	f.click("Refresh now", "")
	time.Sleep(300 * time.Millisecond)
	f.ctrl.Stop() // waits for the history file to be written
	events, err := history.Store{Dir: dir}.Load()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Name+" "+e.Event+" "+e.By)
	}
	want := []string{"Back Door unlocked someone else", "Back Door locked from this computer"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("history %q, want %q", got, want)
	}
}

func hasChild(f *fixture, suffix string) bool {
	for _, l := range f.desk.labels() {
		if strings.HasPrefix(l, "Recent activity > ") && strings.HasSuffix(l, suffix) {
			return true
		}
	}
	return false
}

// TestPauseSilencesNewsNotAnswers: while paused, news from home is held
// back (and says so in the first line); the result of the person's own
// command still shows.
func TestPauseSilencesNewsNotAnswers(t *testing.T) {
	f := start(t, true)
	f.home()
	f.click("Pause notifications for 1 hour", "")
	f.waitFor("the pause in the first line", func() bool { return f.hasLabel("Garage Light offline · notifications paused") })
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlock", func() bool { return f.hasLabel("Back Door unlocked") })
	f.cloud.NeverExecute(utectest.FrontDoorID, true)
	f.click("Front Door", "Unlocked…")
	f.waitFor("the question", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return len(f.desk.confirms) == 1 })
	f.desk.confirms[0].yes()
	f.waitFor("the failure's answer", func() bool {
		for _, a := range f.desk.notifications() {
			if strings.HasPrefix(a.Title, "Front Door did not unlock") {
				return true
			}
		}
		return false
	})
	for _, a := range f.desk.notifications() {
		if strings.Contains(a.Title, "Back Door") {
			t.Errorf("news shown while paused: %+v", a)
		}
	}
	f.click("Resume notifications", "")
	f.waitFor("the pause to end", func() bool { return f.hasLabel("Pause notifications for 1 hour") })
}

func TestMutedDeviceStaysQuiet(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Settings.SetMuted(utectest.BackDoorID, true) })
	f.home()
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlocks", func() bool { return f.desk.notified("Front Door unlocked") })
	if f.desk.notified("Back Door unlocked") {
		t.Error("a muted lock was announced")
	}
	// The menu follows the notification in the same turn of the loop.
	f.waitFor("the muted lock's change in Recent activity", func() bool { return hasChild(f, "Back Door unlocked (someone else)") })
}

func TestStartAtLoginFollowsTheSetting(t *testing.T) {
	calls := make(chan bool, 10)
	f := startWith(t, true, func(o *Options) {
		o.Settings.StartAtLogin = true
		o.StartAtLogin = func(on bool) error { calls <- on; return nil }
	})
	f.home()
	f.ctrl.EditSettings(func(s *config.Settings) { s.StartAtLogin = false })
	// No change of StartAtLogin: nothing written.
	f.ctrl.EditSettings(func(s *config.Settings) { s.PollSeconds = 120 })
	f.ctrl.sync()
	close(calls)
	var got []bool
	for on := range calls {
		got = append(got, on)
	}
	if len(got) != 2 || !got[0] || got[1] {
		t.Errorf("StartAtLogin calls %v, want [true false] (at start, then off)", got)
	}
}
