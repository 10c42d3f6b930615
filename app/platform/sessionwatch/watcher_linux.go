package sessionwatch

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/platform/dbusdial"
	"github.com/utec-tray/utec-tray/app/platform/dbusowner"
)

// logind's and the screensavers' names.
const (
	logindName     = "org.freedesktop.login1"
	logindPath     = dbus.ObjectPath("/org/freedesktop/login1")
	logindManager  = "org.freedesktop.login1.Manager"
	logindSession  = "org.freedesktop.login1.Session"
	fdoScreenSaver = "org.freedesktop.ScreenSaver"
	gnomeSaver     = "org.gnome.ScreenSaver"
	// systemBusDefault is where the system bus listens when
	// DBUS_SYSTEM_BUS_ADDRESS is not set (the D-Bus specification).
	systemBusDefault = "unix:path=/var/run/dbus/system_bus_socket"
)

// screenLockDebounce keeps one screen lock that several services announce
// (GNOME's screensaver and logind both) from locking twice.
const screenLockDebounce = 5 * time.Second

// Watcher watches sleep and the screen lock. Its methods are safe for
// concurrent use.
type Watcher struct {
	opts Options
	log  *slog.Logger

	life   context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// want carries Want's wishes to the loop; the latest wins.
	want chan wish

	mu    sync.Mutex
	avail Availability
	// debounce is screenLockDebounce; tests shorten it.
	debounce time.Duration
}

type wish struct{ sleep, screen bool }

// New returns a Watcher; Start runs it.
func New(opts Options) *Watcher {
	opts.defaults()
	w := &Watcher{opts: opts, log: opts.Logger, want: make(chan wish, 1), debounce: screenLockDebounce}
	w.life, w.cancel = context.WithCancel(context.Background())
	return w
}

// Start connects to the buses and watches, in the background.
func (w *Watcher) Start() {
	w.wg.Add(1)
	go func() { defer w.wg.Done(); w.run() }()
}

// Want says whether any lock is chosen for sleep and for the screen lock.
// The sleep inhibitor is held only while sleep is wanted. It returns at
// once.
func (w *Watcher) Want(sleep, screen bool) {
	for {
		select {
		case w.want <- wish{sleep, screen}:
			return
		default:
		}
		select { // drop the older wish
		case <-w.want:
		default:
		}
	}
}

// Availability says what this desktop lets the Watcher see.
func (w *Watcher) Availability() Availability {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.avail
}

// Close releases the inhibitor and the connections and waits for the
// loop.
func (w *Watcher) Close() error {
	w.cancel()
	w.wg.Wait()
	return nil
}

// state is the loop's own.
type state struct {
	system, session *dbus.Conn
	sessionPath     dbus.ObjectPath // this login session's logind object, "" if unknown
	logind          bool
	wish            wish
	inhibitor       int // the delay inhibitor's fd; -1 when none is held
	sleeping        bool
	lockedScreenAt  time.Time
	// systemOwners and sessionOwners follow who owns logind's and the
	// screensavers' names: only their signals are acted on.
	systemOwners, sessionOwners *dbusowner.Owners
	// forgeryLogged is set once a signal not sent by its service was
	// logged: a peer that keeps sending them must not fill the log.
	forgeryLogged bool
}

func (w *Watcher) run() {
	st := &state{inhibitor: -1}
	defer func() {
		w.release(st)
		for _, c := range []*dbus.Conn{st.system, st.session} {
			if c != nil {
				_ = c.Close()
			}
		}
	}()
	systemSignals := w.connectSystem(st)
	sessionSignals := w.connectSession(st)
	w.publish(st)
	for {
		select {
		case <-w.life.Done():
			return
		case st.wish = <-w.want:
			w.syncInhibitor(st)
		case sig, ok := <-systemSignals:
			if !ok {
				w.log.Warn("lost the system bus: no more locking on sleep")
				systemSignals, st.logind = nil, false
				w.release(st) // logind dropped it with the connection
				w.publish(st)
				continue
			}
			w.onSignal(st, st.systemOwners, sig)
		case sig, ok := <-sessionSignals:
			if !ok {
				sessionSignals = nil
				continue
			}
			w.onSignal(st, st.sessionOwners, sig)
		}
	}
}

