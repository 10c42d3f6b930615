package utec_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/utec-tray/utec-tray/utec"
)

func TestCleanName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("abcdefghij", 10)
	for _, tc := range []struct{ name, in, fallback, want string }{
		{"plain", "Front Door", "id", "Front Door"},
		{"unicode kept", "Küche – Tür 🔒", "id", "Küche – Tür 🔒"},
		{"newline makes no table row", "Front Door\nGarage\tLight\r\n", "id", "Front Door Garage Light"},
		{"spaces collapsed and trimmed", "  Back   Door \u00a0 ", "id", "Back Door"},
		{"OSC title with BEL", "\x1b]0;pwned\x07Front Door", "id", "Front Door"},
		{"OSC with ST", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "id", "link"},
		{"CSI clear screen", "\x1b[2JDoor\x1b[31m red\x1b[0m", "id", "Door red"},
		{"C1 CSI", "\u009b2JDoor", "id", "Door"},
		{"two-byte escape", "\x1bcReset\x1b(BDoor", "id", "ResetDoor"},
		{"unterminated OSC swallows the rest", "Door\x1b]0;title", "id", "Door"},
		{"C0, DEL and C1 controls", "Do\x00o\x7fr\u0085s\u0090", "id", "Door s"},
		{"bidi override", "Front \u202eroodkcab\u202c Door", "id", "Front roodkcab Door"},
		{"bidi isolates and marks", "\u2066A\u2069\u200eB\u200fC\u061cD", "id", "ABCD"},
		{"zero width and BOM", "Lo\u200bck\ufeff", "id", "Lock"},
		{"line separator", "A\u2028B\u2029C", "id", "A B C"},
		{"empty falls back to the id", "", "AA:BB", "AA:BB"},
		{"only controls fall back to the id", "\x1b[2J\u202e \n", "AA:BB", "AA:BB"},
		{"dirty id is cleaned too", "", "A\nB", "A B"},
		{"nothing left at all", "\u202e", "\x07", "Unnamed device"},
		{"long names are cut", long, "id", long[:63] + "…"},
		{"exactly the limit", long[:64], "id", long[:64]},
		{"limit then trailing junk", long[:64] + " \x1b[2J\u202e", "id", long[:64]},
		{"cut does not end in a space", long[:62] + " xyz", "id", long[:62] + "…"},
		{"multibyte cut by runes", strings.Repeat("é", 70), "id", strings.Repeat("é", 63) + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := utec.CleanName(tc.in, tc.fallback)
			if got != tc.want {
				t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := utec.CleanName(got, tc.fallback); again != got {
				t.Errorf("cleaning twice changes %q to %q", got, again)
			}
			if n := utf8.RuneCountInString(got); n > utec.MaxNameRunes {
				t.Errorf("%d runes", n)
			}
		})
	}
}

func TestDiscoveryCleansNames(t *testing.T) {
	t.Parallel()
	body, _ := json.Marshal(map[string]any{"payload": map[string]any{"devices": []map[string]any{
		{"id": "A", "name": "Front Door\n\x1b[2Jfake row\tlocked", "category": "SmartLock"},
		{"id": "B", "name": "\u202e\u2066"},
		{"id": "C", "name": 42},
	}}})
	devices, err := utec.DecodeDiscovery(body)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Front Door fake row locked", "B", "42"}
	if len(devices) != len(want) {
		t.Fatalf("%d devices", len(devices))
	}
	for i, d := range devices {
		if d.Name != want[i] {
			t.Errorf("device %s: name %q, want %q", d.ID, d.Name, want[i])
		}
	}
}
