package guard

import (
	"slices"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// MaxReminders is how many reminders one unlocking gets: a person who
// ignored three means to leave the door so.
const MaxReminders = 3

// SnoozeFor is how long the reminder's Later button waits.
const SnoozeFor = 30 * time.Minute

// Actions a reminder offers, in order: their keys are what the
// notification's buttons answer.
const (
	ActionLock   = "lock"
	ActionSnooze = "snooze"
)

// Reminder is one reminder to show.
type Reminder struct {
	LockID string
	Name   string
	// Title and Body are the notification's words: "Front Door still
	// unlocked", "for 10 minutes".
	Title, Body string
	// Count is 1 for the first reminder of this unlocking.
	Count int
}

// Due is what Check found.
type Due struct {
	Reminders []Reminder
	// Unreachable is set once per outage of the cloud when a reminder
	// would have been due: the app cannot know whether the door is still
	// unlocked, and says so instead.
	Unreachable bool
}

// UnreachableTitle and UnreachableBody are the words for Due.Unreachable,
// in English; Unreachable gives them in the person's language.
const (
	UnreachableTitle = "Can't check the locks while U-Tec is unreachable"
	UnreachableBody  = "Reminders about unlocked doors resume when U-Tec answers again."
)

// Unreachable is the notification for Due.Unreachable, in the person's
// language.
func Unreachable() (title, body string) {
	return i18n.T("guard.unreachable", UnreachableTitle), i18n.T("guard.unreachableBody", UnreachableBody)
}

// Tracker remembers each lock's unlocking. It is not safe for concurrent
// use: the controller's loop owns it.
type Tracker struct {
	locks           map[string]*unlocking
	unreachableSaid bool
}

// unlocking is what is remembered of one lock left unlocked or open.
type unlocking struct {
	since time.Time // when it was first seen unlocked or open
	next  time.Time // when the next reminder is due
	sent  int
	// passage is set when the lock is held open in Passage mode, which
	// has its own delay: a change between the two starts over.
	passage bool
}

// New returns a Tracker that knows of no unlocking.
func New() *Tracker { return &Tracker{locks: map[string]*unlocking{}} }

// Check returns the reminders due at now. A lock counts from the first
// state that shows it unlocked or open (the cloud does not say since
// when); a lock in Passage mode counts the same way, with the Passage
// delay. A lock that is hidden, muted, locked and closed, or with
// reminders off is forgotten. While the cloud
// fails nothing is reminded, and nothing forgotten.
func (t *Tracker) Check(st poller.State, s config.Settings, now time.Time) Due {
	return t.check(st, s, now, true)
}

// Watch keeps track of the locks as Check does but reminds of nothing
// and uses up no reminder: while notifications are paused, a reminder
// due waits for the end of the pause.
func (t *Tracker) Watch(st poller.State, s config.Settings, now time.Time) {
	t.check(st, s, now, false)
}

func (t *Tracker) check(st poller.State, s config.Settings, now time.Time, emit bool) Due {
	var due Due
	if !st.FailingSince.IsZero() {
		if emit && !t.unreachableSaid && t.anyDue(now) {
			t.unreachableSaid = true
			due.Unreachable = true
		}
		return due
	}
	t.unreachableSaid = false
	if !st.Loaded {
		// The last run's cache: not a reading of now.
		return due
	}
	seen := map[string]bool{}
	for i := range st.Devices {
		d := &st.Devices[i]
		id := d.Device.ID
		if d.Device.Kind() != utec.KindLock || s.IsHidden(id) {
			continue
		}
		seen[id] = true
		passage := d.Status.Passage()
		after := s.RemindAfter(id)
		if passage {
			after = s.RemindPassageAfter(id)
		}
		if after <= 0 || s.IsMuted(id) || !passage && !open(&d.Status, s.Notify.DoorOpen) {
			delete(t.locks, id)
			continue
		}
		if d.Err != nil || d.Status.Online != nil && !*d.Status.Online {
			// Offline or unread: its state is old news; wait for a reading.
			continue
		}
		u, ok := t.locks[id]
		if !ok || u.passage != passage {
			u = &unlocking{since: now, next: now.Add(after), passage: passage}
			t.locks[id] = u
		}
		if !emit || u.sent >= MaxReminders || now.Before(u.next) {
			continue
		}
		u.sent++
		u.next = now.Add(after)
		due.Reminders = append(due.Reminders, reminder(d, now.Sub(u.since), u.sent))
	}
	for id := range t.locks {
		if !seen[id] {
			delete(t.locks, id)
		}
	}
	return due
}

// Snooze puts off the lock's next reminder until SnoozeFor from now. The
// person asked for it, so it comes even after the last of the
// MaxReminders.
func (t *Tracker) Snooze(id string, now time.Time) {
	u, ok := t.locks[id]
	if !ok {
		return
	}
	u.next = now.Add(SnoozeFor)
	u.sent = min(u.sent, MaxReminders-1)
}

// Reminded returns the locks reminded about and still unlocked or open,
// sorted: the menu marks them where notifications have no buttons.
func (t *Tracker) Reminded() []string {
	var out []string
	for id, u := range t.locks {
		if u.sent > 0 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func (t *Tracker) anyDue(now time.Time) bool {
	for _, u := range t.locks {
		if u.sent < MaxReminders && !now.Before(u.next) {
			return true
		}
	}
	return false
}

// open reports whether the lock needs watching: unlocked, or its door
// open when the person asked to hear of open doors.
func open(st *utec.Status, doors bool) bool {
	return st.Lock == utec.LockUnlocked || doors && st.Door == utec.DoorOpen
}

func reminder(d *poller.Device, since time.Duration, count int) Reminder {
	named := map[string]any{"Name": d.Device.Name}
	title := i18n.T("guard.stillUnlocked", "{{.Name}} still unlocked", named)
	switch {
	case d.Status.Passage():
		title = i18n.T("guard.stillPassage", "{{.Name}} still held open (Passage mode)", named)
	case d.Status.Lock != utec.LockUnlocked:
		title = i18n.T("guard.stillOpen", "{{.Name}} still open", named)
	}
	return Reminder{LockID: d.Device.ID, Name: d.Device.Name, Count: count,
		Title: title, Body: i18n.T("guard.for", "for {{.Duration}}", map[string]any{"Duration": Duration(since)})}
}

// Duration says how long in words: "10 minutes", "1 hour 5 minutes", and
// seconds only under a minute (the delay can be seconds in tests).
func Duration(d time.Duration) string {
	if d < time.Minute {
		secs := int(max(d.Round(time.Second), time.Second) / time.Second)
		return i18n.Plural("guard.seconds", "{{.Count}} seconds", secs, map[string]any{"Count": secs})
	}
	m := int(d.Round(time.Minute) / time.Minute)
	minutes := func(n int) string {
		return i18n.Plural("guard.minutes", "{{.Count}} minutes", n, map[string]any{"Count": n})
	}
	if m < 60 {
		return minutes(m)
	}
	out := i18n.Plural("guard.hours", "{{.Count}} hours", m/60, map[string]any{"Count": m / 60})
	if m%60 != 0 {
		out += " " + minutes(m%60)
	}
	return out
}
