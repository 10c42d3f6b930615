package netwatch

import (
	"testing"

	"github.com/utec-tray/utec-tray/app/departure"
)

// TestDeparture: what the watcher read, as the left-home rule places it.
func TestDeparture(t *testing.T) {
	home := []departure.HomeNetwork{{UUID: "home-uuid"}}
	tests := []struct {
		name  string
		s     State
		known bool
		place departure.Place
	}{
		{"still checking", State{}, false, departure.Unknown},
		{"no NetworkManager", State{Status: Unavailable}, false, departure.Unknown},
		{"not yet on this system", State{Status: NotYet}, false, departure.Unknown},
		{"home", State{Status: Watching, Primary: Connection{Path: "/ac/1", UUID: "home-uuid", Type: TypeWireless}}, true, departure.Home},
		{"elsewhere", State{Status: Watching, Primary: Connection{Path: "/ac/2", UUID: "cafe"}}, true, departure.Away},
		{"no connection", State{Status: Watching, Primary: Connection{Path: "/"}}, true, departure.Away},
		{"dangling", State{Status: Watching, Primary: Connection{Path: "/ac/1", Unreadable: true}}, true, departure.Unknown},
		{"manager unreadable", State{Status: Watching, Primary: Connection{Unreadable: true}}, true, departure.Unknown},
		{"asleep", State{Status: Watching, Primary: Connection{Asleep: true}}, true, departure.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, known := tt.s.Departure()
			if known != tt.known {
				t.Fatalf("known %v, want %v", known, tt.known)
			}
			place := departure.Unknown
			if known {
				place = departure.Classify(p, home)
			}
			if place != tt.place {
				t.Errorf("%+v placed %v, want %v", p, place, tt.place)
			}
		})
	}
}
