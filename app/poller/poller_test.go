package poller

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/session/signin"

	"github.com/utec-tray/utec-tray/utec"
)

// fakeClock is a clock the test moves. After reports each wait the poller
// asks for on waits, so the test knows the poller is idle and for how long.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	pending chan time.Time
	waits   chan time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC), waits: make(chan time.Duration, 16)}
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	c.pending = ch
	c.mu.Unlock()
	c.waits <- d
	return ch
}

// fire moves the clock by the wait the poller asked for and wakes it.
func (c *fakeClock) fire(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	ch := c.pending
	c.mu.Unlock()
	ch <- c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fakeSource answers from a fixed home and counts calls. err, when set,
// fails every call.
type fakeSource struct {
	mu        sync.Mutex
	devices   []utec.Device
	locked    map[string]bool
	discovers int
	queries   int
	batches   [][]string
	offline   map[string]bool
	err       error
	// panicValue, when set, makes Query panic with it.
	panicValue any
}

func (s *fakeSource) Devices(context.Context) ([]utec.Device, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.discovers++
	if s.err != nil {
		return nil, s.err
	}
	return append([]utec.Device(nil), s.devices...), nil
}

func (s *fakeSource) Query(_ context.Context, devices []utec.Device) ([]utec.Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries++
	if s.panicValue != nil {
		panic(s.panicValue)
	}
	if s.err != nil {
		return nil, s.err
	}
	ids := make([]string, len(devices))
	out := make([]utec.Status, len(devices))
	online := true
	for i, d := range devices {
		ids[i] = d.ID
		lock := utec.LockUnlocked
		if s.locked[d.ID] {
			lock = utec.LockLocked
		}
		on := online && !s.offline[d.ID]
		out[i] = utec.Status{DeviceID: d.ID, Lock: lock, Online: &on}
	}
	s.batches = append(s.batches, ids)
	return out, nil
}

func (s *fakeSource) set(f func(*fakeSource)) { s.mu.Lock(); defer s.mu.Unlock(); f(s) }

func (s *fakeSource) counts() (discovers, queries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.discovers, s.queries
}

type harness struct {
	t      *testing.T
	clock  *fakeClock
	source *fakeSource
	poller *Poller
	states chan State
}

func start(t *testing.T, cfg Config) *harness {
	t.Helper()
	h := &harness{t: t, clock: newFakeClock(), states: make(chan State, 64)}
	h.source = &fakeSource{
		devices: []utec.Device{{ID: "L1", Name: "Front Door", Category: "SmartLock"}, {ID: "L2", Name: "Back Door", Category: "SmartLock"}},
		locked:  map[string]bool{"L1": true, "L2": true},
	}
	cfg.Source, cfg.Clock = h.source, h.clock
	if cfg.Interval == 0 {
		cfg.Interval = time.Minute
	}
	cfg.Jitter = func() float64 { return 0.5 } // no jitter: factor 1.0
	cfg.OnUpdate = func(s State) { h.states <- s }
	h.poller = New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.poller.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return h
}

// nextWait returns the wait the poller asks for next, and its last state.
func (h *harness) nextWait() (time.Duration, State) {
	h.t.Helper()
	var st State
	for {
		select {
		case st = <-h.states:
		case d := <-h.clock.waits:
			// Drain the update that came with this cycle.
			for {
				select {
				case st = <-h.states:
					continue
				default:
				}
				break
			}
			return d, st
		case <-time.After(5 * time.Second):
			h.t.Fatal("poller asked for no wait within 5s")
		}
	}
}

func TestPollsAllDevicesInOneQueryAtTheIdleInterval(t *testing.T) {
	h := start(t, Config{Interval: 60 * time.Second})
	wait, st := h.nextWait()
	if wait != 60*time.Second {
		t.Errorf("idle wait %v, want 60s", wait)
	}
	if !st.Loaded || len(st.Devices) != 2 || st.Devices[0].Status.Lock != utec.LockLocked || st.Devices[0].Updated.IsZero() {
		t.Errorf("state %+v", st)
	}
	h.clock.fire(wait)
	if wait, _ = h.nextWait(); wait != 60*time.Second {
		t.Errorf("second wait %v", wait)
	}
	discovers, queries := h.source.counts()
	if discovers != 1 || queries != 2 {
		t.Errorf("%d discoveries, %d queries; want 1 and 2", discovers, queries)
	}
	for _, b := range h.source.batches {
		if len(b) != 2 {
			t.Errorf("a query asked for %v, want both devices at once", b)
		}
	}
}

func TestBurstPollsFastThenIdles(t *testing.T) {
	h := start(t, Config{Interval: time.Minute, FastInterval: 2 * time.Second, FastFor: 10 * time.Second})
	h.nextWait()
	h.poller.Burst()
	wait, _ := h.nextWait()
	if wait != 2*time.Second {
		t.Fatalf("wait after burst %v, want 2s", wait)
	}
	for range 4 {
		h.clock.fire(wait)
		wait, _ = h.nextWait()
	}
	if wait != 2*time.Second {
		t.Errorf("wait 8s into the burst %v, want 2s", wait)
	}
	h.clock.fire(wait) // 10s in: the burst is over
	if wait, _ = h.nextWait(); wait != time.Minute {
		t.Errorf("wait after the burst %v, want 1m", wait)
	}
}

func TestBacksOffOnErrorsAndRecovers(t *testing.T) {
	h := start(t, Config{Interval: time.Minute, FastInterval: 5 * time.Second, MaxBackoff: 5 * time.Minute})
	h.nextWait()
	h.source.set(func(s *fakeSource) { s.err = &utec.HTTPError{StatusCode: 500} })
	var waits []time.Duration
	wait := time.Minute
	var st State
	for range 6 {
		h.clock.fire(wait)
		wait, st = h.nextWait()
		waits = append(waits, wait)
	}
	want := []time.Duration{5 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
	if st.FailingSince.IsZero() || st.LastErr == nil || len(st.Devices) != 2 || st.Devices[0].Status.Lock != utec.LockLocked {
		t.Errorf("while failing the last known state must stay: %+v", st)
	}
	h.source.set(func(s *fakeSource) { s.err = nil })
	h.clock.fire(wait)
	wait, st = h.nextWait()
	if wait != time.Minute || !st.FailingSince.IsZero() || st.LastErr != nil {
		t.Errorf("after recovery: wait %v, state %+v", wait, st)
	}
}

func TestHonoursRetryAfter(t *testing.T) {
	h := start(t, Config{Interval: time.Minute})
	h.nextWait()
	h.source.set(func(s *fakeSource) { s.err = &utec.HTTPError{StatusCode: 429, RetryAfter: 3 * time.Minute} })
	h.clock.fire(time.Minute)
	if wait, _ := h.nextWait(); wait != 3*time.Minute {
		t.Errorf("wait %v, want the server's 3m", wait)
	}
}

func TestStopsWhenTheSignInIsRefusedUntilRefresh(t *testing.T) {
	h := start(t, Config{Interval: time.Minute})
	h.nextWait()
	h.source.set(func(s *fakeSource) { s.err = utec.ErrReauthRequired })
	h.clock.fire(time.Minute)
	st := <-h.states
	if st.SignIn != signin.Refused {
		t.Fatalf("state %+v", st)
	}
	select {
	case d := <-h.clock.waits:
		t.Fatalf("poller scheduled a poll in %v after the sign-in was refused", d)
	case <-time.After(100 * time.Millisecond):
	}
	_, queries := h.source.counts()
	h.clock.advance(time.Hour)
	if _, q := h.source.counts(); q != queries {
		t.Error("poller kept polling while signed out")
	}
	h.source.set(func(s *fakeSource) { s.err = nil })
	h.poller.Refresh(false)
	wait, st := h.nextWait()
	if wait != time.Minute || st.SignIn != signin.OK {
		t.Errorf("after Refresh: wait %v, state %+v", wait, st)
	}
}

func TestRediscoversPeriodicallyAndOnRequest(t *testing.T) {
	h := start(t, Config{Interval: time.Minute, DiscoveryEvery: 3 * time.Minute})
	h.nextWait()
	h.source.set(func(s *fakeSource) { s.devices = append(s.devices, utec.Device{ID: "P1", Name: "Plug"}) })
	for range 3 {
		h.clock.fire(time.Minute)
		h.nextWait()
	}
	if d, _ := h.source.counts(); d != 2 {
		t.Errorf("%d discoveries after 3 minutes, want 2", d)
	}
	h.poller.Refresh(true)
	_, st := h.nextWait()
	if d, _ := h.source.counts(); d != 3 || len(st.Devices) != 3 {
		t.Errorf("%d discoveries, %d devices after Refresh(true)", d, len(st.Devices))
	}
}

func TestStartsFromTheCacheMarkedStale(t *testing.T) {
	cached := []Device{{Device: utec.Device{ID: "L1", Name: "Front Door"}, Status: utec.Status{DeviceID: "L1", Lock: utec.LockUnlocked},
		Updated: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)}}
	h := start(t, Config{Initial: cached})
	first := <-h.states
	if first.Loaded || len(first.Devices) != 1 || first.Devices[0].Status.Lock != utec.LockUnlocked || !first.Stale(&first.Devices[0]) {
		t.Errorf("first state should be the cache: %+v", first)
	}
	_, st := h.nextWait()
	if !st.Loaded || st.Devices[0].Status.Lock != utec.LockLocked || st.Stale(&st.Devices[0]) {
		t.Errorf("after the first poll: %+v", st)
	}
}

func TestCountsConsecutiveOfflineReadings(t *testing.T) {
	h := start(t, Config{Interval: time.Minute})
	h.nextWait()
	h.source.set(func(s *fakeSource) { s.offline = map[string]bool{"L2": true} })
	var st State
	for range 2 {
		h.clock.fire(time.Minute)
		_, st = h.nextWait()
	}
	if got := st.Devices[1].OfflineCount; got != 2 {
		t.Errorf("offline count %d after two offline readings, want 2", got)
	}
	if !st.Stale(&st.Devices[1]) || st.Stale(&st.Devices[0]) {
		t.Error("an offline device's state is stale, an online one's is not")
	}
	h.source.set(func(s *fakeSource) { s.offline = nil })
	h.clock.fire(time.Minute)
	if _, st = h.nextWait(); st.Devices[1].OfflineCount != 0 {
		t.Errorf("offline count %d once back online", st.Devices[1].OfflineCount)
	}
}

// TestResumeAfterSuspend: the clock jumps eight hours during one wait (a
// laptop asleep). The poller polls once, rediscovers (the list is due),
// and goes back to its interval: no burst of catch-up polls.
func TestResumeAfterSuspend(t *testing.T) {
	h := start(t, Config{Interval: time.Minute})
	h.nextWait()
	h.clock.fire(8 * time.Hour)
	wait, st := h.nextWait()
	if wait != time.Minute || st.LastErr != nil {
		t.Errorf("after resume: wait %v, err %v", wait, st.LastErr)
	}
	discovers, queries := h.source.counts()
	if discovers != 2 || queries != 2 {
		t.Errorf("%d discoveries and %d queries after resume, want 2 and 2", discovers, queries)
	}
}
