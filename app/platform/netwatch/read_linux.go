package netwatch

import (
	"context"
	"errors"
	"fmt"

	"github.com/godbus/dbus/v5"
)

// notRunningError means nobody owns NetworkManager's name.
type notRunningError struct{ err error }

func (e *notRunningError) Error() string { return "NetworkManager is not running: " + e.err.Error() }
func (e *notRunningError) Unwrap() error { return e.err }

// The bus's errors for a name that nobody owns.
const (
	errServiceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown"
	errNameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner"
)

// readPrimary reads NetworkManager's primary connection: the manager's
// State and PrimaryConnection, the active connection's Uuid, Id, Type
// and SpecificObject, and for Wi-Fi the access point's HwAddress. A
// connection that cannot be read comes back Unreadable, with the error.
func readPrimary(ctx context.Context, conn *dbus.Conn) (Connection, error) {
	manager, err := getAll(ctx, conn, nmPath, nmName)
	if err != nil {
		var de dbus.Error
		if errors.As(err, &de) && (de.Name == errServiceUnknown || de.Name == errNameHasNoOwner) {
			return Connection{}, &notRunningError{err}
		}
		return Connection{Unreadable: true}, fmt.Errorf("read NetworkManager: %w", err)
	}
	c, err := decodeManager(manager)
	if err != nil || c.Asleep || c.Path == "/" {
		return c, err
	}
	active, err := getAll(ctx, conn, dbus.ObjectPath(c.Path), activeIface)
	if err != nil {
		// NetworkManager names a removed active connection for one more
		// signal.
		c.Unreadable = true
		return c, fmt.Errorf("read the active connection %s: %w", c.Path, err)
	}
	ap, err := decodeActive(&c, active)
	if err != nil || ap == "" {
		return c, err
	}
	var hw dbus.Variant
	err = conn.Object(nmName, ap).CallWithContext(ctx, propsIface+".Get", 0, apIface, "HwAddress").Store(&hw)
	if err != nil {
		// Home with a BSSID then stays unknown: departure decides.
		return c, fmt.Errorf("read the access point %s: %w", ap, err)
	}
	c.BSSID, _ = hw.Value().(string)
	return c, nil
}

// decodeManager reads the manager's State and PrimaryConnection: asleep,
// no connection ("/"), or the active connection's path to read next.
func decodeManager(props map[string]dbus.Variant) (Connection, error) {
	if state, ok := props["State"].Value().(uint32); ok && state == nmStateAsleep {
		return Connection{Asleep: true}, nil
	}
	path, ok := props["PrimaryConnection"].Value().(dbus.ObjectPath)
	if !ok {
		return Connection{Unreadable: true}, errors.New("NetworkManager has no PrimaryConnection")
	}
	if path == "/" || path == "" {
		return Connection{Path: "/"}, nil
	}
	return Connection{Path: string(path)}, nil
}

// decodeActive fills c from the active connection's properties, and
// returns its access point's path when there is one to read (Wi-Fi).
func decodeActive(c *Connection, props map[string]dbus.Variant) (ap dbus.ObjectPath, err error) {
	c.UUID, _ = props["Uuid"].Value().(string)
	c.Name, _ = props["Id"].Value().(string)
	c.Type, _ = props["Type"].Value().(string)
	if c.UUID == "" {
		c.Unreadable = true
		return "", fmt.Errorf("the active connection %s has no UUID", c.Path)
	}
	ap, _ = props["SpecificObject"].Value().(dbus.ObjectPath)
	if !c.Wireless() || ap == "/" {
		return "", nil
	}
	return ap, nil
}

func getAll(ctx context.Context, conn *dbus.Conn, path dbus.ObjectPath, iface string) (map[string]dbus.Variant, error) {
	var props map[string]dbus.Variant
	err := conn.Object(nmName, path).CallWithContext(ctx, propsIface+".GetAll", 0, iface).Store(&props)
	return props, err
}