// senderOf names the service whose signal sig would be, or "" when the
// Watcher does not act on it.
func senderOf(sig *dbus.Signal) string {
	switch sig.Name {
	case logindManager + ".PrepareForSleep", logindSession + ".Lock", logindSession + ".Unlock":
		return logindName
	case fdoScreenSaver + ".ActiveChanged":
		return fdoScreenSaver
	case gnomeSaver + ".ActiveChanged":
		return gnomeSaver
	}
	return ""
}

// onSignal acts on a signal of the bus owners follows, when the service it
// claims to come from sent it. Anyone on a bus can address a signal of any
// name to the Watcher's connection (match rules do not stop those), and a
// forged PrepareForSleep would make it give up its sleep inhibitor early.
func (w *Watcher) onSignal(st *state, owners *dbusowner.Owners, sig *dbus.Signal) {
	if owners == nil || owners.Follow(sig) {
		return
	}
	service := senderOf(sig)
	if service == "" {
		return
	}
	if !owners.Sent(service, sig) {
		w.forged(st, service, sig)
		return
	}
	switch {
	case sig.Name == logindManager+".PrepareForSleep" && len(sig.Body) == 1:
		start, _ := sig.Body[0].(bool)
		if start {
			w.beforeSleep(st)
		} else {
			w.afterSleep(st)
		}
	case sig.Name == logindSession+".Lock" && sig.Path == st.sessionPath && st.sessionPath != "":
		w.screenLocked(st, "logind")
	case sig.Name == logindSession+".Unlock" && sig.Path == st.sessionPath && st.sessionPath != "":
		w.screenUnlocked(st, "logind")
	case (sig.Name == fdoScreenSaver+".ActiveChanged" || sig.Name == gnomeSaver+".ActiveChanged") && len(sig.Body) == 1:
		if active, _ := sig.Body[0].(bool); active {
			w.screenLocked(st, sig.Name)
		} else {
			w.screenUnlocked(st, sig.Name)
		}
	}
}

// forged logs, once, a signal its service did not send.
func (w *Watcher) forged(st *state, service string, sig *dbus.Signal) {
	level := slog.LevelDebug
	if !st.forgeryLogged {
		st.forgeryLogged, level = true, slog.LevelWarn
	}
	w.log.Log(w.life, level, "ignored a D-Bus signal that "+service+" did not send (another program on the bus sent it; further ones are logged at debug level)",
		"signal", sig.Name, "sender", sig.Sender)
}

func (w *Watcher) beforeSleep(st *state) {
	if st.sleeping {
		return
	}
	st.sleeping = true
	if !st.wish.sleep {
		return
	}
	w.log.Info("the computer is going to sleep: locking first", "inhibitor", st.inhibitor >= 0)
	if w.opts.BeforeSleep != nil {
		ctx, cancel := context.WithTimeout(w.life, w.opts.MaxDelay)
		began := time.Now()
		w.opts.BeforeSleep(ctx)
		cancel()
		w.log.Info("ready to sleep", "took", time.Since(began).Round(time.Millisecond))
	}
	w.release(st)
}

func (w *Watcher) afterSleep(st *state) {
	if !st.sleeping {
		return
	}
	st.sleeping = false
	w.syncInhibitor(st)
	if st.wish.sleep && w.opts.AfterSleep != nil {
		w.opts.AfterSleep()
	}
}

func (w *Watcher) screenLocked(st *state, by string) {
	if !st.wish.screen {
		return
	}
	now := time.Now()
	if !st.lockedScreenAt.IsZero() && now.Sub(st.lockedScreenAt) < w.debounce {
		return
	}
	st.lockedScreenAt = now
	w.log.Info("the screen locked: locking", "seen by", by)
	if w.opts.ScreenLocked != nil {
		w.opts.ScreenLocked()
	}
}

