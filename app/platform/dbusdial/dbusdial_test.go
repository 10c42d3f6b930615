//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package dbusdial

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// TestConnectionOutlivesTheWait: the connection made within the timeout
// still works after the wait's bound passed, and ends with its life.
func TestConnectionOutlivesTheWait(t *testing.T) {
	bus, _ := dbustest.TestBus(t)
	life, end := context.WithCancel(context.Background())
	defer end()
	conn, err := Dial(life, bus.Address, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	var id string
	if err := conn.BusObject().Call("org.freedesktop.DBus.GetId", 0).Store(&id); err != nil || id == "" {
		t.Fatalf("the connection after the wait: %q, %v", id, err)
	}
	end()
	deadline := time.Now().Add(5 * time.Second)
	for conn.Connected() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if conn.Connected() {
		t.Error("the connection outlived its life")
	}
}

// TestSilentBusTimesOut: a socket that accepts and never speaks D-Bus
// gives ErrNoAnswer after the timeout, not a hang.
func TestSilentBusTimesOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "silent")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	_, err = Dial(context.Background(), "unix:path="+path, 200*time.Millisecond)
	if !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("Dial to a silent socket: %v, want ErrNoAnswer", err)
	}
}
