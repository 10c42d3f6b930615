//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

// Package dbusowner tells a D-Bus service's own signals from forged ones.
//
// Match rules with sender= only filter broadcasts: the bus delivers a
// signal addressed to a connection's unique name whatever that
// connection's rules say, and any peer on the bus may send one. The only
// proof of who sent a signal is its sender field, which the bus daemon
// fills in with the sending connection's unique name. So a program that
// acts on a service's signals must know which unique name owns the
// service's well-known name right now: it asks once (GetNameOwner) and
// then follows the bus's NameOwnerChanged, which only the bus itself can
// send.
package dbusowner

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/godbus/dbus/v5"
)

// The bus daemon's own name, the sender of the signals about names.
const (
	busDriver        = "org.freedesktop.DBus"
	nameOwnerChanged = busDriver + ".NameOwnerChanged"
	errNameNoOwner   = "org.freedesktop.DBus.Error.NameHasNoOwner"
)

// Owners holds the current owners of a few well-known names on one
// connection's bus. Its methods are safe for concurrent use.
type Owners struct {
	watched map[string]bool // the names given to Watch; not changed after
	mu      sync.Mutex
	byName  map[string]string // well-known name → unique name; absent: no owner
}

// Watch subscribes conn to the bus's NameOwnerChanged for each name, then
// asks who owns each one now (in that order, so that no change in between
// is missed). Every signal conn receives must then go through Follow.
func Watch(ctx context.Context, conn *dbus.Conn, names ...string) (*Owners, error) {
	o := &Owners{watched: make(map[string]bool, len(names)), byName: make(map[string]string, len(names))}
	for _, name := range names {
		o.watched[name] = true
		if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(busDriver),
			dbus.WithMatchInterface(busDriver), dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, name)); err != nil {
			return nil, fmt.Errorf("follow the owner of %s: %w", name, err)
		}
	}
	for _, name := range names {
		owner, err := nameOwner(ctx, conn, name)
		if err != nil {
			return nil, err
		}
		o.set(name, owner)
	}
	return o, nil
}

func nameOwner(ctx context.Context, conn *dbus.Conn, name string) (string, error) {
	var owner string
	err := conn.BusObject().CallWithContext(ctx, busDriver+".GetNameOwner", 0, name).Store(&owner)
	var de dbus.Error
	if errors.As(err, &de) && de.Name == errNameNoOwner {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("ask who owns %s: %w", name, err)
	}
	return owner, nil
}

func (o *Owners) set(name, owner string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if owner == "" {
		delete(o.byName, name)
		return
	}
	o.byName[name] = owner
}

// Follow takes the owner changes out of the signal stream: it reports
// whether sig is a NameOwnerChanged, which callers then do not look at
// further, and records the change when the bus itself sent it about a
// watched name (one sent by any other peer is forged and changes nothing).
func (o *Owners) Follow(sig *dbus.Signal) bool {
	if sig.Name != nameOwnerChanged {
		return false
	}
	if sig.Sender != busDriver || len(sig.Body) != 3 {
		return true
	}
	name, ok1 := sig.Body[0].(string)
	owner, ok2 := sig.Body[2].(string)
	if !ok1 || !ok2 {
		return true
	}
	if o.watched[name] {
		o.set(name, owner)
	}
	return true
}

// Sent reports whether sig was sent by the current owner of name. With no
// owner, nobody's signal is.
func (o *Owners) Sent(name string, sig *dbus.Signal) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	owner, ok := o.byName[name]
	return ok && sig.Sender != "" && sig.Sender == owner
}
