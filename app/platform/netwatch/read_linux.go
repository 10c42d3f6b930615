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
	if state, ok := manager["State"].Value().(uint32); ok && state == nmStateAsleep {
		return Connection{Asleep: true}, nil
	}
	path, ok := manager["PrimaryConnection"].Value().(dbus.ObjectPath)
	if !ok {
		return Connection{Unreadable: true}, errors.New("NetworkManager has no PrimaryConnection")
	}
	c := Connection{Path: string(path)}
	if path == "/" || path == "" {
		c.Path = "/"
		return c, nil
	}
	active, err := getAll(ctx, conn, path, activeIface)
	if err != nil {
		// NetworkManager names a removed active connection for one more
		// signal.
		c.Unreadable = true
		return c, fmt.Errorf("read the active connection %s: %w", path, err)
	}
	c.UUID, _ = active["Uuid"].Value().(string)
	c.Name, _ = active["Id"].Value().(string)
	c.Type, _ = active["Type"].Value().(string)
	if c.UUID == "" {
		c.Unreadable = true
		return c, fmt.Errorf("the active connection %s has no UUID", path)
	}
	ap, _ := active["SpecificObject"].Value().(dbus.ObjectPath)
	if c.Wireless() && ap != "/" && ap != "" {
		var hw dbus.Variant
		err := conn.Object(nmName, ap).CallWithContext(ctx, propsIface+".Get", 0, apIface, "HwAddress").Store(&hw)
		if err != nil {
			// Home with a BSSID then stays unknown: departure decides.
			return c, fmt.Errorf("read the access point %s: %w", ap, err)
		}
		c.BSSID, _ = hw.Value().(string)
	}
	return c, nil
}

func getAll(ctx context.Context, conn *dbus.Conn, path dbus.ObjectPath, iface string) (map[string]dbus.Variant, error) {
	var props map[string]dbus.Variant
	err := conn.Object(nmName, path).CallWithContext(ctx, propsIface+".GetAll", 0, iface).Store(&props)
	return props, err
}