// screenUnlocked tells of the person's return after a screen lock the
// Watcher saw; like the lock, several services may announce one unlock,
// and an unlock without a lock seen first (a screensaver that only
// blanked, the app started on a locked screen) is no return.
func (w *Watcher) screenUnlocked(st *state, by string) {
	if !st.wish.screen || st.lockedScreenAt.IsZero() {
		return
	}
	st.lockedScreenAt = time.Time{}
	w.log.Info("the screen unlocked", "seen by", by)
	if w.opts.ScreenUnlocked != nil {
		w.opts.ScreenUnlocked()
	}
}

// syncInhibitor takes the delay inhibitor when sleep is wanted and none is
// held, and releases it when sleep is no longer wanted. While the
// computer is going to sleep it takes none: the next wake does.
func (w *Watcher) syncInhibitor(st *state) {
	switch {
	case st.wish.sleep && st.inhibitor < 0 && st.logind && !st.sleeping:
		fd, err := w.inhibit(st.system)
		if err != nil {
			w.log.Warn("cannot delay sleep to lock the doors first", "err", err)
			return
		}
		st.inhibitor = fd
		w.log.Debug("holding a sleep delay inhibitor")
	case !st.wish.sleep && st.inhibitor >= 0:
		w.release(st)
	}
}

func (w *Watcher) inhibit(conn *dbus.Conn) (int, error) {
	ctx, cancel := context.WithTimeout(w.life, w.opts.CallTimeout)
	defer cancel()
	var fd dbus.UnixFD
	err := conn.Object(logindName, logindPath).CallWithContext(ctx, logindManager+".Inhibit", 0,
		"sleep", InhibitWho, InhibitWhy, "delay").Store(&fd)
	if err != nil {
		return -1, fmt.Errorf("logind Inhibit: %w", err)
	}
	return int(fd), nil
}

func (w *Watcher) release(st *state) {
	if st.inhibitor < 0 {
		return
	}
	if err := syscall.Close(st.inhibitor); err != nil {
		w.log.Warn("release the sleep inhibitor", "err", err)
	}
	st.inhibitor = -1
}

// connectSystem connects to the system bus and subscribes to logind's
// sleep and this session's Lock; nil when there is no logind.
func (w *Watcher) connectSystem(st *state) <-chan *dbus.Signal {
	addr := os.Getenv("DBUS_SYSTEM_BUS_ADDRESS")
	if addr == "" {
		addr = systemBusDefault
	}
	conn, err := w.dial(addr)
	if err != nil {
		w.log.Info("no system bus: locking on sleep is unavailable", "err", err)
		return nil
	}
	st.system = conn
	ctx, cancel := context.WithTimeout(w.life, w.opts.CallTimeout)
	defer cancel()
	if !hasOwner(ctx, conn, logindName) {
		w.log.Info("no logind on the system bus: locking on sleep is unavailable")
		return nil
	}
	// Signals are read from before the owner is asked, so that no change
	// of owner in between is lost.
	ch := make(chan *dbus.Signal, 16)
	conn.Signal(ch)
	owners, err := dbusowner.Watch(ctx, conn, logindName)
	if err != nil {
		w.log.Warn("cannot tell logind's signals from others': locking on sleep is unavailable", "err", err)
		conn.RemoveSignal(ch)
		return nil
	}
	st.systemOwners = owners
	if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(logindName), dbus.WithMatchObjectPath(logindPath),
		dbus.WithMatchInterface(logindManager), dbus.WithMatchMember("PrepareForSleep")); err != nil {
		w.log.Warn("cannot watch for sleep", "err", err)
		conn.RemoveSignal(ch)
		return nil
	}
	st.logind = true
	if path, err := w.sessionPath(ctx, conn); err != nil {
		w.log.Info("this process is in no logind session: its Lock signal is not watched", "err", err)
	} else if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(logindName), dbus.WithMatchObjectPath(path),
		dbus.WithMatchInterface(logindSession), dbus.WithMatchMember("Lock")); err != nil {
		w.log.Warn("cannot watch the session's Lock signal", "err", err)
	} else if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(logindName), dbus.WithMatchObjectPath(path),
		dbus.WithMatchInterface(logindSession), dbus.WithMatchMember("Unlock")); err != nil {
		w.log.Warn("cannot watch the session's Unlock signal", "err", err)
	} else {
		st.sessionPath = path
	}
	return ch
}

