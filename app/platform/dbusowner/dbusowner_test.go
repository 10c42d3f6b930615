//go:build linux && !android

package dbusowner

import (
	"context"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

const (
	serviceName = "org.example.Door"
	signalName  = "org.example.Door.Opened"
	path        = dbus.ObjectPath("/org/example/Door")
)

// On a private bus: a service that owns serviceName, the watcher that
// follows it, and a forger, each a connection of its own.
func TestOnlyTheCurrentOwnersSignalsAreSent(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	bus, _ := dbustest.TestBus(t)
	connect := func() *dbus.Conn {
		return dbustest.TestConn(t, bus)
	}
	service, watcher, forger := connect(), connect(), connect()
	if _, err := service.RequestName(serviceName, dbus.NameFlagDoNotQueue); err != nil {
		t.Fatal(err)
	}
	owners, err := Watch(ctx, watcher, serviceName, "org.example.Nobody")
	if err != nil {
		t.Fatal(err)
	}
	signals := make(chan *dbus.Signal, 32)
	watcher.Signal(signals)
	me := watcher.Names()[0]

	// next returns the next Opened signal, after passing every signal by
	// Follow as a user of Owners does.
	next := func() *dbus.Signal {
		t.Helper()
		for {
			select {
			case sig := <-signals:
				if !owners.Follow(sig) && sig.Name == signalName {
					return sig
				}
			case <-ctx.Done():
				t.Fatal("no signal within the time")
			}
		}
	}
	send := func(from *dbus.Conn) *dbus.Signal {
		t.Helper()
		if err := dbustest.SendSignal(from, me, path, signalName, true); err != nil {
			t.Fatal(err)
		}
		return next()
	}

	if sig := send(service); !owners.Sent(serviceName, sig) {
		t.Errorf("the owner's signal (from %s) is not taken as sent by %s", sig.Sender, serviceName)
	}
	if sig := send(forger); owners.Sent(serviceName, sig) || owners.Sent("org.example.Nobody", sig) {
		t.Errorf("a forged signal from %s is taken as the service's", sig.Sender)
	}
	// A forged NameOwnerChanged claiming the name for the forger changes
	// nothing.
	if err := dbustest.SendSignal(forger, me, "/org/freedesktop/DBus", "org.freedesktop.DBus.NameOwnerChanged",
		serviceName, service.Names()[0], forger.Names()[0]); err != nil {
		t.Fatal(err)
	}
	if sig := send(forger); owners.Sent(serviceName, sig) {
		t.Error("a forged NameOwnerChanged handed the name to the forger")
	}
	// The service goes and another takes the name: the new owner's
	// signals count, the old one's no longer.
	if _, err := service.ReleaseName(serviceName); err != nil {
		t.Fatal(err)
	}
	if _, err := forger.RequestName(serviceName, dbus.NameFlagDoNotQueue); err != nil {
		t.Fatal(err)
	}
	// The bus sends NameOwnerChanged before the reply to RequestName, so
	// it is in the stream before the signal below.
	if sig := send(forger); !owners.Sent(serviceName, sig) {
		t.Error("the new owner's signal is not taken as the service's")
	}
	if sig := send(service); owners.Sent(serviceName, sig) {
		t.Error("the old owner's signal is still taken as the service's")
	}
}
