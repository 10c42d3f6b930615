package poller

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/pace"
	"github.com/utec-tray/utec-tray/utec"
)

// simClock runs the poller in simulated time: every wait it asks for
// passes at once, so a day takes milliseconds, and the scenario's events
// (a command, a reminder falling due) run on the poller's goroutine at
// their moment, inside the wait they fall in. A wait an event cut short
// fires at the event's time, early; the poller then waits on, as it would
// for a clock that jumped.
type simClock struct {
	mu     sync.Mutex
	start  time.Time
	now    time.Time
	end    time.Time
	events []simEvent // in time order
	over   chan struct{}
	ended  bool
}

type simEvent struct {
	at time.Duration // from the start
	do func()
}

func newSimClock(length time.Duration) *simClock {
	start := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	return &simClock{start: start, now: start, end: start.Add(length), over: make(chan struct{})}
}

func (c *simClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// elapsed is the simulated time since the start.
func (c *simClock) elapsed() time.Duration { return c.Now().Sub(c.start) }

func (c *simClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	target := c.now.Add(d)
	if len(c.events) > 0 && !c.start.Add(c.events[0].at).After(target) {
		ev := c.events[0]
		c.events = c.events[1:]
		c.now = maxTime(c.now, c.start.Add(ev.at))
		c.mu.Unlock()
		ev.do()
		ch <- c.Now()
		return ch
	}
	if target.After(c.end) {
		if !c.ended {
			c.ended = true
			close(c.over)
		}
		c.mu.Unlock()
		return ch // the scenario is over: never fires
	}
	c.now = target
	c.mu.Unlock()
	ch <- target
	return ch
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// simPresence is the person in a scenario: at returns, for a time since
// the start, how long since their last input and whether the screen is
// locked. It counts its samples.
type simPresence struct {
	clock   *simClock
	at      func(time.Duration) (idle time.Duration, locked bool)
	mu      sync.Mutex
	samples int
}

func (p *simPresence) Sample(context.Context) (time.Duration, bool) {
	p.mu.Lock()
	p.samples++
	p.mu.Unlock()
	return p.at(p.clock.elapsed())
}

// pollLog is a Source that answers from four devices and notes when each
// query came, in simulated time.
type pollLog struct {
	clock     *simClock
	devices   []utec.Device
	mu        sync.Mutex
	queries   []time.Duration
	discovers int
}

func newPollLog(clock *simClock, n int) *pollLog {
	l := &pollLog{clock: clock}
	for i := range n {
		l.devices = append(l.devices, utec.Device{ID: string(rune('A' + i)), Name: "Lock", Category: "SmartLock"})
	}
	return l
}

func (l *pollLog) Devices(context.Context) ([]utec.Device, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.discovers++
	return append([]utec.Device(nil), l.devices...), nil
}

func (l *pollLog) Query(_ context.Context, devices []utec.Device) ([]utec.Status, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.queries = append(l.queries, l.clock.elapsed())
	out := make([]utec.Status, len(devices))
	for i, d := range devices {
		out[i] = utec.Status{DeviceID: d.ID, Lock: utec.LockLocked}
	}
	return out, nil
}

func (l *pollLog) queryTimes() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Duration(nil), l.queries...)
}

// scenario is a stretch of simulated time with a person in it.
type scenario struct {
	length   time.Duration
	devices  int
	presence func(time.Duration) (idle time.Duration, locked bool) // nil: no source
	// events run at their time; p is the poller under test.
	events func(p *Poller) []simEvent
}

// simResult is what the poller did in a scenario.
type simResult struct {
	queries   []time.Duration // when each query came, from the start
	discovers int
	samples   int
}

// simulate runs the poller with the default pace through sc.
func simulate(t testing.TB, sc scenario) simResult {
	t.Helper()
	clock := newSimClock(sc.length)
	log := newPollLog(clock, max(sc.devices, 1))
	cfg := Config{Source: log, Clock: clock, Interval: time.Minute, Pace: pace.Defaults,
		Jitter: func() float64 { return 0.5 }}
	var person *simPresence
	if sc.presence != nil {
		person = &simPresence{clock: clock, at: sc.presence}
		cfg.Presence = person
	}
	p := New(cfg)
	if sc.events != nil {
		clock.events = sc.events(p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	select {
	case <-clock.over:
	case <-time.After(30 * time.Second):
		t.Fatal("the scenario did not end within 30 s of real time")
	}
	cancel()
	<-done
	res := simResult{queries: log.queryTimes(), discovers: log.discovers}
	if person != nil {
		res.samples = person.samples
	}
	return res
}

// gaps returns the times between consecutive queries that start in
// [from, to).
func gaps(queries []time.Duration, from, to time.Duration) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(queries); i++ {
		if queries[i-1] >= from && queries[i-1] < to {
			out = append(out, queries[i]-queries[i-1])
		}
	}
	return out
}
