// Package poller keeps the devices' states fresh. One Poller owns them: it
// asks the cloud for every device in one Query per cycle (one per batch of
// twenty in a large home), at the pace of app/pace when given one (fast
// while the person is at the computer, slower when away or locked, at once
// on their return: pace.go), polls fast for a while after a command, backs off with jitter when the
// cloud fails, re-runs discovery now and then, and stops asking once the
// sign-in is gone. Every change is handed to OnUpdate as a whole State.
package poller

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/utec-tray/utec-tray/app/pace"
	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/utec"
)

// Source is where the devices and their states come from: the session's
// signed-in client (session.Session) in the app. Its errors say what they
// mean for the sign-in through the signin package.
type Source interface {
	Devices(ctx context.Context) ([]utec.Device, error)
	Query(ctx context.Context, devices []utec.Device) ([]utec.Status, error)
}

// Clock is the time the poller lives by; tests use a fake one.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Defaults of a Poller.
const (
	DefaultFastInterval   = 5 * time.Second
	DefaultFastFor        = 90 * time.Second
	DefaultDiscoveryEvery = 6 * time.Hour
	DefaultMaxBackoff     = 10 * time.Minute
	// DefaultRequestTimeout bounds one Discovery or Query call.
	DefaultRequestTimeout = 25 * time.Second
)

// Config configures a Poller. Source and Interval are required.
type Config struct {
	Source Source
	// Interval is the idle interval (the person's setting).
	Interval time.Duration
	// FastInterval is the interval for FastFor after Burst.
	FastInterval time.Duration
	FastFor      time.Duration
	// DiscoveryEvery is how often the device list is fetched again.
	DiscoveryEvery time.Duration
	// MaxBackoff caps the wait after failures.
	MaxBackoff time.Duration
	// RequestTimeout bounds one Discovery or Query call.
	RequestTimeout time.Duration
	// Initial is the state to start from: the last run's devices, shown
	// until the first answer (all marked stale).
	Initial []Device
	// OnUpdate receives every new State, on the poller's goroutine. It must
	// not block for long.
	OnUpdate func(State)
	Clock    Clock
	Logger   *slog.Logger
	// Jitter returns a random fraction in [0, 1); default math/rand.
	Jitter func() float64
	// Pace, when its Here is set, replaces Interval by the pace of
	// app/pace: fast while the person is here, slower when away or the
	// screen is locked (pace.go).
	Pace pace.Intervals
	// Presence tells the pace whether the person is here; nil: always.
	Presence Presence
	// LookEvery is how often presence is looked at while the person is
	// away; default DefaultLookEvery.
	LookEvery time.Duration
}

// Device is one device with the last status read for it.
type Device struct {
	Device utec.Device `json:"device"`
	Status utec.Status `json:"status"`
	// Updated is when Status was last read successfully; zero if never.
	Updated time.Time `json:"updated"`
	// Err is the cloud's error for this device in the last answer, if any;
	// Status then keeps the last good reading.
	Err *utec.DeviceError `json:"-"`
	// OfflineCount counts consecutive readings of "offline": a single one
	// can be a blip.
	OfflineCount int `json:"-"`
	// LastOnline is when the device was last read as online; zero if never
	// (an offline device's state is then the cloud's last knowledge, of
	// unknown age).
	LastOnline time.Time `json:"lastOnline"`
}

// Stale reports whether the device's status is not a current reading: it
// comes from the last run's cache, the cloud is failing, it did not answer
// for this device in the last poll, or the device is offline (the cloud
// then reports its last knowledge, which may be months old).
func (s *State) Stale(d *Device) bool {
	return !s.Loaded || !s.FailingSince.IsZero() || d.Updated.IsZero() || d.Updated.Before(s.LastPoll) ||
		d.Err != nil || (d.Status.Online != nil && !*d.Status.Online)
}

// State is everything the poller knows, handed out whole on every change.
type State struct {
	Devices []Device
	// Loaded is true once the device list came from the cloud (not only
	// from the cache).
	Loaded bool
	// LastPoll is when the last successful Query finished.
	LastPoll time.Time
	// FailingSince is when polls started failing; zero while they work.
	FailingSince time.Time
	// LastErr is the last poll's error; nil when it worked.
	LastErr error
	// SignIn is what the last poll said of the sign-in. While one is
	// needed (signed out, or refused) polling stops until Refresh or Burst.
	SignIn signin.State
	// Polls counts the polls made, for tests and the diagnostics.
	Polls int
}

