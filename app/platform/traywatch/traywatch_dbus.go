//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package traywatch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/platform/dbusowner"
)

// ErrNoSessionBus means there is no session bus to look for a tray on.
var ErrNoSessionBus = errors.New("no D-Bus session bus (neither DBUS_SESSION_BUS_ADDRESS nor $XDG_RUNTIME_DIR/bus): no tray can show the icon")

// Watcher follows the StatusNotifierWatcher's name on the session bus.
type Watcher struct {
	opts   Options
	ctx    context.Context
	cancel context.CancelFunc
	done   sync.WaitGroup
	// ready is closed once the first answer (or failure) is in.
	ready chan struct{}
}

// Start starts watching on its own goroutine; it never blocks. Close
// stops it.
func Start(opts Options) *Watcher {
	w := &Watcher{opts: withDefaults(opts), ready: make(chan struct{})}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		w.run()
	}()
	return w
}

// Ready is closed once the Watcher knows whether a tray watcher runs now
// (or that it cannot tell).
func (w *Watcher) Ready() <-chan struct{} { return w.ready }

// Close stops the Watcher and waits for its goroutine.
func (w *Watcher) Close() error {
	w.cancel()
	w.done.Wait()
	return nil
}

// run connects, then follows the name until Close. Without a bus no tray
// can show the icon either: that counts as missing.
func (w *Watcher) run() {
	st := &state{opts: w.opts}
	signals, present, err := w.subscribe()
	if err != nil {
		w.opts.Logger.Warn("cannot tell whether a system tray runs", "err", err)
	}
	st.grace = time.NewTimer(w.opts.Grace)
	defer st.grace.Stop()
	st.set(present)
	close(w.ready)
	for {
		select {
		case <-w.ctx.Done():
			return
		case sig, ok := <-signals:
			if !ok {
				if w.ctx.Err() == nil {
					w.opts.Logger.Warn("lost the session bus: no longer following the system tray")
				}
				signals = nil
				continue
			}
			if name, owner, ok := decodeOwnerChanged(sig.Body); ok && sig.Name == ownerChanged && name == WatcherName {
				st.set(owner != "")
			}
		case <-st.grace.C:
			st.graceOver()
		}
	}
}

// state is run's memory: whether a watcher runs, and whether its absence
// was reported.
type state struct {
	opts    Options
	present bool
	said    bool
	grace   *time.Timer
}

func (s *state) set(present bool) {
	s.present = present
	if present {
		s.grace.Stop()
		if s.said {
			s.said = false
			s.opts.Logger.Info("a system tray appeared: the icon shows in it now")
			s.opts.Back()
		}
		return
	}
	s.grace.Reset(s.opts.Grace)
}

func (s *state) graceOver() {
	if s.present || s.said {
		return
	}
	s.said = true
	s.opts.Logger.Warn("no system tray: " + Advice)
	s.opts.Missing()
}

const ownerChanged = "org.freedesktop.DBus.NameOwnerChanged"

// subscribe connects to the session bus, asks for the watcher name's
// changes and whether it has an owner now. The connection lives until
// Close.
func (w *Watcher) subscribe() (<-chan *dbus.Signal, bool, error) {
	addr, err := sessionBusAddress()
	if err != nil {
		return nil, false, err
	}
	ctx, cancel := context.WithTimeout(w.ctx, w.opts.CallTimeout)
	defer cancel()
	conn, err := dbus.Connect(addr, dbus.WithContext(w.ctx))
	if err != nil {
		return nil, false, fmt.Errorf("connect to the session bus at %s: %w", addr, err)
	}
	context.AfterFunc(w.ctx, func() { _ = conn.Close() })
	if err := conn.AddMatchSignalContext(ctx,
		dbus.WithMatchSender("org.freedesktop.DBus"),
		dbus.WithMatchObjectPath("/org/freedesktop/DBus"),
		dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, WatcherName)); err != nil {
		return nil, false, fmt.Errorf("follow %s on the session bus: %w", WatcherName, err)
	}
	signals := make(chan *dbus.Signal, 8)
	conn.Signal(signals)
	var has bool
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, WatcherName).Store(&has); err != nil {
		return signals, false, fmt.Errorf("ask the session bus whether %s runs: %w", WatcherName, err)
	}
	return signals, has, nil
}

// decodeOwnerChanged reads NameOwnerChanged(name s, old s, new s); the
// body comes from the bus, so anything of another shape is refused.
func decodeOwnerChanged(body []any) (name, newOwner string, ok bool) {
	if len(body) != 3 {
		return "", "", false
	}
	name, ok1 := body[0].(string)
	_, ok2 := body[1].(string)
	newOwner, ok3 := body[2].(string)
	if !ok1 || !ok2 || !ok3 {
		return "", "", false
	}
	return name, newOwner, true
}

// sessionBusAddress is the session bus's address (dbusowner's rule: no
// dbus-launch), or ErrNoSessionBus.
func sessionBusAddress() (string, error) {
	if addr, ok := dbusowner.SessionBusAddress(); ok {
		return addr, nil
	}
	return "", ErrNoSessionBus
}
