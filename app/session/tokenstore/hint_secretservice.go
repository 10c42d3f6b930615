//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package tokenstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// The hints for the Secret Service, which go-keyring uses on these systems
// (the build constraint is go-keyring's own). The locked and
// no-collection ones depend on which program answers (lockedHints,
// noCollectionHints).
var (
	hintNoBus = words{key: "keyring.hint.noBus", english: "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set or points nowhere): " +
		"run utec-tray inside a desktop session (or under dbus-run-session), then try again"}
	hintNoService = words{key: "keyring.hint.noService", english: "no Secret Service found on the session bus: " +
		"install and unlock gnome-keyring (or KWallet), then try again"}
	hintOther = words{key: "keyring.hint.other", english: "the Secret Service refused the request: check that gnome-keyring (or KWallet) " +
		"is running and unlocked, then try again"}
)

// secretService is which program answers as the Secret Service, as far
// as telling the person what to do goes.
type secretService string

// The Secret Services whose fixes the hints name.
const (
	unknownService secretService = ""
	gnomeKeyring   secretService = "gnome-keyring"
	keePassXC      secretService = "KeePassXC"
	kWallet        secretService = "KWallet"
)

// lockedHints say that the collection is locked, in the service's terms.
var lockedHints = map[secretService]words{
	gnomeKeyring: {key: "keyring.hint.locked.gnome", english: "the keyring is locked: unlock it (log out and in again, or unlock the Login keyring " +
		"in Passwords and Keys), then try again"},
	keePassXC: {key: "keyring.hint.locked.keepassxc", english: "the keyring is locked: KeePassXC's database is locked; unlock it in KeePassXC, then try again"},
	kWallet:   {key: "keyring.hint.locked.kwallet", english: "the keyring is locked: unlock the KDE wallet when KWallet asks (or in KWalletManager), then try again"},
	unknownService: {key: "keyring.hint.locked.other", english: "the keyring is locked: unlock it in your keyring's app (or log out and in again), " +
		"then try again"},
}

// noCollectionHints say that there is nothing to store into, in the
// service's terms: nothing is locked then, and unlocking cannot help.
var noCollectionHints = map[secretService]words{
	gnomeKeyring: {key: "keyring.hint.noCollection.gnome", english: "no keyring to store into: gnome-keyring runs but has no default keyring; " +
		"create one in Passwords and Keys (seahorse: + → Password keyring, then Set as default), " +
		"or log out and in again so that the login keyring is made, then try again"},
	keePassXC: {key: "keyring.hint.noCollection.keepassxc", english: "no keyring to store into: KeePassXC's Secret Service exposes no group; in KeePassXC open " +
		"Database → Database Settings → Secret Service Integration, choose a group to expose " +
		"(and keep the database unlocked), then try again"},
	kWallet: {key: "keyring.hint.noCollection.kwallet", english: "no keyring to store into: KWallet has no wallet; create the default wallet " +
		"(kdewallet) in KWalletManager or System Settings → KDE Wallet, then try again"},
	unknownService: {key: "keyring.hint.noCollection.other", english: "no keyring to store into: the Secret Service has no default collection; " +
		"create one (a default keyring, wallet or exposed group) in your keyring's app, then try again"},
}

// serviceFacts is what the Secret Service said about itself after a
// failure: who it is, and whether it has anywhere to store items.
type serviceFacts struct {
	service      secretService
	noCollection bool
}

// probedError is a keyring error with the facts learnt after it.
type probedError struct {
	err   error
	facts serviceFacts
}

func (e *probedError) Error() string { return e.err.Error() }
func (e *probedError) Unwrap() error { return e.err }

// The Secret Service's name, object and collections, from the
// specification.
const (
	secretsName     = "org.freedesktop.secrets"
	secretsPath     = dbus.ObjectPath("/org/freedesktop/secrets")
	secretsIface    = "org.freedesktop.Secret.Service"
	loginCollection = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")
)

