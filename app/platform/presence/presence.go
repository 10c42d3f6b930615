// Package presence tells whether someone is at the computer: how long
// since the last keyboard or mouse input, and whether the screen is locked
// or the session inactive. The poller's pace (app/pace) reads it to poll
// fast while the person is here and slowly while they are not.
//
// Sources, asked in order, the first answer on the idle time and the first
// on the lock winning (a source that could tell nothing new is not asked,
// so a look costs two or three local calls):
//
//   - GNOME's Mutter IdleMonitor (org.gnome.Mutter.IdleMonitor GetIdletime),
//   - org.freedesktop.ScreenSaver GetSessionIdleTime (KDE),
//   - X11's MIT-SCREEN-SAVER extension (QueryInfo, pure Go through xgb),
//   - logind's session (IdleHint, IdleSinceHint, LockedHint, Active), on
//     the system bus,
//   - org.freedesktop.ScreenSaver and org.gnome.ScreenSaver GetActive,
//   - on Windows, GetLastInputInfo.
//
// On macOS there is no source: the one that tells
// (CGEventSourceSecondsSinceLastEventType) needs cgo, which this package
// does not use, so the person always counts as present there.
//
// When no source answers, the person counts as present (safety first: the
// state shown stays fresh). A source that fails is left alone for a while
// (retryAfter) so that a desktop without it costs nothing per sample.
// Every call has a timeout; Sample blocks on D-Bus or X11 and must not run
// on the UI goroutine (the poller's goroutine calls it).
package presence

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Reading is what the sources said at one moment.
type Reading struct {
	// Idle is the time since the last input; 0 when no source knows.
	Idle time.Duration
	// Locked is set when the screen is locked or the session inactive.
	Locked bool
	// IdleFrom and LockedBy name the sources that said so ("" when none).
	IdleFrom, LockedBy string
}

// answer is one source's reading.
type answer struct {
	idle    time.Duration
	hasIdle bool
	locked  bool
}

// source is one way of telling presence.
type source interface {
	name() string
	// givesIdle says whether the source can tell the idle time; one that
	// can tell nothing else is skipped once an earlier one told it.
	givesIdle() (idle, lock bool)
	read(ctx context.Context) (answer, error)
	close()
}

// errUnsupported is a source's answer when this desktop does not offer it.
var errUnsupported = errors.New("presence: not offered by this desktop")

// retryAfter is how long a failed source is left alone.
const retryAfter = 5 * time.Minute

// DefaultTimeout bounds one Sample when its context has no deadline.
const DefaultTimeout = 2 * time.Second

// Options configure a Monitor. The zero value watches this desktop.
type Options struct {
	// SessionBus and SystemBus are D-Bus addresses; empty: the
	// environment's (DBUS_SESSION_BUS_ADDRESS, DBUS_SYSTEM_BUS_ADDRESS or
	// the system bus's standard socket).
	SessionBus, SystemBus string
	// Display is the X display; empty: $DISPLAY.
	Display string
	Logger  *slog.Logger
	// Now is the clock for the retry of failed sources; default time.Now.
	Now func() time.Time
}

// Monitor samples the sources. Safe for concurrent use; one Sample runs at
// a time.
type Monitor struct {
	log     *slog.Logger
	now     func() time.Time
	mu      sync.Mutex
	sources []source
	// failedAt holds when each source last failed; zero while it works.
	failedAt []time.Time
	logged   map[string]bool
	closed   bool
}

// New returns a Monitor of this platform's sources. It connects to
// nothing until the first Sample.
func New(opts Options) *Monitor {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return newMonitor(platformSources(opts), opts)
}

func newMonitor(sources []source, opts Options) *Monitor {
	return &Monitor{log: opts.Logger, now: opts.Now, sources: sources,
		failedAt: make([]time.Time, len(sources)), logged: map[string]bool{}}
}

// Sample is Read for the poller (poller.Presence): the idle time and
// whether the screen is locked.
func (m *Monitor) Sample(ctx context.Context) (time.Duration, bool) {
	r := m.Read(ctx)
	return r.Idle, r.Locked
}

// Read asks the sources. It never fails: what no source tells counts as
// present and unlocked.
func (m *Monitor) Read(ctx context.Context) Reading {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var r Reading
	if m.closed {
		return r // present: nothing is asked any more
	}
	lockKnown := false
	for i, s := range m.sources {
		idle, lock := s.givesIdle()
		if (r.IdleFrom != "" || !idle) && (!lock || lockKnown) {
			continue // it could tell nothing new
		}
		if t := m.failedAt[i]; !t.IsZero() && m.now().Sub(t) < retryAfter {
			continue
		}
		a, err := s.read(ctx)
		if err != nil {
			m.failed(i, s, err)
			continue
		}
		m.failedAt[i] = time.Time{}
		if a.hasIdle && r.IdleFrom == "" {
			r.Idle, r.IdleFrom = a.idle, s.name()
		}
		if lock && !lockKnown {
			lockKnown = true
			if a.locked {
				r.Locked, r.LockedBy = true, s.name()
			}
		}
	}
	return r
}

// failed notes a source's failure, logged once per source (a desktop
// without it fails the same way every time).
func (m *Monitor) failed(i int, s source, err error) {
	m.failedAt[i] = m.now()
	if !m.logged[s.name()] {
		m.logged[s.name()] = true
		m.log.Debug("presence: a source does not answer; asked again later", "source", s.name(), "err", err)
	}
}

// Close ends the sources' connections; a Read after it asks nothing.
func (m *Monitor) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	for _, s := range m.sources {
		s.close()
	}
}
