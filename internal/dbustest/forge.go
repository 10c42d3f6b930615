package dbustest

import (
	"fmt"
	"strings"

	"github.com/godbus/dbus/v5"
)

// SendSignal sends the signal name (interface.member) from path on conn,
// addressed to dest alone (a unicast signal): the bus delivers it to dest
// whatever dest's match rules say, which is how a peer forges a service's
// signal. The sender the bus puts on it is conn's own unique name.
func SendSignal(conn *dbus.Conn, dest string, path dbus.ObjectPath, name string, body ...any) error {
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return fmt.Errorf("signal %q has no interface", name)
	}
	msg := &dbus.Message{Type: dbus.TypeSignal, Headers: map[dbus.HeaderField]dbus.Variant{
		dbus.FieldPath:        dbus.MakeVariant(path),
		dbus.FieldInterface:   dbus.MakeVariant(name[:dot]),
		dbus.FieldMember:      dbus.MakeVariant(name[dot+1:]),
		dbus.FieldDestination: dbus.MakeVariant(dest),
	}, Body: body}
	if len(body) > 0 {
		msg.Headers[dbus.FieldSignature] = dbus.MakeVariant(dbus.SignatureOf(body...))
	}
	if call := conn.Send(msg, nil); call.Err != nil {
		return fmt.Errorf("send %s to %s: %w", name, dest, call.Err)
	}
	return nil
}

// UniqueNames lists the unique names (":1.7") on conn's bus other than
// conn's own: the connections a forger would address.
func UniqueNames(conn *dbus.Conn) ([]string, error) {
	var names []string
	if err := conn.BusObject().Call("org.freedesktop.DBus.ListNames", 0).Store(&names); err != nil {
		return nil, fmt.Errorf("list the names on the bus: %w", err)
	}
	own := conn.Names()
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, ":") && (len(own) == 0 || n != own[0]) {
			out = append(out, n)
		}
	}
	return out, nil
}
