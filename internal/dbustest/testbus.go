package dbustest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// TestBus starts a private bus for t (StartBus), and a connection to it;
// both close when t ends. Without dbus-daemon, t is skipped.
func TestBus(t testing.TB) (*Bus, *dbus.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	bus, err := StartBus(ctx)
	if errors.Is(err, ErrNoDaemon) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Close)
	return bus, TestConn(t, bus)
}

// TestConn is one more connection to bus, closed when t ends.
func TestConn(t testing.TB, bus *Bus) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(bus.Address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
