package netwatch

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

// variant is v as NetworkManager sends it, or, when wrong, as a peer
// that sends another type would.
func variant(v any, wrong bool) dbus.Variant {
	if wrong {
		return dbus.MakeVariant(int32(7))
	}
	return dbus.MakeVariant(v)
}

// FuzzDecode: whatever NetworkManager's properties hold (any strings, any
// state, a property of the wrong type), decoding never panics, never
// takes an unreadable connection for "no connection", and reads an access
// point only for Wi-Fi.
func FuzzDecode(f *testing.F) {
	f.Add(uint32(70), "/org/freedesktop/NetworkManager/ActiveConnection/1", "5f0c1d2e", "Home", TypeWireless, "/org/freedesktop/NetworkManager/AccessPoint/1", uint8(0))
	f.Add(uint32(10), "/", "", "", "", "/", uint8(0))
	f.Add(uint32(70), "/ac", "", "Café", "802-3-ethernet", "", uint8(0xff))
	f.Fuzz(func(t *testing.T, state uint32, primary, uuid, id, typ, specific string, wrong uint8) {
		manager := map[string]dbus.Variant{
			"State":             variant(state, wrong&1 != 0),
			"PrimaryConnection": variant(dbus.ObjectPath(primary), wrong&2 != 0),
		}
		c, err := decodeManager(manager)
		switch {
		case wrong&1 == 0 && state == nmStateAsleep:
			if !c.Asleep {
				t.Fatalf("state asleep decoded %+v", c)
			}
			return
		case wrong&2 != 0:
			if err == nil || !c.Unreadable {
				t.Fatalf("a PrimaryConnection of the wrong type decoded %+v, %v", c, err)
			}
			return
		case primary == "" || primary == "/":
			if c.Path != "/" || c.Unreadable || err != nil {
				t.Fatalf("no connection decoded %+v, %v", c, err)
			}
			return
		}
		if c.Path != primary || err != nil {
			t.Fatalf("path %q decoded %+v, %v", primary, c, err)
		}
		active := map[string]dbus.Variant{
			"Uuid":           variant(uuid, wrong&4 != 0),
			"Id":             variant(id, wrong&8 != 0),
			"Type":           variant(typ, wrong&16 != 0),
			"SpecificObject": variant(dbus.ObjectPath(specific), wrong&32 != 0),
		}
		ap, err := decodeActive(&c, active)
		if c.UUID == "" {
			if err == nil || !c.Unreadable || ap != "" {
				t.Fatalf("no UUID decoded %+v, %q, %v", c, ap, err)
			}
			return
		}
		if err != nil || c.Unreadable || c.Path != primary {
			t.Fatalf("decoded %+v, %v", c, err)
		}
		if ap != "" && (!c.Wireless() || ap == "/" || string(ap) != specific) {
			t.Fatalf("access point %q read for %+v", ap, c)
		}
	})
}
