package netwatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/platform/dbusdial"
	"github.com/utec-tray/utec-tray/app/platform/dbusowner"
)

// NetworkManager's names on the system bus.
const (
	nmName       = "org.freedesktop.NetworkManager"
	nmPath       = dbus.ObjectPath("/org/freedesktop/NetworkManager")
	activeIface  = nmName + ".Connection.Active"
	apIface      = nmName + ".AccessPoint"
	propsIface   = "org.freedesktop.DBus.Properties"
	activePrefix = dbus.ObjectPath("/org/freedesktop/NetworkManager/ActiveConnection")
	// nmStateAsleep is NM_STATE_ASLEEP: networking is off for sleep.
	nmStateAsleep = 10
	// systemBusDefault is where the system bus listens when
	// DBUS_SYSTEM_BUS_ADDRESS is not set (the D-Bus specification).
	systemBusDefault = "unix:path=/var/run/dbus/system_bus_socket"
)

// Watcher follows NetworkManager's primary connection. Its methods are
// safe for concurrent use.
type Watcher struct {
	opts   Options
	log    *slog.Logger
	life   context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu  sync.Mutex
	cur State
	// forgeryLogged is set once a signal NetworkManager did not send was
	// logged: a peer that keeps sending them must not fill the log.
	forgeryLogged bool
}

// New returns a Watcher; Start runs it.
func New(opts Options) *Watcher {
	opts.defaults()
	w := &Watcher{opts: opts, log: opts.Logger}
	w.life, w.cancel = context.WithCancel(context.Background())
	return w
}

// Start connects to the system bus and watches, in the background.
func (w *Watcher) Start() {
	w.wg.Add(1)
	go func() { defer w.wg.Done(); w.run() }()
}

// Current is the state last read. It never waits.
func (w *Watcher) Current() State {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cur
}

// Close ends the watch and waits for it.
func (w *Watcher) Close() error {
	w.cancel()
	w.wg.Wait()
	return nil
}

func (w *Watcher) run() {
	addr := os.Getenv("DBUS_SYSTEM_BUS_ADDRESS")
	if addr == "" {
		addr = systemBusDefault
	}
	conn, err := w.dial(addr)
	if err != nil {
		w.unavailable("no system bus", err)
		return
	}
	defer func() { _ = conn.Close() }()
	// Signals are read from before the owner is asked, so that no change
	// of owner in between is lost.
	signals := make(chan *dbus.Signal, 64)
	conn.Signal(signals)
	owners, err := w.subscribe(conn)
	if err != nil {
		w.unavailable("cannot watch NetworkManager", err)
		return
	}
	w.refresh(conn)
	for {
		select {
		case <-w.life.Done():
			return
		case sig, ok := <-signals:
			if !ok {
				w.unavailable("lost the system bus", nil)
				return
			}
			if w.worthReading(owners, sig) {
				w.refresh(conn)
			}
		}
	}
}

// subscribe follows the owner of NetworkManager's name and asks for its
// signals about the primary connection.
func (w *Watcher) subscribe(conn *dbus.Conn) (*dbusowner.Owners, error) {
	ctx, cancel := context.WithTimeout(w.life, w.opts.CallTimeout)
	defer cancel()
	owners, err := dbusowner.Watch(ctx, conn, nmName)
	if err != nil {
		return nil, err
	}
	rules := [][]dbus.MatchOption{
		{dbus.WithMatchObjectPath(nmPath), dbus.WithMatchInterface(propsIface), dbus.WithMatchMember("PropertiesChanged")},
		{dbus.WithMatchObjectPath(nmPath), dbus.WithMatchInterface(nmName), dbus.WithMatchMember("StateChanged")},
		// The active connection's SpecificObject changes when the
		// laptop roams to another access point.
		{dbus.WithMatchPathNamespace(activePrefix), dbus.WithMatchInterface(propsIface), dbus.WithMatchMember("PropertiesChanged")},
	}
	for _, rule := range rules {
		if err := conn.AddMatchSignalContext(ctx, append(rule, dbus.WithMatchSender(nmName))...); err != nil {
			return nil, fmt.Errorf("subscribe to NetworkManager's signals: %w", err)
		}
	}
	return owners, nil
}

// worthReading reports whether sig calls for a new read: a change of
// NetworkManager's owner (it started, stopped or restarted), or one of
// its signals about the connection, sent by its current owner.
func (w *Watcher) worthReading(owners *dbusowner.Owners, sig *dbus.Signal) bool {
	if owners.Follow(sig) {
		return true
	}
	about := (sig.Name == propsIface+".PropertiesChanged" &&
		(sig.Path == nmPath || strings.HasPrefix(string(sig.Path), string(activePrefix)+"/"))) ||
		(sig.Name == nmName+".StateChanged" && sig.Path == nmPath)
	if !about {
		return false
	}
	if !owners.Sent(nmName, sig) {
		w.forged(sig)
		return false
	}
	return true
}

// forged logs, once, a signal NetworkManager did not send.
func (w *Watcher) forged(sig *dbus.Signal) {
	level := slog.LevelDebug
	w.mu.Lock()
	if !w.forgeryLogged {
		w.forgeryLogged, level = true, slog.LevelWarn
	}
	w.mu.Unlock()
	w.log.Log(w.life, level, "ignored a D-Bus signal that NetworkManager did not send (another program on the bus sent it; further ones are logged at debug level)",
		"signal", sig.Name, "sender", sig.Sender)
}

// refresh reads the primary connection and publishes it when it changed.
func (w *Watcher) refresh(conn *dbus.Conn) {
	ctx, cancel := context.WithTimeout(w.life, w.opts.CallTimeout)
	defer cancel()
	primary, err := readPrimary(ctx, conn)
	var gone *notRunningError
	switch {
	case errors.As(err, &gone):
		w.unavailable("NetworkManager is not running", nil)
		return
	case err != nil:
		w.log.Info("cannot read the primary connection: where the computer is stays unknown", "err", err)
	}
	w.publish(State{Status: Watching, Primary: primary})
}

func (w *Watcher) unavailable(why string, err error) {
	if err != nil {
		why += ": " + err.Error()
	}
	w.log.Info("the network is not watched: leaving home goes unnoticed", "why", why)
	w.publish(State{Status: Unavailable, Reason: why})
}

func (w *Watcher) publish(s State) {
	w.mu.Lock()
	same := w.cur == s
	w.cur = s
	w.mu.Unlock()
	if same {
		return
	}
	w.log.Debug("network", "status", s.Status, "path", s.Primary.Path, "type", s.Primary.Type,
		"unreadable", s.Primary.Unreadable, "asleep", s.Primary.Asleep)
	w.opts.OnChange(s)
}

// dial connects to a bus for the Watcher's life, bounded by CallTimeout.
func (w *Watcher) dial(addr string) (*dbus.Conn, error) {
	return dbusdial.Dial(w.life, addr, w.opts.CallTimeout)
}
