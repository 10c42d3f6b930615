//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

// Package dbusdial connects to a D-Bus bus with a bound on the wait and
// none on the connection's life.
//
// godbus gives the authentication and Hello no context of their own, and
// its WithContext option closes the connection when that context ends:
// a dial bounded by a short context would give a connection that dies
// with it. Dial bounds the wait with a timer instead, and ties the
// connection to a context that lasts as long as its owner.
package dbusdial

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/godbus/dbus/v5"
)

// ErrNoAnswer is matched by Dial's error when the bus did not finish the
// connection within the timeout.
var ErrNoAnswer = errors.New("the bus did not answer")

// Dial connects to the bus at addr; the connection lasts until life ends
// or it is closed. It waits at most timeout: a connection that comes
// later is closed at once.
func Dial(life context.Context, addr string, timeout time.Duration) (*dbus.Conn, error) {
	type dialed struct {
		conn *dbus.Conn
		err  error
	}
	done := make(chan dialed, 1)
	go func() {
		conn, err := dbus.Connect(addr, dbus.WithContext(life))
		done <- dialed{conn, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case d := <-done:
		return d.conn, d.err
	case <-timer.C:
		go func() {
			if d := <-done; d.conn != nil {
				_ = d.conn.Close()
			}
		}()
		return nil, fmt.Errorf("connect to %s: %w within %v", addr, ErrNoAnswer, timeout)
	}
}
