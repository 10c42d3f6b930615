package poller

import (
	"testing"
	"time"
)

// The simulated day of BenchmarkSimulatedDay: at the computer 08:30-12:30
// and 13:30-17:30 (8 h, input every 30 s), away at lunch and after work,
// the screen locking itself 10 minutes after the last input, locked all
// night (16 h away or locked).
var presentStretches = [][2]time.Duration{
	{8*time.Hour + 30*time.Minute, 12*time.Hour + 30*time.Minute},
	{13*time.Hour + 30*time.Minute, 17*time.Hour + 30*time.Minute},
}

// screenLocksAfter is the desktop's own screen lock after the last input.
const screenLocksAfter = 10 * time.Minute

// dayPerson is the day's person: their idle time and the screen lock at
// each moment.
func dayPerson(e time.Duration) (idle time.Duration, locked bool) {
	lastInput := time.Duration(-1)
	for _, s := range presentStretches {
		switch {
		case e >= s[0] && e < s[1]:
			return (e - s[0]) % (30 * time.Second), false
		case e >= s[1]:
			lastInput = s[1]
		}
	}
	if lastInput < 0 { // before the first stretch: locked overnight
		return e + 7*time.Hour, true
	}
	idle = e - lastInput
	return idle, idle >= screenLocksAfter
}

// worstFreshness is the longest a change made while the person is at the
// computer (someone else unlocking a door) stays unseen: for a change at
// t, the time to the next query, at its worst just after a query, or at
// the start of a stretch.
func worstFreshness(queries []time.Duration) time.Duration {
	var worst time.Duration
	next := func(t time.Duration) time.Duration {
		for _, q := range queries {
			if q >= t {
				return q
			}
		}
		return 24 * time.Hour
	}
	for _, s := range presentStretches {
		worst = max(worst, next(s[0])-s[0])
		for i, q := range queries[:len(queries)-1] {
			if q >= s[0] && q < s[1] {
				worst = max(worst, queries[i+1]-q)
			}
		}
	}
	return worst
}

// BenchmarkSimulatedDay runs the default pace through a day on the
// simulated clock, 4 devices in one home: two commands (unlocking in the
// morning, locking when leaving) and a back door left unlocked for 20
// minutes in the evening (a reminder to come keeps the pace fast). It
// reports the requests of the day (queries and discoveries), the worst
// freshness while at the computer (goal ≤ 10 s) and the presence looks.
func BenchmarkSimulatedDay(b *testing.B) {
	var res simResult
	for b.Loop() {
		res = simulate(b, scenario{length: 24 * time.Hour, devices: 4, presence: dayPerson,
			events: func(p *Poller) []simEvent {
				return []simEvent{
					{8*time.Hour + 31*time.Minute, p.Commanded},
					{17*time.Hour + 29*time.Minute, p.Commanded},
					{19 * time.Hour, func() { p.SetReminderDue(true) }},
					{19*time.Hour + 20*time.Minute, func() { p.SetReminderDue(false) }},
				}
			}})
	}
	b.ReportMetric(float64(len(res.queries)+res.discovers), "requests/day")
	b.ReportMetric(worstFreshness(res.queries).Seconds(), "worst-fresh-s")
	b.ReportMetric(float64(res.samples), "looks/day")
}

// TestSimulatedDayMeetsItsGoals is the benchmark's day as a test: at most
// 3,500 requests, and nothing unseen for more than 10 s while at the
// computer.
func TestSimulatedDayMeetsItsGoals(t *testing.T) {
	t.Parallel()
	res := simulate(t, scenario{length: 24 * time.Hour, devices: 4, presence: dayPerson})
	if n := len(res.queries) + res.discovers; n > 3500 {
		t.Errorf("%d requests in the day, want at most 3,500", n)
	}
	if w := worstFreshness(res.queries); w > 10*time.Second {
		t.Errorf("a change at the computer unseen for up to %v, want at most 10 s", w)
	}
}
