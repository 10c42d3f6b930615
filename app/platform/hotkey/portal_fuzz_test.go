//go:build linux || freebsd || openbsd || netbsd

package hotkey

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

// portalBody builds a signal body of the shape shape picks, from the
// fuzzer's values: the right types or wrong ones at each place, as a
// program on the session bus may send (the bus daemon checks the wire
// format, not what the values mean).
func portalBody(shape uint8, code uint32, id, trigger string) []any {
	var first any = code
	if shape&1 != 0 {
		first = id
	}
	var shortcuts any = []portalShortcut{{ID: id, Options: map[string]dbus.Variant{"trigger_description": dbus.MakeVariant(trigger)}}}
	switch shape >> 1 & 3 {
	case 1:
		shortcuts = trigger
	case 2:
		shortcuts = []portalShortcut{{ID: id, Options: map[string]dbus.Variant{"trigger_description": dbus.MakeVariant(code)}}}
	case 3:
		shortcuts = map[string]dbus.Variant{id: dbus.MakeVariant(trigger)}
	}
	results := map[string]dbus.Variant{"shortcuts": dbus.MakeVariant(shortcuts), "session_handle": dbus.MakeVariant(trigger)}
	var second any = results
	if shape&8 != 0 {
		second = id
	}
	if shape&16 != 0 {
		return []any{dbus.ObjectPath(trigger), second, uint64(code)}
	}
	return []any{first, second}[:min(2, int(shape>>5)+1)]
}

// FuzzPortalSignals: whatever a program on the session bus sends as a
// portal's Response or Activated, reading it never panics, a Response's
// triggers are only of shortcuts it bound, and a session handle read is
// a valid object path.
func FuzzPortalSignals(f *testing.F) {
	f.Add(uint8(1<<5), uint32(0), "lock-all", "Ctrl+Alt+L")
	f.Add(uint8(1<<5|2), uint32(1), "", "")
	f.Add(uint8(16), uint32(7), "open-panel", "/org/freedesktop/portal/desktop/session/1_2/t")
	f.Add(uint8(1<<5|4|1), uint32(2), "x", "/bad path")
	f.Fuzz(func(t *testing.T, shape uint8, code uint32, id, trigger string) {
		body := portalBody(shape, code, id, trigger)
		if r, ok := parseResponse(body); ok {
			bound, triggers, err := boundShortcuts(r.results)
			if err == nil {
				for sid := range triggers {
					if !bound[sid] {
						t.Fatalf("a trigger for %q, which is not bound", sid)
					}
				}
			}
			if s, err := parseSession(r.results); err == nil && !s.IsValid() {
				t.Fatalf("session handle %q is not an object path", s)
			}
		}
		if s, sid, ok := parseActivated(body); ok && (s != dbus.ObjectPath(trigger) || sid != id) {
			t.Fatalf("Activated read as %q %q from %v", s, sid, body)
		}
	})
}

func TestPortalSignalsParsed(t *testing.T) {
	t.Parallel()
	body := []any{dbus.ObjectPath("/s/1"), "lock-all", uint64(7), map[string]dbus.Variant{}}
	if s, id, ok := parseActivated(body); !ok || s != "/s/1" || id != "lock-all" {
		t.Errorf("Activated read as %q %q %v", s, id, ok)
	}
	if _, _, ok := parseActivated([]any{"/s/1", uint32(3)}); ok {
		t.Error("an Activated with a number for the ID was read")
	}
	if _, ok := parseResponse([]any{"0", map[string]dbus.Variant{}}); ok {
		t.Error("a Response with a string for the code was read")
	}
	bound, triggers, err := boundShortcuts(map[string]dbus.Variant{"shortcuts": dbus.MakeVariant([]portalShortcut{
		{ID: "a", Options: map[string]dbus.Variant{"trigger_description": dbus.MakeVariant("Ctrl+A")}}, {ID: "b"},
	})})
	if err != nil || !bound["a"] || !bound["b"] || triggers["a"] != "Ctrl+A" || len(triggers) != 1 {
		t.Errorf("bound %v triggers %v err %v", bound, triggers, err)
	}
	if _, _, err := boundShortcuts(map[string]dbus.Variant{"shortcuts": dbus.MakeVariant("x")}); err == nil {
		t.Error("shortcuts that are a string were read")
	}
}
