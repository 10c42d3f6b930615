package controller

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// clock is a clock the test moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (d *desk) shownReminders() []guard.Reminder {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.reminders)
}

// lockCommands lists the Lock commands the cloud received, by device id.
func lockCommands(cloud *utectest.Server) []string {
	var out []string
	for _, r := range cloud.Requests() {
		for _, c := range r.Commands {
			if id, ok := strings.CutSuffix(c, " st.lock.lock"); ok {
				out = append(out, id)
			}
		}
	}
	return out
}

// startReminding starts the controller on a moving clock, checking
// reminders every 10 ms, with the front door found unlocked.
func startReminding(t *testing.T, noButtons bool, edit func(*config.Settings)) (*fixture, *clock) {
	t.Helper()
	clk := &clock{now: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)}
	f := startWith(t, true, func(o *Options) {
		o.Now = clk.Now
		o.ReminderTick = 10 * time.Millisecond
		if edit != nil {
			edit(&o.Settings)
		}
	})
	f.desk.mu.Lock()
	f.desk.noButtons = noButtons
	f.desk.mu.Unlock()
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlocked door", func() bool { return f.hasLabel("Front Door unlocked") })
	return f, clk
}

// TestReminderLockButton: ten minutes unlocked give a reminder; its Lock
// button locks the door as the menu does, without a question.
func TestReminderLockButton(t *testing.T) {
	f, clk := startReminding(t, false, nil)
	clk.add(9 * time.Minute)
	time.Sleep(100 * time.Millisecond)
	if got := f.desk.shownReminders(); len(got) != 0 {
		t.Fatalf("reminded after 9 minutes: %+v", got)
	}
	clk.add(time.Minute)
	f.waitFor("the reminder", func() bool { return len(f.desk.shownReminders()) == 1 })
	r := f.desk.shownReminders()[0]
	if r.LockID != utectest.FrontDoorID || r.Title != "Front Door still unlocked" || r.Body != "for 10 minutes" {
		t.Errorf("reminder %+v", r)
	}
	for _, l := range f.desk.labels() {
		if strings.HasSuffix(l, view.RemindedSuffix) {
			t.Errorf("the menu marks %q although the reminder has buttons", l)
		}
	}
	f.cloud.ResetRequests()
	f.ctrl.ReminderAnswered(r.LockID, guard.ActionLock)
	f.waitFor("locked", func() bool { return f.hasLabel("Front Door: Locked") })
	if got := lockCommands(f.cloud); !slices.Equal(got, []string{utectest.FrontDoorID}) {
		t.Errorf("Lock commands %q, want the front door's", got)
	}
	f.desk.mu.Lock()
	asked := len(f.desk.confirms)
	f.desk.mu.Unlock()
	if asked != 0 {
		t.Error("locking from a reminder asked a question")
	}
	// Locked: no more guard.
	clk.add(time.Hour)
	time.Sleep(100 * time.Millisecond)
	if n := len(f.desk.shownReminders()); n != 1 {
		t.Errorf("%d reminders after the door locked, want still 1", n)
	}
}

// TestReminderSnoozeAndLimit: Later puts the next one 30 minutes
// off; three in all, then quiet.
func TestReminderSnoozeAndLimit(t *testing.T) {
	f, clk := startReminding(t, false, nil)
	count := func() int { return len(f.desk.shownReminders()) }
	clk.add(10 * time.Minute)
	f.waitFor("the first reminder", func() bool { return count() == 1 })
	f.ctrl.ReminderAnswered(utectest.FrontDoorID, guard.ActionSnooze)
	time.Sleep(50 * time.Millisecond)
	clk.add(20 * time.Minute)
	time.Sleep(100 * time.Millisecond)
	if count() != 1 {
		t.Fatalf("reminded 20 minutes after a 30-minute snooze")
	}
	clk.add(10 * time.Minute)
	f.waitFor("the snoozed reminder", func() bool { return count() == 2 })
	clk.add(10 * time.Minute)
	f.waitFor("the third reminder", func() bool { return count() == 3 })
	for range 3 {
		clk.add(10 * time.Minute)
		time.Sleep(50 * time.Millisecond)
	}
	if count() != 3 {
		t.Errorf("%d reminders, want at most %d", count(), guard.MaxReminders)
	}
	if got := f.desk.shownReminders()[1].Body; got != "for 40 minutes" {
		t.Errorf("the snoozed reminder says %q", got)
	}
}

