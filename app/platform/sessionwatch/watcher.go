// Package sessionwatch watches for this computer going to sleep or locking its
// screen, so that the app can lock the doors the person chose first.
//
// On Linux it holds a logind "delay" inhibitor while a lock is chosen for
// sleep: logind then waits (up to its InhibitDelayMaxSec, 5 s by default)
// before sleeping, BeforeSleep sends the Lock commands, and the inhibitor
// is released at once. The screen lock is seen through the screensaver's
// ActiveChanged signal (freedesktop and GNOME, any object path) and
// logind's Lock signal for this session. Without a system bus, logind or
// a screensaver the option is reported unavailable and nothing else
// changes. On macOS and Windows it is not yet available: the Watcher
// compiles and does nothing.
package sessionwatch

import (
	"context"
	"log/slog"
	"time"
)

// DefaultMaxDelay bounds BeforeSleep: below logind's default
// InhibitDelayMaxSec (5 s), after which it sleeps anyway.
const DefaultMaxDelay = 4 * time.Second

// DefaultCallTimeout bounds each D-Bus call and connection.
const DefaultCallTimeout = 5 * time.Second

// The words logind shows for the inhibitor (systemd-inhibit --list).
const (
	InhibitWho = "utec-tray"
	InhibitWhy = "Locking your doors before the computer sleeps"
)

// Handlers are what the Watcher calls. Each may be nil.
type Handlers struct {
	// BeforeSleep runs when the computer is about to sleep; the sleep
	// waits until it returns or ctx ends (MaxDelay).
	BeforeSleep func(ctx context.Context)
	// AfterSleep runs when the computer woke up from a sleep that
	// BeforeSleep ran for. It must return at once.
	AfterSleep func()
	// ScreenLocked runs when the screen locks. It must return at once.
	ScreenLocked func()
	// ScreenUnlocked runs when the screen unlocks (the person is back).
	// It must return at once.
	ScreenUnlocked func()
}

// Options configure a Watcher.
type Options struct {
	Handlers
	// MaxDelay bounds BeforeSleep; default DefaultMaxDelay.
	MaxDelay time.Duration
	// CallTimeout bounds each D-Bus call; default DefaultCallTimeout.
	CallTimeout time.Duration
	Logger      *slog.Logger
}

// Availability says what this desktop lets the Watcher see, for the
// settings window.
type Availability struct {
	// Known is false until the Watcher has looked (Start connects in the
	// background).
	Known bool
	// Sleep: logind answers on the system bus. ScreenLock: a screensaver
	// or logind's session is there to say the screen locked.
	Sleep, ScreenLock bool
	// Reason says why what is missing is, in words for a person.
	Reason string
}

// Unavailable is the settings window's word for an option this desktop
// does not offer.
const Unavailable = "unavailable on this desktop"

func (o *Options) defaults() {
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}