// Poller owns the device state. Its methods are safe for concurrent use.
type Poller struct {
	cfg Config

	wake chan struct{}
	// repace tells a wait that the pace's facts changed.
	repace   chan struct{}
	mu       sync.Mutex
	interval time.Duration
	fastTill time.Time
	discover bool
	paused   bool
	pace     paceState
}

// New returns a Poller; Run starts it.
func New(cfg Config) *Poller {
	if cfg.FastInterval <= 0 {
		cfg.FastInterval = DefaultFastInterval
	}
	if cfg.FastFor <= 0 {
		cfg.FastFor = DefaultFastFor
	}
	if cfg.DiscoveryEvery <= 0 {
		cfg.DiscoveryEvery = DefaultDiscoveryEvery
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	if cfg.OnUpdate == nil {
		cfg.OnUpdate = func(State) {}
	}
	if cfg.LookEvery <= 0 {
		cfg.LookEvery = DefaultLookEvery
	}
	return &Poller{cfg: cfg, wake: make(chan struct{}, 1), repace: make(chan struct{}, 1), interval: cfg.Interval,
		discover: true, pace: paceState{intervals: cfg.Pace}}
}

// Refresh asks for a poll now (and a discovery when rediscover is true).
// It also resumes a poller stopped by a refused sign-in.
func (p *Poller) Refresh(rediscover bool) {
	p.mu.Lock()
	p.discover = p.discover || rediscover
	p.paused = false
	p.mu.Unlock()
	p.poke()
}

// Burst polls now and then fast for a while: a command was just sent.
func (p *Poller) Burst() {
	p.mu.Lock()
	p.fastTill = p.cfg.Clock.Now().Add(p.cfg.FastFor)
	p.pace.lastCommand = p.cfg.Clock.Now()
	p.paused = false
	p.mu.Unlock()
	p.poke()
}

// SetInterval changes the idle interval; it applies from the next wait.
func (p *Poller) SetInterval(d time.Duration) {
	p.mu.Lock()
	p.interval = d
	p.mu.Unlock()
	p.poke()
}

func (p *Poller) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run polls until ctx ends. It publishes the initial (cached) state first.
func (p *Poller) Run(ctx context.Context) {
	st := State{Devices: append([]Device(nil), p.cfg.Initial...)}
	if len(st.Devices) > 0 {
		p.cfg.OnUpdate(cloneState(st))
	}
	failures := 0
	var lastDiscovery time.Time
	for {
		p.mu.Lock()
		paused := p.paused
		discover := p.discover || len(st.Devices) == 0 || !st.Loaded ||
			p.cfg.Clock.Now().Sub(lastDiscovery) >= p.cfg.DiscoveryEvery
		p.discover = false
		p.mu.Unlock()

		var wait time.Duration
		if !paused {
			err := p.poll(ctx, &st, discover)
			if ctx.Err() != nil {
				return
			}
			if discover && err == nil {
				lastDiscovery = p.cfg.Clock.Now()
			}
			if discover && err != nil {
				p.mu.Lock()
				p.discover = true // try again next time
				p.mu.Unlock()
			}
			switch {
			case err == nil:
				failures = 0
			case signin.Of(err).Needed():
				p.mu.Lock()
				p.paused = true
				p.mu.Unlock()
			default:
				failures++
			}
			p.cfg.OnUpdate(cloneState(st))
			p.look(ctx)
			wait = p.nextWait(failures, err)
		}
		if !p.sleep(ctx, wait, failures > 0) {
			return
		}
	}
}

// nextWait picks the wait before the next poll: the fast interval during a
// burst, the pace's interval otherwise (the fixed Interval without one), and after failures an exponential
// back-off from the interval with ±20 % jitter (or the server's
// Retry-After, when longer), capped at MaxBackoff.
func (p *Poller) nextWait(failures int, err error) time.Duration {
	now := p.cfg.Clock.Now()
	p.mu.Lock()
	interval, _ := p.decide(now)
	fastTill := p.fastTill
	paused := p.paused
	p.mu.Unlock()
	if paused {
		return 0
	}
	if failures == 0 {
		if now.Before(fastTill) {
			return p.cfg.FastInterval
		}
		return interval
	}
	// The first failure retries at the fast interval: a single failed poll
	// is often a blip. Later ones back off.
	base := p.cfg.FastInterval
	if failures > 1 {
		base = interval << min(failures-2, 6)
	}
	jittered := time.Duration(float64(base) * (0.8 + 0.4*p.cfg.Jitter()))
	wait := min(jittered, p.cfg.MaxBackoff)
	return max(wait, utec.RetryAfter(err))
}

// poll runs one cycle: discovery when asked, then one Query of all devices.
func (p *Poller) poll(ctx context.Context, st *State, discover bool) error {
	ctx, cancel := context.WithTimeout(ctx, 2*p.cfg.RequestTimeout)
	defer cancel()
	st.Polls++
	err := p.pollRecovered(ctx, st, discover)
	if err != nil {
		st.LastErr = err
		if st.FailingSince.IsZero() {
			st.FailingSince = p.cfg.Clock.Now()
		}
		st.SignIn = signin.Of(err)
		p.cfg.Logger.Warn("poll failed", "err", err)
		return err
	}
	st.LastErr, st.FailingSince, st.SignIn = nil, time.Time{}, signin.OK
	return nil
}

// pollRecovered is pollOnce with a panic turned into an error (logged with
// its stack): an answer that trips a bug costs one poll, and the next one
// runs as usual.
func (p *Poller) pollRecovered(ctx context.Context, st *State, discover bool) (err error) {
	defer panics.Recover(p.cfg.Logger, "poll", &err)
	return p.pollOnce(ctx, st, discover)
}

func (p *Poller) pollOnce(ctx context.Context, st *State, discover bool) error {
	if discover {
		dctx, cancel := context.WithTimeout(ctx, p.cfg.RequestTimeout)
		devices, err := p.cfg.Source.Devices(dctx)
		cancel()
		if err != nil {
			return err
		}
		st.Devices = mergeDevices(st.Devices, devices)
		st.Loaded = true
	}
	if len(st.Devices) == 0 {
		st.LastPoll = p.cfg.Clock.Now()
		return nil
	}
	devices := make([]utec.Device, len(st.Devices))
	for i := range st.Devices {
		devices[i] = st.Devices[i].Device
	}
	qctx, cancel := context.WithTimeout(ctx, p.cfg.RequestTimeout)
	statuses, err := p.cfg.Source.Query(qctx, devices)
	cancel()
	if err != nil {
		return err
	}
	now := p.cfg.Clock.Now()
	byID := make(map[string]utec.Status, len(statuses))
	for _, s := range statuses {
		byID[s.DeviceID] = s
	}
	for i := range st.Devices {
		d := &st.Devices[i]
		s, ok := byID[d.Device.ID]
		switch {
		case !ok:
			d.Err = &utec.DeviceError{DeviceID: d.Device.ID, Code: "DEVICE_NOT_FOUND", Message: "not in the answer"}
		case s.Err != nil:
			d.Err = s.Err
			if errors.Is(s.Err, utec.ErrDeviceNotFound) {
				// The device may have been removed or re-registered.
				p.mu.Lock()
				p.discover = true
				p.mu.Unlock()
			}
		default:
			d.Err = nil
			d.Status = s
			d.Updated = now
			if s.Online != nil && !*s.Online {
				d.OfflineCount++
			} else {
				d.OfflineCount = 0
				d.LastOnline = now
			}
		}
	}
	st.LastPoll = now
	return nil
}

// mergeDevices takes the cloud's device list, keeping what is known of
// devices that stay, so that a re-discovery loses no state.
func mergeDevices(old []Device, fresh []utec.Device) []Device {
	byID := make(map[string]Device, len(old))
	for _, d := range old {
		byID[d.Device.ID] = d
	}
	out := make([]Device, len(fresh))
	for i, f := range fresh {
		d := byID[f.ID]
		d.Device = f
		if d.Status.DeviceID == "" {
			d.Status.DeviceID = f.ID
		}
		out[i] = d
	}
	return out
}

func cloneState(st State) State {
	st.Devices = append([]Device(nil), st.Devices...)
	return st
}