// TestReminderWithoutButtons: the menu marks the reminded lock until it
// locks.
func TestReminderWithoutButtons(t *testing.T) {
	f, clk := startReminding(t, true, nil)
	clk.add(10 * time.Minute)
	marked := func() bool {
		for _, l := range f.desk.labels() {
			if strings.HasPrefix(l, "Front Door: ") && strings.HasSuffix(l, view.RemindedSuffix) {
				return true
			}
		}
		return false
	}
	f.waitFor("the marked row", marked)
	f.click("Front Door", "Locked")
	f.waitFor("the mark gone", func() bool { return f.hasLabel("Front Door: Locked") && !marked() })
}

// TestReminderSettings: 0 minutes for the lock turns its reminders off;
// the one-run override makes them seconds.
func TestReminderSettings(t *testing.T) {
	f, clk := startReminding(t, false, func(s *config.Settings) { s.SetRemindMinutes(utectest.FrontDoorID, 0) })
	clk.add(time.Hour)
	time.Sleep(100 * time.Millisecond)
	if n := len(f.desk.shownReminders()); n != 0 {
		t.Errorf("%d reminders with reminders off for the lock", n)
	}
	f.ctrl.EditSettings(func(s *config.Settings) { s.RemindAfterOverride = 3 * time.Second })
	f.waitFor("a reminder in seconds", func() bool {
		clk.add(time.Second)
		return len(f.desk.shownReminders()) == 1
	})
}

// TestReminderWhileUnreachable: no reminder while U-Tec fails, said once
// instead.
func TestReminderWhileUnreachable(t *testing.T) {
	f, clk := startReminding(t, false, nil)
	f.cloud.FailNext(1000, http.StatusBadGateway, "")
	f.click("Refresh now", "")
	f.waitFor("the failing poll", func() bool { return !f.ctrl.View().Snapshot.Poll.FailingSince.IsZero() })
	clk.add(30 * time.Minute)
	f.waitFor("the word about U-Tec", func() bool { return f.desk.notified(guard.UnreachableTitle) })
	time.Sleep(100 * time.Millisecond)
	said := 0
	for _, a := range f.desk.notifications() {
		if a.Title == guard.UnreachableTitle {
			said++
		}
	}
	if n := len(f.desk.shownReminders()); n != 0 || said != 1 {
		t.Errorf("while unreachable: %d reminders, said %d times; want 0 and once", n, said)
	}
}

// guardRec records what the controller wants of the guard.
type guardRec struct {
	mu    sync.Mutex
	wants [][2]bool
}

func (g *guardRec) Want(sleep, screen bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.wants = append(g.wants, [2]bool{sleep, screen})
}

func (g *guardRec) last() [2]bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.wants) == 0 {
		return [2]bool{}
	}
	return g.wants[len(g.wants)-1]
}

