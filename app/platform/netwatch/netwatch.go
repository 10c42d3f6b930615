// Package netwatch follows which network this computer is on, for "you
// left home": NetworkManager's primary connection, read over the system
// bus — the active connection's profile UUID, its type and, for Wi-Fi,
// the access point's BSSID. It reports what it reads and decides
// nothing; app/departure does.
//
// On Linux it asks NetworkManager once at start and again whenever
// NetworkManager says something changed (the manager's PropertiesChanged
// and StateChanged, an active connection's PropertiesChanged), acting
// only on signals its current owner sent: match rules filter broadcasts
// only, and any peer may address a signal to this connection. Without
// NetworkManager the watcher says it is unavailable, and follows the
// name in case it starts later. On Windows and macOS it says "not yet":
// both need the Location permission to read the Wi-Fi network.
package netwatch

import (
	"log/slog"
	"time"

	"github.com/utec-tray/utec-tray/app/departure"
)

// Status says what the watcher can see.
type Status int

// The statuses. The zero Status is Checking: nothing known yet.
const (
	// Checking: the watcher has not heard from the bus yet.
	Checking Status = iota
	// Watching: NetworkManager answers; Primary is its primary connection.
	Watching
	// Unavailable: no system bus, or no NetworkManager on it.
	Unavailable
	// NotYet: this system is not supported yet (Windows, macOS).
	NotYet
)

func (s Status) String() string {
	switch s {
	case Watching:
		return "watching"
	case Unavailable:
		return "unavailable"
	case NotYet:
		return "not yet"
	}
	return "checking"
}

// Connection is what NetworkManager said of its primary connection.
type Connection struct {
	// Path is the PrimaryConnection object path; "/" when there is no
	// connection at all.
	Path string
	// UUID is the connection profile's UUID; Name its name (shown, never
	// stored); Type its type ("802-11-wireless", "802-3-ethernet"...).
	UUID, Name, Type string
	// BSSID is the access point's hardware address, for Wi-Fi; "" when
	// there is none or it could not be read.
	BSSID string
	// Unreadable is set when the connection could not be read: a
	// dangling path (NetworkManager names a removed active connection
	// for one more signal), or a manager that did not answer.
	Unreadable bool
	// Asleep is set while NetworkManager is asleep (the computer is
	// going to sleep or waking): no connection then says where it is.
	Asleep bool
}

// Wireless reports whether the connection is Wi-Fi.
func (c Connection) Wireless() bool { return c.Type == TypeWireless }

// TypeWireless is NetworkManager's type of a Wi-Fi connection.
const TypeWireless = "802-11-wireless"

// State is what the watcher knows now.
type State struct {
	Status Status
	// Reason says why the watcher is Unavailable, in words for the log.
	Reason  string
	Primary Connection
}

// DefaultCallTimeout bounds each D-Bus call and the connection.
const DefaultCallTimeout = 5 * time.Second

// Options configure a Watcher.
type Options struct {
	// OnChange is told every new State, on the watcher's goroutine; it
	// must return at once.
	OnChange func(State)
	// CallTimeout bounds each D-Bus call; default DefaultCallTimeout.
	CallTimeout time.Duration
	Logger      *slog.Logger
}

func (o *Options) defaults() {
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.OnChange == nil {
		o.OnChange = func(State) {}
	}
}

// Departure is the state as app/departure reads it: known is false when
// nothing can tell where the computer is (unavailable, not yet, still
// checking); a connection unreadable or asleep is Dangling, so that it
// counts as unknown, never as having left.
func (s State) Departure() (p departure.Primary, known bool) {
	if s.Status != Watching {
		return departure.Primary{}, false
	}
	c := s.Primary
	if c.Unreadable || c.Asleep {
		path := c.Path
		if path == "" || path == "/" {
			path = "(unreadable)"
		}
		return departure.Primary{Path: path, Dangling: true}, true
	}
	return departure.Primary{Path: c.Path, UUID: c.UUID, BSSID: c.BSSID}, true
}