// sessionPath finds this login session's object: by process, or by
// XDG_SESSION_ID when the process runs outside the session's cgroup
// (started by a service manager, say).
func (w *Watcher) sessionPath(ctx context.Context, conn *dbus.Conn) (dbus.ObjectPath, error) {
	var path dbus.ObjectPath
	obj := conn.Object(logindName, logindPath)
	err := obj.CallWithContext(ctx, logindManager+".GetSessionByPID", 0, uint32(os.Getpid())).Store(&path)
	if err == nil {
		return path, nil
	}
	if id := os.Getenv("XDG_SESSION_ID"); id != "" {
		if err2 := obj.CallWithContext(ctx, logindManager+".GetSession", 0, id).Store(&path); err2 == nil {
			return path, nil
		}
	}
	return "", err
}

// connectSession subscribes to the screensavers' ActiveChanged on the
// session bus, whatever the object path (GNOME, KDE and others differ).
func (w *Watcher) connectSession(st *state) <-chan *dbus.Signal {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
			addr = "unix:path=" + dbus.EscapeBusAddressValue(filepath.Join(dir, "bus"))
		}
	}
	if addr == "" {
		return nil
	}
	conn, err := w.dial(addr)
	if err != nil {
		w.log.Info("no session bus: the screensaver is not watched", "err", err)
		return nil
	}
	st.session = conn
	ctx, cancel := context.WithTimeout(w.life, w.opts.CallTimeout)
	defer cancel()
	ch := make(chan *dbus.Signal, 16)
	conn.Signal(ch) // before the owners are asked: see connectSystem
	owners, err := dbusowner.Watch(ctx, conn, fdoScreenSaver, gnomeSaver)
	if err != nil {
		w.log.Warn("cannot tell the screensaver's signals from others': it is not watched", "err", err)
		conn.RemoveSignal(ch)
		return nil
	}
	st.sessionOwners = owners
	// Each interface from the screensaver that owns its name, which may
	// come and go while the Watcher runs.
	for _, iface := range []string{fdoScreenSaver, gnomeSaver} {
		if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(iface), dbus.WithMatchInterface(iface),
			dbus.WithMatchMember("ActiveChanged")); err != nil {
			w.log.Warn("cannot watch the screensaver", "interface", iface, "err", err)
			conn.RemoveSignal(ch)
			return nil
		}
	}
	return ch
}

// dial connects to a bus for the Watcher's life, bounded by CallTimeout.
func (w *Watcher) dial(addr string) (*dbus.Conn, error) {
	return dbusdial.Dial(w.life, addr, w.opts.CallTimeout)
}

func hasOwner(ctx context.Context, conn *dbus.Conn, name string) bool {
	var has bool
	err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	return err == nil && has
}

// publish records what the desktop offers, for Availability.
func (w *Watcher) publish(st *state) {
	a := Availability{Known: true, Sleep: st.logind}
	screensaver := false
	if st.session != nil {
		ctx, cancel := context.WithTimeout(w.life, w.opts.CallTimeout)
		screensaver = hasOwner(ctx, st.session, fdoScreenSaver) || hasOwner(ctx, st.session, gnomeSaver)
		cancel()
	}
	a.ScreenLock = screensaver || st.sessionPath != ""
	switch {
	case !a.Sleep && !a.ScreenLock:
		a.Reason = ReasonNothingAnswers
	case !a.Sleep:
		a.Reason = ReasonNoLogind
	case !a.ScreenLock:
		a.Reason = ReasonNoScreensaver
	}
	w.mu.Lock()
	w.avail = a
	w.mu.Unlock()
}
