// Package signin names where a person stands with their U-Tec sign-in, in
// one word that the session, the poller, the tray menu, the notifications
// and the command line all read the same way. The errors underneath stay
// what they are (utec.ErrReauthRequired and its refinement
// utec.ErrSignedOut, tokenstore.ErrUnavailable); Of turns any of them into
// the State, so that no caller decodes them again.
package signin

import (
	"errors"

	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
)

// State is where the sign-in stands.
type State int

// The states. Unknown is the zero value: nothing has been asked yet.
const (
	Unknown State = iota
	// OK: a sign-in is stored and the cloud last accepted it (or has not
	// refused it yet).
	OK
	// SignedOut: no sign-in is stored (a fresh install, or signed out here
	// or by another process). Not news: nothing is announced.
	SignedOut
	// Refused: a sign-in is stored but U-Tec refused it; the person has to
	// sign in again, and is told once.
	Refused
	// KeyringUnavailable: the keyring could not be read (locked, or no
	// Secret Service); nothing is known about the sign-in until it can.
	KeyringUnavailable
)

func (s State) String() string {
	switch s {
	case OK:
		return "ok"
	case SignedOut:
		return "signed-out"
	case Refused:
		return "refused"
	case KeyringUnavailable:
		return "keyring-unavailable"
	}
	return "unknown"
}

// Needed reports whether the person has to sign in before anything works.
func (s State) Needed() bool { return s == SignedOut || s == Refused }

// Of says what err means for the sign-in: OK for nil and for errors that
// say nothing about it (an outage, a device error).
func Of(err error) State {
	switch {
	case err == nil:
		return OK
	case errors.Is(err, utec.ErrSignedOut):
		return SignedOut
	case errors.Is(err, utec.ErrReauthRequired):
		return Refused
	case errors.Is(err, tokenstore.ErrUnavailable):
		return KeyringUnavailable
	}
	return OK
}
