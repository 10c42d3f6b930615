//go:build linux || freebsd || openbsd || netbsd

package presence

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/platform/dbusdial"
)

// The D-Bus names the sources ask.
const (
	mutterName      = "org.gnome.Mutter.IdleMonitor"
	mutterPath      = dbus.ObjectPath("/org/gnome/Mutter/IdleMonitor/Core")
	fdoSaverName    = "org.freedesktop.ScreenSaver"
	fdoSaverPath    = dbus.ObjectPath("/org/freedesktop/ScreenSaver")
	gnomeSaverName  = "org.gnome.ScreenSaver"
	gnomeSaverPath  = dbus.ObjectPath("/org/gnome/ScreenSaver")
	logindName      = "org.freedesktop.login1"
	logindPath      = dbus.ObjectPath("/org/freedesktop/login1")
	logindManager   = "org.freedesktop.login1.Manager"
	logindSession   = "org.freedesktop.login1.Session"
	systemBusSocket = "unix:path=/var/run/dbus/system_bus_socket"
	// presenceDialTimeout bounds a connection to a bus.
	presenceDialTimeout = 2 * time.Second
)

func platformSources(opts Options) []source {
	session := &lazyBus{addr: func() string {
		if opts.SessionBus != "" {
			return opts.SessionBus
		}
		return os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	}}
	system := &lazyBus{addr: func() string {
		if opts.SystemBus != "" {
			return opts.SystemBus
		}
		if a := os.Getenv("DBUS_SYSTEM_BUS_ADDRESS"); a != "" {
			return a
		}
		return systemBusSocket
	}}
	display := opts.Display
	if display == "" {
		display = os.Getenv("DISPLAY")
	}
	return []source{
		&mutter{bus: session},
		&saverIdle{bus: session},
		&x11Source{display: display},
		&logind{bus: system},
		&saverActive{bus: session},
	}
}

// lazyBus is a private connection to one bus, made at its first use and
// made again after it broke. Shared by the sources on that bus, which the
// Monitor asks one at a time.
type lazyBus struct {
	addr func() string
	mu   sync.Mutex
	conn *dbus.Conn
}

func (b *lazyBus) get(ctx context.Context) (*dbus.Conn, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != nil && b.conn.Connected() {
		return b.conn, nil
	}
	addr := b.addr()
	if addr == "" {
		return nil, fmt.Errorf("%w: no bus address", errUnsupported)
	}
	// The connection outlives this look (a context that ends would close
	// it: each look would connect anew); the look's deadline bounds the
	// wait.
	wait := presenceDialTimeout
	if deadline, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(deadline))
	}
	conn, err := dbusdial.Dial(context.Background(), addr, wait)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", addr, err)
	}
	b.conn = conn
	return conn, nil
}

func (b *lazyBus) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != nil {
		_ = b.conn.Close()
		b.conn = nil
	}
}

// call calls method (without arguments) on name's object and stores its
// answer in out.
func (b *lazyBus) call(ctx context.Context, name string, path dbus.ObjectPath, method string, out ...any) error {
	return b.callWith(ctx, name, path, method, nil, out...)
}

func (b *lazyBus) callWith(ctx context.Context, name string, path dbus.ObjectPath, method string, args []any, out ...any) error {
	conn, err := b.get(ctx)
	if err != nil {
		return err
	}
	// NoAutoStart: asking whether the person is there must not start a
	// screensaver or a desktop's shell that the bus could activate (the
	// session bus of a machine with GNOME installed starts one for an
	// org.gnome.ScreenSaver call); a service not running is not a source.
	if err := conn.Object(name, path).CallWithContext(ctx, method, dbus.FlagNoAutoStart, args...).Store(out...); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	return nil
}

// mutter is GNOME's idle monitor.
type mutter struct{ bus *lazyBus }

