// Package hotkey grabs global keyboard shortcuts: keys that reach the app
// whichever window has the focus. On X11 it grabs them on the root window
// (XGrabKey over its own connection); on Wayland it asks the desktop
// through the xdg-desktop-portal GlobalShortcuts interface, where the
// desktop offers it; on Windows it registers them with RegisterHotKey on
// a thread of its own. macOS is not done yet: Open says so.
//
// A shortcut another program holds comes back as a *TakenError; a
// desktop without a way to grab keys as ErrUnavailable. Parse reads the
// accelerators people type ("Ctrl+Alt+L").
package hotkey

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// Binding asks for one shortcut: ID names it in Activated and in Bind's
// errors; Description is what a desktop that lists shortcuts (the
// portal) shows for it.
type Binding struct {
	ID          string
	Accel       Accel
	Description string
}

// Grabber holds a set of global shortcuts. Its methods block on the
// desktop (an X server, the session bus) and so must not run on a UI
// goroutine; each gives up when its context ends.
type Grabber interface {
	// Bind replaces the shortcuts held with bindings, and returns the
	// error of each binding that could not be had, by ID. A nil map:
	// all are held.
	Bind(ctx context.Context, bindings []Binding) map[string]error
	// Close lets every shortcut go and ends the connection.
	Close() error
}

// Options are Open's.
type Options struct {
	// Activated is called with a binding's ID when its keys are pressed,
	// on the grabber's own goroutine: it must return quickly.
	Activated func(id string)
	// AppID names the app to the portal (Wayland).
	AppID  string
	Logger *slog.Logger
}

// ErrUnavailable says this desktop offers no way to grab keys (Wayland
// without the GlobalShortcuts portal, macOS for now).
var ErrUnavailable = errors.New("global keyboard shortcuts are not available on this desktop")

// ErrRefused says the person turned the shortcuts down in the desktop's
// own dialog (the portal's).
var ErrRefused = errors.New("the desktop's dialog turned the shortcut down; turn it on again to be asked again")

// ErrNotBound says the desktop took the request but not this shortcut
// (the person left it without keys in the desktop's dialog).
var ErrNotBound = errors.New("the desktop did not give this shortcut any keys; set them in the desktop's keyboard settings")

// ErrTaken is what every *TakenError matches with errors.Is.
var ErrTaken = errors.New("keyboard shortcut taken by another program")

// TakenError says another program holds the shortcut.
type TakenError struct{ Accel Accel }

func (e *TakenError) Error() string {
	return fmt.Sprintf("%s is taken by another program; choose another", e.Accel)
}

// Is makes errors.Is(err, ErrTaken) true.
func (e *TakenError) Is(target error) bool { return target == ErrTaken }

// UnmappedError says the keyboard has no key for the accelerator's key
// (an F20 on a laptop).
type UnmappedError struct{ Accel Accel }

func (e *UnmappedError) Error() string {
	return fmt.Sprintf("this keyboard has no %s key; choose another", e.Accel.Key)
}

// within runs f and returns its error, or the context's when it ends
// first: xgb's replies and some D-Bus waits have no deadline of their
// own. f may go on in the background.
func within(ctx context.Context, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("the desktop did not answer: %w", ctx.Err())
	}
}

func (o *Options) defaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Activated == nil {
		o.Activated = func(string) {}
	}
}
