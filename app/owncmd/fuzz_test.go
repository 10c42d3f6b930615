package owncmd

import (
	"strings"
	"testing"
	"unicode"

	"github.com/utec-tray/utec-tray/app/platform/instance"
)

// FuzzParse: whatever arrives on the instance socket, Parse never panics,
// and what it accepts is a message whose fields the tray can trust and
// that survives a round trip.
func FuzzParse(f *testing.F) {
	unlock := confirmedUnlock()
	for _, m := range []Message{unlock, Sent("AA:BB", unlock.Action())} {
		line, err := Encode(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(line)
	}
	f.Add(Prefix + `{"v":1,"device":"x","verb":"lock"} trailing`)
	f.Add(Prefix + `{"v":2}`)
	f.Add("settings")
	f.Fuzz(func(t *testing.T, line string) {
		m, err := Parse(line)
		if err != nil {
			return
		}
		if len(line) > instance.MaxMessage || m.DeviceID == "" || strings.IndexFunc(m.DeviceID, unicode.IsControl) >= 0 ||
			m.Percent < 0 || m.Percent > 100 || (m.Status == nil) != m.Done.IsZero() {
			t.Fatalf("accepted a message the tray cannot trust: %q → %+v", line, m)
		}
		again, err := Encode(m)
		if err != nil {
			t.Fatalf("an accepted message does not encode: %v", err)
		}
		if _, err := Parse(again); err != nil {
			t.Fatalf("an accepted message does not survive a round trip: %q: %v", again, err)
		}
	})
}