// probeAfter asks the Secret Service about itself when err may be about
// a locked or missing collection (go-keyring says "locked" for both), so
// that hint can tell them apart; other errors, or a service that does
// not answer within timeout, leave err as it is. It runs on the keyring
// call's goroutine, inside the call's timeout.
func probeAfter(err error, timeout time.Duration) error {
	if errors.Is(err, keyring.ErrNotFound) || errors.Is(err, keyring.ErrSetDataTooBig) {
		return err
	}
	switch kindOf(err) {
	case kindLocked, kindNoCollection, kindOther:
	default:
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	facts, ok := probe(ctx)
	if !ok {
		return err
	}
	return &probedError{err: err, facts: facts}
}

// probe reads the Collections property and the "default" alias (where
// go-keyring stores when there is no "login" collection), and which
// program owns the name. It uses the shared session bus connection, as
// go-keyring does.
func probe(ctx context.Context) (serviceFacts, bool) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return serviceFacts{}, false
	}
	svc := conn.Object(secretsName, secretsPath)
	var collections []dbus.ObjectPath
	if err := svc.CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, secretsIface, "Collections").Store(&collections); err != nil {
		return serviceFacts{}, false
	}
	var alias dbus.ObjectPath
	if err := svc.CallWithContext(ctx, secretsIface+".ReadAlias", 0, "default").Store(&alias); err != nil {
		alias = "/"
	}
	facts := serviceFacts{service: serviceProgram(ctx, conn)}
	facts.noCollection = !slices.Contains(collections, loginCollection) && (alias == "/" || !slices.Contains(collections, alias))
	return facts, true
}

// serviceProgram names the program that owns the Secret Service's name,
// from its process's name (/proc, on Linux).
func serviceProgram(ctx context.Context, conn *dbus.Conn) secretService {
	var pid uint32
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetConnectionUnixProcessID", 0, secretsName).Store(&pid); err != nil {
		return unknownService
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return unknownService
	}
	return programFromComm(strings.TrimSpace(string(comm)))
}

// programFromComm knows the Secret Services by their process names
// (which the kernel cuts at 15 characters).
func programFromComm(comm string) secretService {
	switch c := strings.ToLower(comm); {
	case strings.HasPrefix(c, "gnome-keyring"):
		return gnomeKeyring
	case strings.HasPrefix(c, "keepassxc"):
		return keePassXC
	case strings.HasPrefix(c, "kwalletd"), strings.HasPrefix(c, "ksecretd"):
		return kWallet
	}
	return unknownService
}

// errKind is what a go-keyring error says went wrong.
type errKind int

const (
	kindOther errKind = iota
	kindNoBus
	kindNoService
	kindLocked
	kindNoCollection
)

func kindOf(err error) errKind {
	if name := dbusErrorName(err); name != "" {
		switch {
		case name == "org.freedesktop.DBus.Error.ServiceUnknown", name == "org.freedesktop.DBus.Error.NameHasNoOwner",
			strings.HasPrefix(name, "org.freedesktop.DBus.Error.Spawn."): // activation failed
			return kindNoService
		case name == "org.freedesktop.Secret.Error.IsLocked":
			return kindLocked
		case name == "org.freedesktop.Secret.Error.NoSuchObject", name == "org.freedesktop.DBus.Error.UnknownObject":
			return kindNoCollection
		}
		return kindOther
	}
	msg := err.Error()
	var opErr *net.OpError
	switch {
	case strings.Contains(msg, "couldn't determine address of session bus"),
		errors.As(err, &opErr), errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ECONNREFUSED):
		return kindNoBus
	case strings.Contains(msg, "failed to unlock"):
		// go-keyring's own message when the unlock prompt was dismissed,
		// and when there was nothing to unlock.
		return kindLocked
	}
	return kindOther
}

// hint says, for a person, why the Secret Service could not be used and
// what to do.
func hint(err error, timedOut bool, timeout time.Duration) words {
	if timedOut {
		return words{key: "keyring.hint.timeout", english: "the keyring did not answer within {{.Timeout}}: it is probably locked and waiting for its password " +
			"(look for a password prompt, or unlock it in your keyring's app), then try again", data: map[string]any{"Timeout": timeout}}
	}
	var facts serviceFacts
	var probed *probedError
	if errors.As(err, &probed) {
		facts = probed.facts
	}
	kind := kindOf(err)
	if facts.noCollection && (kind == kindLocked || kind == kindNoCollection || kind == kindOther) {
		return noCollectionHints[facts.service]
	}
	switch kind {
	case kindNoBus:
		return hintNoBus
	case kindNoService:
		return hintNoService
	case kindLocked:
		return lockedHints[facts.service]
	case kindNoCollection:
		return noCollectionHints[facts.service]
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
