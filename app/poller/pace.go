package poller

// This file is the poller's side of the pace (app/pace): it keeps the
// facts the pace depends on, samples the person's presence when it
// decides, and, while they are away or the screen is locked, looks again
// now and then so that a return polls at once.

import (
	"context"
	"time"

	"github.com/utec-tray/utec-tray/app/pace"
)

// Presence says whether someone is at the computer (app/platform/presence
// in the app). Sample must return within ctx; when nothing can tell, it
// answers 0 and false: the person counts as present, so the state they
// see stays fresh.
type Presence interface {
	Sample(ctx context.Context) (idle time.Duration, locked bool)
}

// Defaults of the pace's part of a Poller.
const (
	// DefaultLookEvery is how often presence is looked at while the person
	// is away or the screen locked: their return is seen (and polled for)
	// within this long, for two or three local D-Bus or X11 calls each time
	// (about 12 context switches, BenchmarkLook in app/platform/presence).
	// Away is the laptop's real rest, so the looks are its largest cost
	// there: 5 s keeps them near 2.4 wake-ups a second, inside issue 21's
	// budget of 5 with the poll and the runtime's own, and a return is
	// still polled for well within the 10 s freshness promised.
	DefaultLookEvery = 5 * time.Second
	// presenceTimeout bounds one presence sample.
	presenceTimeout = 2 * time.Second
)

// paceState is the facts of the pace; the poller's mu guards it.
type paceState struct {
	intervals   pace.Intervals // zero Here: no pace, the fixed Interval
	idle        time.Duration
	locked      bool
	reminderDue bool
	lastCommand time.Time
	// mode and interval are the last decision.
	mode     pace.Mode
	interval time.Duration
}

// paced reports whether the interval comes from the pace. The caller
// holds p.mu.
func (p *Poller) paced() bool { return p.pace.intervals.Here > 0 }

// SetPace changes the pace's intervals; the zero Intervals go back to the
// fixed Interval. It applies from the next wait.
func (p *Poller) SetPace(iv pace.Intervals) {
	p.mu.Lock()
	p.pace.intervals = iv
	p.mu.Unlock()
	p.repaced()
}

// SetReminderDue says whether a lock is unlocked with a reminder pending:
// the pace then never slows down.
func (p *Poller) SetReminderDue(due bool) {
	p.mu.Lock()
	changed := p.pace.reminderDue != due
	p.pace.reminderDue = due
	p.mu.Unlock()
	if changed {
		p.repaced()
	}
}

// Commanded notes that the person sent a command: the pace stays fast for
// a while (the confirmation itself is the command's own re-queries, so no
// poll is made for it here).
func (p *Poller) Commanded() {
	p.mu.Lock()
	p.pace.lastCommand = p.cfg.Clock.Now()
	p.paused = false
	p.mu.Unlock()
	p.repaced()
}

// Pace is the pace's last decision: the mode and the interval between
// polls (zero without a pace), for the diagnostics and the tests.
func (p *Poller) Pace() (pace.Mode, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pace.mode, p.pace.interval
}

func (p *Poller) repaced() {
	select {
	case p.repace <- struct{}{}:
	default:
	}
}

// decide returns the pace's interval now and whether the person just came
// back (which calls for a poll at once). Without a pace it is the fixed
// interval. The caller holds p.mu.
func (p *Poller) decide(now time.Time) (interval time.Duration, back bool) {
	if !p.paced() {
		return p.interval, false
	}
	before := p.pace.mode
	mode, d := p.pace.intervals.Decide(pace.Facts{Idle: p.pace.idle, Locked: p.pace.locked,
		ReminderDue: p.pace.reminderDue, LastCommand: p.pace.lastCommand, Now: now})
	p.pace.mode, p.pace.interval = mode, d
	return d, pace.QueryNow(before, mode)
}

// look samples presence, off the poller's lock; without a pace or a
// presence source it does nothing.
func (p *Poller) look(ctx context.Context) {
	p.mu.Lock()
	paced := p.paced()
	p.mu.Unlock()
	if !paced || p.cfg.Presence == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, presenceTimeout)
	idle, locked := p.cfg.Presence.Sample(ctx)
	cancel()
	p.mu.Lock()
	p.pace.idle, p.pace.locked = idle, locked
	p.mu.Unlock()
}

// lookAt returns when to look at presence next during a wait: only while
// paced with a presence source and the person is not here.
func (p *Poller) lookAt(now time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.paced() || p.cfg.Presence == nil || p.pace.mode == pace.Here || p.paused {
		return time.Time{}
	}
	return now.Add(p.cfg.LookEvery)
}

// sleep waits until the next poll: wait from now (none when wait is 0,
// while paused), or sooner when Refresh, Burst or SetInterval wakes it.
// With a pace it also follows the person: it looks at presence every
// LookEvery while they are away, a change of the facts re-decides the
// wait (counted from the same start, unless backing off after failures),
// and a return to the computer ends it at once. A timer that fires early
// (a fake clock moved for another reason) waits on. It reports false
// when ctx ended.
func (p *Poller) sleep(ctx context.Context, wait time.Duration, backingOff bool) bool {
	start := p.cfg.Clock.Now()
	var due time.Time
	if wait > 0 {
		due = start.Add(wait)
	}
	look := p.lookAt(start)
	for {
		now := p.cfg.Clock.Now()
		if !due.IsZero() && !now.Before(due) {
			return true
		}
		if !look.IsZero() && !now.Before(look) {
			p.look(ctx)
			if p.redecide(now, start, backingOff, &due) {
				return true
			}
			look = p.lookAt(now)
			continue
		}
		var timer <-chan time.Time
		if next := earliest(due, look); !next.IsZero() {
			timer = p.cfg.Clock.After(next.Sub(now))
		}
		select {
		case <-ctx.Done():
			return false
		case <-p.wake:
			return true
		case <-p.repace:
			if p.redecide(now, start, backingOff, &due) {
				return true
			}
			look = p.lookAt(now)
		case <-timer:
		}
	}
}

// redecide decides the pace again after a change of the facts and moves
// due to match (not while backing off: the back-off stands). It reports
// whether the person came back.
func (p *Poller) redecide(now, start time.Time, backingOff bool, due *time.Time) bool {
	p.mu.Lock()
	interval, back := p.decide(now)
	paused := p.paused
	p.mu.Unlock()
	if back && !paused {
		return true
	}
	if p.pacedNow() && !backingOff && !paused {
		*due = start.Add(interval)
	}
	return false
}

func (p *Poller) pacedNow() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paced()
}

// earliest is the earlier of two times, a zero one not counting.
func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}