// TestLockForSleep: the chosen locks that are unlocked get Lock, and the
// call returns once the cloud accepted it; the wake polls and reports.
func TestLockForSleep(t *testing.T) {
	g := &guardRec{}
	f := startWatched(t, true, g, func(o *Options) {
		o.Settings.SetLockOnSleep(utectest.FrontDoorID, true)
		o.Settings.SetLockOnSleep(utectest.BackDoorID, true)
		o.Settings.RemindUnlockedMinutes = 0
	})
	if g.last() != [2]bool{true, false} {
		t.Errorf("the guard was told %v, want sleep only", g.last())
	}
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlocked door", func() bool { return f.hasLabel("Front Door unlocked") })
	// The lock takes its time; the sleep waits only for the cloud's yes.
	f.cloud.SetCommandDelay(1500 * time.Millisecond)
	f.cloud.ResetRequests()
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Second)
	defer cancel()
	began := time.Now()
	f.ctrl.LockForSleep(ctx)
	took := time.Since(began)
	if got := lockCommands(f.cloud); !slices.Equal(got, []string{utectest.FrontDoorID}) {
		t.Errorf("before sleeping the cloud got Lock for %q, want the unlocked front door only", got)
	}
	if took > time.Second {
		t.Errorf("LockForSleep took %v: it waited for the lock, not the cloud's acceptance", took)
	}
	// The lock acts while the computer sleeps.
	f.waitFor("the lock to act", func() bool { return f.cloud.State(utectest.FrontDoorID)["st.lock/lockState"] == "locked" })
	f.ctrl.Woke()
	f.waitFor("the report", func() bool { return f.desk.notified("Locked Front Door before sleeping") })
	f.waitFor("the lock in Recent activity", func() bool {
		return hasChild(f, "Front Door locked (from this computer, before sleeping)")
	})
	for _, a := range f.desk.notifications() {
		if a.Title == "Locked Front Door before sleeping" && a.Body != "Front Door: locked" {
			t.Errorf("report body %q", a.Body)
		}
		if a.Kind == alerts.LockChanged && a.Title == "Front Door locked" {
			t.Errorf("the sleep's own lock announced as someone else's: %q", a.Title)
		}
	}
	// No lock chosen any more: the guard lets go.
	f.ctrl.EditSettings(func(s *config.Settings) { s.LockOnSleep = nil })
	f.waitFor("the guard told", func() bool { return g.last() == [2]bool{false, false} })
}

// TestLockForSleepCloudDown: the sleep waits no longer than its context,
// and the wake says the lock was not locked.
func TestLockForSleepCloudDown(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Settings.LockAllOnSleep = true })
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlocked door", func() bool { return f.hasLabel("Front Door unlocked") })
	f.cloud.SetPathLatency("/action", 10*time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	began := time.Now()
	f.ctrl.LockForSleep(ctx)
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("LockForSleep took %v with a 500ms context", took)
	}
	f.cloud.SetPathLatency("/action", 0)
	f.ctrl.Woke()
	f.waitFor("the report", func() bool {
		for _, a := range f.desk.notifications() {
			if a.Title == "Locked before sleeping: 0 of 1 confirmed" && strings.HasPrefix(a.Body, "Front Door: not locked.") {
				return true
			}
		}
		return false
	})
}

// TestScreenLocked locks the chosen locks that are unlocked, as the menu
// does.
func TestScreenLocked(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Settings.SetLockOnScreenLock(utectest.BackDoorID, true) })
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlocked doors", func() bool { return f.hasLabel("Back Door: Unlocked") && f.hasLabel("Front Door: Unlocked") })
	f.cloud.ResetRequests()
	f.ctrl.ScreenLocked()
	f.waitFor("the back door locked", func() bool { return f.hasLabel("Back Door: Locked") })
	if got := lockCommands(f.cloud); !slices.Equal(got, []string{utectest.BackDoorID}) {
		t.Errorf("Lock sent to %q, want the back door only", got)
	}
}

// TestReminderWaitsForThePause: "Pause notifications" holds reminders
// too; the one due comes when the pause ends.
func TestReminderWaitsForThePause(t *testing.T) {
	f, clk := startReminding(t, false, nil)
	f.click("Pause notifications for 1 hour", "")
	f.waitFor("the pause", func() bool { return f.hasLabel("Resume notifications") })
	clk.add(59 * time.Minute)
	time.Sleep(100 * time.Millisecond)
	if n := len(f.desk.shownReminders()); n != 0 {
		t.Fatalf("%d reminders during the pause", n)
	}
	clk.add(2 * time.Minute)
	f.waitFor("the reminder after the pause", func() bool { return len(f.desk.shownReminders()) == 1 })
	if got := f.desk.shownReminders()[0].Body; got != "for 1 hour 1 minute" {
		t.Errorf("reminder after the pause says %q", got)
	}
}
