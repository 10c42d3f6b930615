package guard

import (
	"slices"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// lightsHome is a house of a lock, a bulb, a switch and a plug; on says
// which are on (a missing id: off; "?" prefix: no On reported).
func lightsHome(on map[string]bool, unknown ...string) poller.State {
	now := time.Date(2026, 12, 4, 22, 0, 0, 0, time.UTC)
	st := poller.State{Loaded: true, LastPoll: now}
	for _, d := range []utec.Device{
		{ID: "F", Name: "Front Door", Category: "SmartLock"},
		{ID: "L", Name: "Desk Lamp", Category: "LIGHT"},
		{ID: "S", Name: "Hall Switch", Category: "SWITCH"},
		{ID: "P", Name: "Heater Plug", Category: "PLUG"},
	} {
		status := utec.Status{DeviceID: d.ID, Lock: utec.LockUnlocked}
		if !slices.Contains(unknown, d.ID) {
			v := on[d.ID]
			status.On = &v
		}
		st.Devices = append(st.Devices, poller.Device{Device: d, Status: status, Updated: now})
	}
	return st
}

func TestLightsToTurnOff(t *testing.T) {
	all := []string{"F", "L", "S", "P"}
	for _, tc := range []struct {
		name    string
		chosen  []string
		on      map[string]bool
		unknown []string
		failing bool
		want    []LightOff
	}{
		{"nothing chosen", nil, map[string]bool{"L": true}, nil, false, nil},
		{"the chosen lights that are on", []string{"L", "P"}, map[string]bool{"L": true, "S": true, "P": true}, nil, false,
			[]LightOff{{Device: utec.Device{ID: "L"}, WasOn: true}, {Device: utec.Device{ID: "P"}, WasOn: true}}},
		{"one known off is left alone", []string{"L", "S"}, map[string]bool{"S": true}, nil, false,
			[]LightOff{{Device: utec.Device{ID: "S"}, WasOn: true}}},
		{"a lock in the list is never touched", all, map[string]bool{"F": true}, nil, false, nil},
		{"no state: turned off, not ours to turn back on", []string{"L"}, nil, []string{"L"}, false,
			[]LightOff{{Device: utec.Device{ID: "L"}, WasOn: false}}},
		{"a stale reading: turned off, not ours", []string{"L", "S"}, map[string]bool{"L": true}, nil, true,
			[]LightOff{{Device: utec.Device{ID: "L"}}, {Device: utec.Device{ID: "S"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := lightsHome(tc.on, tc.unknown...)
			if tc.failing {
				st.FailingSince = st.LastPoll
			}
			s := config.Default()
			s.LightsOffWhenAway = tc.chosen
			got := LightsToTurnOff(&st, &s)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].Device.ID != tc.want[i].Device.ID || got[i].WasOn != tc.want[i].WasOn {
					t.Errorf("%d: %s wasOn=%v, want %s wasOn=%v", i, got[i].Device.ID, got[i].WasOn, tc.want[i].Device.ID, tc.want[i].WasOn)
				}
			}
		})
	}
}

func TestLightsToTurnBackOn(t *testing.T) {
	for _, tc := range []struct {
		name      string
		off, back []string
		turnedOff map[string]bool
		on        map[string]bool
		unknown   []string
		want      []string
	}{
		{"only what utec-tray turned off", []string{"L", "S"}, []string{"L", "S"}, map[string]bool{"L": true}, nil, nil, []string{"L"}},
		{"not chosen to come back", []string{"L", "S"}, []string{"S"}, map[string]bool{"L": true, "S": true}, nil, nil, []string{"S"}},
		{"back on needs off when away too", nil, []string{"L"}, map[string]bool{"L": true}, nil, nil, nil},
		{"someone turned it on meanwhile", []string{"L"}, []string{"L"}, map[string]bool{"L": true}, map[string]bool{"L": true}, nil, nil},
		{"its state is not known", []string{"L"}, []string{"L"}, map[string]bool{"L": true}, nil, []string{"L"}, nil},
		{"a lock is never turned on", []string{"F", "L"}, []string{"F", "L"}, map[string]bool{"F": true, "L": true}, nil, nil, []string{"L"}},
		{"nothing turned off", []string{"L"}, []string{"L"}, nil, nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := lightsHome(tc.on, tc.unknown...)
			s := config.Default()
			s.LightsOffWhenAway, s.LightsBackOn = tc.off, tc.back
			var got []string
			for _, d := range LightsToTurnBackOn(tc.turnedOff, &st, &s) {
				got = append(got, d.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
