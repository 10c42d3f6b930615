//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package tokenstore

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"
)

// The hints for the Secret Service, which go-keyring uses on these systems
// (the build constraint is go-keyring's own).
const (
	hintNoBus = "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set or points nowhere): " +
		"run utec-tray inside a desktop session (or under dbus-run-session), then try again"
	hintNoService = "no Secret Service found on the session bus: " +
		"install and unlock gnome-keyring (or KWallet), then try again"
	hintLocked = "the keyring is locked: unlock it (log out and in again, or unlock the Login keyring " +
		"in Passwords and Keys), then try again"
	hintNoCollection = "the keyring has no default collection: create a Login keyring in Passwords and Keys " +
		"(seahorse) or with your keyring's settings, then try again"
	hintOther = "the Secret Service refused the request: check that gnome-keyring (or KWallet) " +
		"is running and unlocked, then try again"
)

// hint says, for a person, why the Secret Service could not be used and
// what to do.
func hint(err error, timedOut bool, timeout time.Duration) string {
	if timedOut {
		return fmt.Sprintf("the keyring did not answer within %v: it is probably locked and waiting for its password "+
			"(look for a password prompt, or unlock the Login keyring in Passwords and Keys), then try again", timeout)
	}
	if name := dbusErrorName(err); name != "" {
		switch {
		case name == "org.freedesktop.DBus.Error.ServiceUnknown", name == "org.freedesktop.DBus.Error.NameHasNoOwner",
			strings.HasPrefix(name, "org.freedesktop.DBus.Error.Spawn."): // activation failed
			return hintNoService
		case name == "org.freedesktop.Secret.Error.IsLocked":
			return hintLocked
		case name == "org.freedesktop.Secret.Error.NoSuchObject", name == "org.freedesktop.DBus.Error.UnknownObject":
			return hintNoCollection
		}
		return hintOther
	}
	msg := err.Error()
	var opErr *net.OpError
	switch {
	case strings.Contains(msg, "couldn't determine address of session bus"),
		errors.As(err, &opErr), errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ECONNREFUSED):
		return hintNoBus
	case strings.Contains(msg, "failed to unlock"):
		// go-keyring's own message when the unlock prompt was dismissed.
		return hintLocked
	}
	return hintOther
}

// dbusErrorName returns the D-Bus error name inside err, or "".
func dbusErrorName(err error) string {
	var v dbus.Error
	if errors.As(err, &v) {
		return v.Name
	}
	var p *dbus.Error
	if errors.As(err, &p) && p != nil {
		return p.Name
	}
	return ""
}
