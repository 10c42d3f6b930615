package shortcuts

import (
	"context"
	"log/slog"
	"maps"
	"sync"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/platform/hotkey"
)

// State is how one action's shortcut stands.
type State struct {
	// On and Keys are what the settings ask for (Keys with the default
	// filled in).
	On   bool
	Keys string
	// Err is why the shortcut is not held; nil when it is held, or off.
	Err error
	// Pending is set while a change is under way.
	Pending bool
}

// Status is every action's State.
type Status map[Action]State

// Options are New's.
type Options struct {
	// Open opens the platform's grabber; default hotkey.Open. It is
	// called only once a shortcut is on.
	Open func(ctx context.Context, opts hotkey.Options) (hotkey.Grabber, error)
	// Fire does the action; called on the grabber's goroutine, it must
	// return at once (the controller's Click and OpenPanel do).
	Fire func(Action)
	// Changed is called when Status changed, on the manager's goroutine
	// or Apply's caller's; it must not block. OnChange sets it later.
	Changed func()
	AppID   string
	Logger  *slog.Logger
}

// The waits of the grabber's calls: opening reaches an X server or the
// session bus; a bind may wait for the person to answer the desktop's
// own dialog (the portal's).
const (
	openTimeout = 10 * time.Second
	bindTimeout = 2 * time.Minute
)

// Manager holds the shortcuts the settings turn on.
type Manager struct {
	opts    Options
	want    chan wish
	stopped chan struct{}
	cancel  context.CancelFunc
	ctx     context.Context

	mu      sync.Mutex // guards status, asked, last and changed
	changed func()
	status  Status
	// asked counts the Applies: a result stands only if no later one
	// came meanwhile, whose pending status it would hide.
	asked int
	last  config.Shortcuts

	grabber hotkey.Grabber // the manager's goroutine's only
}

// New starts a manager holding no shortcut.
func New(opts Options) *Manager {
	if opts.Open == nil {
		opts.Open = hotkey.Open
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Fire == nil {
		opts.Fire = func(Action) {}
	}
	if opts.Changed == nil {
		opts.Changed = func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Manager{opts: opts, want: make(chan wish, 1), stopped: make(chan struct{}),
		ctx: ctx, cancel: cancel, status: Status{}, changed: opts.Changed}
	go m.loop()
	return m
}

// wish is one Apply's shortcuts, numbered.
type wish struct {
	s config.Shortcuts
	n int
}

// Apply asks for the shortcuts of s; it returns at once, and a later
// Apply replaces one not yet done. The shortcuts last asked for again
// change nothing (the controller passes on every change of the
// settings, and the portal would ask the person again).
func (m *Manager) Apply(s config.Shortcuts) {
	m.mu.Lock()
	if m.asked > 0 && s == m.last {
		m.mu.Unlock()
		return
	}
	m.last = s
	m.asked++
	w := wish{s: s, n: m.asked}
	m.status = pending(s, m.status)
	changed := m.changed
	m.mu.Unlock()
	changed()
	for {
		select {
		case m.want <- w:
			return
		case <-m.want: // drop the older wish
		case <-m.stopped:
			return
		}
	}
}

// pending is the status while s is being applied: the settings' keys,
// the last errors of those on kept until the new result.
func pending(s config.Shortcuts, last Status) Status {
	st := Status{}
	for _, a := range Actions {
		sc := a.Setting(s)
		st[a] = State{On: sc.On, Keys: sc.Keys, Pending: true}
		if sc.On {
			st[a] = State{On: true, Keys: sc.Keys, Pending: true, Err: last[a].Err}
		}
	}
	return st
}

// Status is how each action's shortcut stands now.
func (m *Manager) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.status)
}

// done publishes the result of wish n, unless a later one is on its way.
func (m *Manager) done(n int, st Status) {
	m.mu.Lock()
	latest := n == m.asked
	if latest {
		m.status = st
	}
	changed := m.changed
	m.mu.Unlock()
	if latest {
		changed()
	}
}

// OnChange sets what is called when Status changed (Options.Changed).
func (m *Manager) OnChange(f func()) {
	if f == nil {
		f = func() {}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.changed = f
}

// Close lets every shortcut go and stops the manager.
func (m *Manager) Close() {
	m.cancel()
	<-m.stopped
}

func (m *Manager) loop() {
	defer close(m.stopped)
	defer m.closeGrabber()
	for {
		select {
		case w := <-m.want:
			m.done(w.n, m.apply(w.s))
		case <-m.ctx.Done():
			return
		}
	}
}

// apply holds the shortcuts of s and returns how each fared.
func (m *Manager) apply(s config.Shortcuts) Status {
	bindings, errs := Plan(s)
	if len(bindings) == 0 {
		m.closeGrabber()
	} else if err := m.openGrabber(); err != nil {
		for _, b := range bindings {
			errs[Action(b.ID)] = err
		}
		bindings = nil
	}
	if m.grabber != nil {
		ctx, cancel := context.WithTimeout(m.ctx, bindTimeout)
		for id, err := range m.grabber.Bind(ctx, bindings) {
			errs[Action(id)] = err
		}
		cancel()
	}
	st := Status{}
	for _, a := range Actions {
		sc := a.Setting(s)
		st[a] = State{On: sc.On, Keys: sc.Keys, Err: errs[a]}
		switch {
		case errs[a] != nil:
			m.opts.Logger.Warn("a keyboard shortcut is not held", "action", string(a), "keys", sc.Keys, "err", errs[a])
		case sc.On:
			m.opts.Logger.Info("a keyboard shortcut is held", "action", string(a), "keys", sc.Keys)
		}
	}
	return st
}

func (m *Manager) openGrabber() error {
	if m.grabber != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(m.ctx, openTimeout)
	defer cancel()
	g, err := m.opts.Open(ctx, hotkey.Options{AppID: m.opts.AppID, Logger: m.opts.Logger, Activated: m.fire})
	if err != nil {
		return err
	}
	m.grabber = g
	return nil
}

// closeGrabber lets every shortcut go: with none on, the app keeps no
// connection for them.
func (m *Manager) closeGrabber() {
	if m.grabber == nil {
		return
	}
	if err := m.grabber.Close(); err != nil {
		m.opts.Logger.Debug("could not let the shortcuts go", "err", err)
	}
	m.grabber = nil
}

func (m *Manager) fire(id string) {
	m.opts.Logger.Info("a keyboard shortcut was pressed", "action", id)
	m.opts.Fire(Action(id))
}
