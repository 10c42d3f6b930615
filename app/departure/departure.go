// Package departure decides when the computer has left home, so that the
// tray can offer (never do) to lock a lock left open: "You left home
// Wi-Fi — Front Door is unlocked", with Lock and Ignore.
//
// It is the rule alone: no D-Bus, no clock, no Fyne. The caller reads
// NetworkManager's primary connection, turns it into a Place with
// Classify, and feeds the Tracker what it saw and when; the Tracker says
// when to offer. Time comes in as arguments, so tests play a fake clock.
//
// The rule: the primary connection has been outside the home set for
// After without a break, and some lock is unlocked or in Passage. Then
// one offer, and no other until the computer has been home again. A
// connection whose identity cannot be read (a dangling path, a profile
// with no UUID) is Unknown: it never counts as having left, and it ends
// an away spell, because home may have been behind it. Time asleep does
// not count either: on waking the spell starts again, so a laptop that
// slept at home and wakes before its Wi-Fi is back is not "away".
package departure

import (
	"slices"
	"strings"
	"time"
)

// Place is where the primary connection says the computer is.
type Place int

// The places. The zero Place is Unknown: nothing seen yet counts as
// nothing known.
const (
	Unknown Place = iota
	Home
	Away
)

func (p Place) String() string {
	switch p {
	case Home:
		return "home"
	case Away:
		return "away"
	}
	return "unknown"
}

// DefaultAfter is how long the computer must be away before the offer:
// long enough to ride out a Wi-Fi drop, a reconnect or docking.
const DefaultAfter = 3 * time.Minute

// HomeNetwork is one network the person marked as home: a NetworkManager
// connection profile's UUID and, optionally, the access point's BSSID,
// which tells the home SSID from a network of the same name elsewhere.
type HomeNetwork struct {
	UUID  string
	BSSID string
}

// Primary is what NetworkManager said of its primary connection.
type Primary struct {
	// Path is the PrimaryConnection object path; "/" (or "") when there
	// is no connection at all.
	Path string
	// UUID is the active connection's profile UUID, "" when it could not
	// be read.
	UUID string
	// BSSID is the access point's hardware address for Wi-Fi, "" when
	// there is none or it could not be read.
	BSSID string
	// Dangling is set when the path names an active connection that is
	// gone: NetworkManager keeps naming it for one signal after removing
	// it, and reading it fails.
	Dangling bool
}

// Classify places the primary connection against the home set. No
// connection at all is Away: a laptop carried out of the house loses its
// Wi-Fi long before it finds another.
func Classify(p Primary, home []HomeNetwork) Place {
	switch {
	case p.Path == "" || p.Path == "/":
		return Away
	case p.Dangling || p.UUID == "":
		return Unknown
	}
	for _, h := range home {
		if !strings.EqualFold(h.UUID, p.UUID) {
			continue
		}
		switch {
		case h.BSSID == "":
			return Home
		case p.BSSID == "":
			// The profile is home's, but which access point it reached
			// cannot be told.
			return Unknown
		case strings.EqualFold(h.BSSID, p.BSSID):
			return Home
		}
	}
	return Away
}

// Offer is what to offer the person: the open locks, by name, and how
// long the computer has been away.
type Offer struct {
	Locks []string
	Away  time.Duration
}

// Tracker follows one computer's comings and goings. Its zero value is
// not ready: use New. It is not safe for concurrent use; the
// controller's loop owns it.
type Tracker struct {
	after     time.Duration
	place     Place
	awaySince time.Time
	// offered is set once this departure's offer was made.
	offered bool
}

// New returns a Tracker that offers after the computer has been away for
// after (DefaultAfter when zero or less).
func New(after time.Duration) *Tracker {
	if after <= 0 {
		after = DefaultAfter
	}
	return &Tracker{after: after}
}

// SetAfter changes the delay (the setting changed); an away spell under
// way keeps its start.
func (t *Tracker) SetAfter(after time.Duration) {
	if after <= 0 {
		after = DefaultAfter
	}
	t.after = after
}

// Seen records the place the primary connection says at now. Arriving
// home offers nothing; it ends the departure, so that the next one may
// offer again.
func (t *Tracker) Seen(now time.Time, p Place) {
	switch p {
	case Home:
		t.offered = false
		t.awaySince = time.Time{}
	case Away:
		if t.place != Away {
			t.awaySince = now
		}
	default:
		t.awaySince = time.Time{}
	}
	t.place = p
}

// Woke records that the computer woke from sleep at now: time asleep is
// not time away.
func (t *Tracker) Woke(now time.Time) {
	if t.place == Away {
		t.awaySince = now
	}
}

// Check says whether to offer to lock at now, given the names of the
// locks known unlocked or in Passage mode. It offers at most once per
// departure; an offer made counts even if the person ignores it.
func (t *Tracker) Check(now time.Time, openLocks []string) (Offer, bool) {
	if t.place != Away || t.offered || len(openLocks) == 0 {
		return Offer{}, false
	}
	away := now.Sub(t.awaySince)
	if away < t.after {
		return Offer{}, false
	}
	t.offered = true
	return Offer{Locks: slices.Clone(openLocks), Away: away}, true
}

// Due is when the away spell reaches the delay, for the caller's timer:
// ok is false when no offer can come without a new observation (not
// away, or this departure's offer made).
func (t *Tracker) Due() (at time.Time, ok bool) {
	if t.place != Away || t.offered {
		return time.Time{}, false
	}
	return t.awaySince.Add(t.after), true
}
