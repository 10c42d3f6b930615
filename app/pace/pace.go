// Package pace decides how often the poller asks the cloud for device
// state, from whether someone is at the computer. It is Fyne-free and
// clock-free: callers pass the facts and the current time, so every pace
// change is table-tested without waiting.
package pace

import "time"

// Intervals holds the three paces and the input-idle time after which the
// user counts as away.
type Intervals struct {
	Here      time.Duration // someone is at the computer
	Away      time.Duration // no input for AwayAfter
	Locked    time.Duration // screen locked or session inactive
	AwayAfter time.Duration
}

// Defaults are the paces issue 21 asks for.
var Defaults = Intervals{Here: 10 * time.Second, Away: time.Minute, Locked: 5 * time.Minute, AwayAfter: 5 * time.Minute}

// commandWindow is how long after a command the pace stays fast, so that a
// command's outcome and any follow-up change are seen promptly.
const commandWindow = 2 * time.Minute

// Facts are what the pace depends on at one moment.
type Facts struct {
	Idle        time.Duration // time since last input; 0 when no source answers
	Locked      bool          // screen locked or session inactive
	ReminderDue bool          // a lock is unlocked with a reminder pending (app/guard)
	LastCommand time.Time     // zero when no command was sent
	Now         time.Time
}

// Mode names the pace in words for Settings → Checking.
type Mode int

const (
	Here Mode = iota
	Away
	Locked
)

func (m Mode) String() string {
	switch m {
	case Away:
		return "away"
	case Locked:
		return "screen locked"
	}
	return "here"
}

// Decide returns the mode and the interval until the next query. The fast
// pace wins while a reminder is pending or a command is recent, because a
// slow check then would hide the very change the user is waiting on.
func (iv Intervals) Decide(f Facts) (Mode, time.Duration) {
	mode := Here
	switch {
	case f.Locked:
		mode = Locked
	case f.Idle >= iv.AwayAfter:
		mode = Away
	}
	recent := !f.LastCommand.IsZero() && f.Now.Sub(f.LastCommand) < commandWindow
	if f.ReminderDue || recent {
		return mode, iv.Here
	}
	switch mode {
	case Locked:
		return mode, iv.Locked
	case Away:
		return mode, iv.Away
	}
	return mode, iv.Here
}

// QueryNow reports whether a change of mode calls for a query at once: the
// user came back, so the state they see must be fresh.
func QueryNow(before, after Mode) bool { return before != Here && after == Here }