func (*mutter) name() string                 { return "mutter" }
func (*mutter) givesIdle() (idle, lock bool) { return true, false }
func (s *mutter) close()                     { s.bus.close() }
func (s *mutter) read(ctx context.Context) (answer, error) {
	var ms uint64
	if err := s.bus.call(ctx, mutterName, mutterPath, mutterName+".GetIdletime", &ms); err != nil {
		return answer{}, err
	}
	return answer{idle: time.Duration(ms) * time.Millisecond, hasIdle: true}, nil
}

// saverIdle is the freedesktop screensaver's idle time (KDE answers it;
// GNOME's answers an error). The specification counts it in seconds.
type saverIdle struct{ bus *lazyBus }

func (*saverIdle) name() string                 { return "screensaver" }
func (*saverIdle) givesIdle() (idle, lock bool) { return true, false }
func (s *saverIdle) close()                     { s.bus.close() }
func (s *saverIdle) read(ctx context.Context) (answer, error) {
	var seconds uint32
	if err := s.bus.call(ctx, fdoSaverName, fdoSaverPath, fdoSaverName+".GetSessionIdleTime", &seconds); err != nil {
		return answer{}, err
	}
	return answer{idle: time.Duration(seconds) * time.Second, hasIdle: true}, nil
}

// saverActive is whether a screensaver (freedesktop's, else GNOME's) says
// the screen is locked.
type saverActive struct{ bus *lazyBus }

func (*saverActive) name() string                 { return "screensaver-active" }
func (*saverActive) givesIdle() (idle, lock bool) { return false, true }
func (s *saverActive) close()                     { s.bus.close() }
func (s *saverActive) read(ctx context.Context) (answer, error) {
	var active bool
	err := s.bus.call(ctx, fdoSaverName, fdoSaverPath, fdoSaverName+".GetActive", &active)
	if err != nil {
		if gerr := s.bus.call(ctx, gnomeSaverName, gnomeSaverPath, gnomeSaverName+".GetActive", &active); gerr != nil {
			return answer{}, fmt.Errorf("%w; %w", err, gerr)
		}
	}
	return answer{locked: active}, nil
}

// logind is this login session's hints: idle (set by the desktop after
// its idle delay), locked, and whether the session is the active one.
type logind struct {
	bus  *lazyBus
	path dbus.ObjectPath // this session's object, once found
}

func (*logind) name() string                 { return "logind" }
func (*logind) givesIdle() (idle, lock bool) { return true, true }
func (s *logind) close()                     { s.bus.close() }

func (s *logind) read(ctx context.Context) (answer, error) {
	if s.path == "" {
		var path dbus.ObjectPath
		if err := s.bus.callWith(ctx, logindName, logindPath, logindManager+".GetSessionByPID", []any{uint32(os.Getpid())}, &path); err != nil {
			return answer{}, err
		}
		s.path = path
	}
	var props map[string]dbus.Variant
	if err := s.bus.callWith(ctx, logindName, s.path, "org.freedesktop.DBus.Properties.GetAll", []any{logindSession}, &props); err != nil {
		s.path = "" // the session may have gone: look it up again
		return answer{}, fmt.Errorf("session properties: %w", err)
	}
	return sessionAnswer(props, time.Now()), nil
}

// idleUnknownSince is the idle time of a session logind calls idle
// without saying since when.
const idleUnknownSince = time.Hour

// sessionAnswer reads logind's session properties: IdleSinceHint is the
// wall-clock time (µs since the epoch) the idle hint last changed.
func sessionAnswer(props map[string]dbus.Variant, now time.Time) answer {
	flag := func(name string) (value, ok bool) {
		v, ok := props[name].Value().(bool)
		return v, ok
	}
	var a answer
	if idle, ok := flag("IdleHint"); ok {
		a.hasIdle = true
		since, ok := props["IdleSinceHint"].Value().(uint64)
		switch {
		case idle && ok && since > 0:
			a.idle = max(now.Sub(time.UnixMicro(int64(since))), 0)
		case idle:
			// Idle since an unknown time: at least the desktop's idle
			// delay, so away.
			a.idle = idleUnknownSince
		}
	}
	locked, _ := flag("LockedHint")
	active, known := flag("Active")
	a.locked = locked || (known && !active)
	return a
}
