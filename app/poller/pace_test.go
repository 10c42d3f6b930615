package poller

import (
	"context"
	"testing"
	"time"
)

// The people of the pace scenarios.
var (
	// typing never stops.
	typing = func(time.Duration) (time.Duration, bool) { return 0, false }
	// leftAtStart stops typing at the start and stays away.
	leftAtStart = func(e time.Duration) (time.Duration, bool) { return e, false }
)

// backAt is someone who stops typing at the start and comes back at t.
func backAt(t time.Duration) func(time.Duration) (time.Duration, bool) {
	return func(e time.Duration) (time.Duration, bool) {
		if e >= t {
			return 0, false
		}
		return e, false
	}
}

// lockedBetween is someone typing except while the screen is locked in
// [from, to).
func lockedBetween(from, to time.Duration) func(time.Duration) (time.Duration, bool) {
	return func(e time.Duration) (time.Duration, bool) {
		if e >= from && e < to {
			return e - from, true
		}
		return 0, false
	}
}

// TestPaceScenarios runs the default pace (10 s here, 60 s after 5 min
// without input, 5 min while locked) through every change of pace on the
// simulated clock, with a fake presence source, and checks the times
// between queries in each stretch.
func TestPaceScenarios(t *testing.T) {
	t.Parallel()
	const minute = time.Minute
	type stretch struct {
		from, to time.Duration
		gap      time.Duration // every gap between queries starting in [from, to)
	}
	cases := []struct {
		name     string
		sc       scenario
		stretchs []stretch
	}{
		{"here: every 10 s", scenario{length: 10 * minute, presence: typing},
			[]stretch{{0, 10 * minute, 10 * time.Second}}},
		{"no presence source counts as here", scenario{length: 10 * minute},
			[]stretch{{0, 10 * minute, 10 * time.Second}}},
		{"away after 5 minute without input: every minute", scenario{length: 20 * minute, presence: leftAtStart},
			[]stretch{{0, 5 * minute, 10 * time.Second}, {5 * minute, 19 * minute, minute}}},
		{"screen locked: every 5 min", scenario{length: 40 * minute, presence: lockedBetween(minute, time.Hour)},
			[]stretch{{0, minute, 10 * time.Second}, {minute, 35 * minute, 5 * minute}}},
		{"away but a reminder is pending: never slow", scenario{length: 30 * minute, presence: leftAtStart,
			events: func(p *Poller) []simEvent {
				return []simEvent{{0, func() { p.SetReminderDue(true) }}, {20 * minute, func() { p.SetReminderDue(false) }}}
			}},
			// The query due at 20 min and the reminder's end at 20 min
			// may come in either order: the gap from 19:50 is either.
			[]stretch{{0, 20*minute - 10*time.Second, 10 * time.Second}, {21 * minute, 29 * minute, minute}}},
		{"locked but a reminder is pending: never slow", scenario{length: 30 * minute, presence: lockedBetween(0, time.Hour),
			events: func(p *Poller) []simEvent { return []simEvent{{0, func() { p.SetReminderDue(true) }}} }},
			[]stretch{{0, 30 * minute, 10 * time.Second}}},
		{"away: fast for 2 minute after a command", scenario{length: 40 * minute, presence: leftAtStart,
			events: func(p *Poller) []simEvent { return []simEvent{{20*minute + 30*time.Second, p.Commanded}} }},
			[]stretch{{10 * minute, 20 * minute, minute}, {20*minute + 35*time.Second, 22*minute + 20*time.Second, 10 * time.Second},
				{23 * minute, 38 * minute, minute}}},
		{"locked: fast for 2 minute after a command", scenario{length: 40 * minute, presence: lockedBetween(0, time.Hour),
			events: func(p *Poller) []simEvent { return []simEvent{{20 * minute, p.Commanded}} }},
			[]stretch{{20 * minute, 22*minute - 10*time.Second, 10 * time.Second}, {23 * minute, 35 * minute, 5 * minute}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res := simulate(t, c.sc)
			for _, s := range c.stretchs {
				g := gaps(res.queries, s.from, s.to)
				if len(g) == 0 {
					t.Errorf("no queries in [%v, %v): %v", s.from, s.to, res.queries)
				}
				for _, d := range g {
					if d != s.gap {
						t.Errorf("in [%v, %v) queries %v apart, want %v:\n%v", s.from, s.to, g, s.gap, res.queries)
						break
					}
				}
			}
		})
	}
}

// TestReturnPollsAtOnce: coming back to the computer (input after an
// absence, or the screen unlocked) polls within one look, not at the end
// of the slow wait.
func TestReturnPollsAtOnce(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		presence func(time.Duration) (time.Duration, bool)
		back     time.Duration
	}{
		{"input after 10 minute away", backAt(10*time.Minute + 30*time.Second), 10*time.Minute + 30*time.Second},
		{"screen unlocked", lockedBetween(time.Minute, 17*time.Minute+7*time.Second), 17*time.Minute + 7*time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res := simulate(t, scenario{length: 25 * time.Minute, presence: c.presence})
			var first time.Duration = -1
			for _, q := range res.queries {
				if q >= c.back {
					first = q
					break
				}
			}
			if first < 0 || first-c.back > DefaultLookEvery {
				t.Fatalf("back at %v, first query at %v; want within %v:\n%v", c.back, first, DefaultLookEvery, res.queries)
			}
			// And here again: every 10 s from then on.
			for _, d := range gaps(res.queries, first, 24*time.Minute) {
				if d != 10*time.Second {
					t.Errorf("after the return queries %v apart, want 10s", d)
					break
				}
			}
		})
	}
}

// TestPresenceLooksOnlyWhileAway: while the person is here presence is
// sampled once per poll (no extra wake-ups); while away, every
// DefaultLookEvery.
func TestPresenceLooksOnlyWhileAway(t *testing.T) {
	t.Parallel()
	here := simulate(t, scenario{length: 30 * time.Minute, presence: typing})
	if here.samples != len(here.queries) {
		t.Errorf("here: %d samples for %d queries, want one each", here.samples, len(here.queries))
	}
	locked := simulate(t, scenario{length: time.Hour, presence: lockedBetween(0, 2*time.Hour)})
	want := int(time.Hour / DefaultLookEvery)
	if locked.samples < want-20 || locked.samples > want+20 {
		t.Errorf("locked for an hour: %d samples, want about %d (one every %v)", locked.samples, want, DefaultLookEvery)
	}
}

// TestFixedIntervalWithoutPace: a poller without a pace (the demo, the
// tests of other packages) keeps its Interval whatever the presence.
func TestFixedIntervalWithoutPace(t *testing.T) {
	t.Parallel()
	clock := newSimClock(10 * time.Minute)
	log := newPollLog(clock, 2)
	p := New(Config{Source: log, Clock: clock, Interval: 30 * time.Second, Presence: &simPresence{clock: clock, at: leftAtStart}})
	done := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { p.Run(ctx); close(done) }()
	<-clock.over
	cancel()
	<-done
	for _, d := range gaps(log.queryTimes(), 0, 10*time.Minute) {
		if d != 30*time.Second {
			t.Fatalf("queries %v apart, want the fixed 30s", d)
		}
	}
}
