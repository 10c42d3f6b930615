package config

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestHomeNetworks(t *testing.T) {
	s := Default()
	s.AddHomeNetwork(HomeNetwork{UUID: " A1B2 "})
	s.AddHomeNetwork(HomeNetwork{UUID: "a1b2"}) // the same, again
	s.AddHomeNetwork(HomeNetwork{UUID: "a1b2", BSSID: "aa:bb:cc:00:11:22"})
	s.AddHomeNetwork(HomeNetwork{}) // no UUID: nothing to recognise it by
	want := []HomeNetwork{{UUID: "a1b2"}, {UUID: "a1b2", BSSID: "AA:BB:CC:00:11:22"}}
	if !slices.Equal(s.HomeNetworks, want) {
		t.Fatalf("home set %+v, want %+v", s.HomeNetworks, want)
	}
	if !s.IsHomeNetwork(HomeNetwork{UUID: "A1B2", BSSID: "aa:bb:cc:00:11:22"}) {
		t.Error("the access point's entry is not found in other capitals")
	}
	before := s.Clone()
	s.RemoveHomeNetwork(HomeNetwork{UUID: "a1b2"})
	if !slices.Equal(s.HomeNetworks, want[1:]) {
		t.Errorf("after removing the profile: %+v, want %+v", s.HomeNetworks, want[1:])
	}
	if !slices.Equal(before.HomeNetworks, want) {
		t.Error("removing changed a copy taken before")
	}
	s.RemoveHomeNetwork(want[1])
	if s.HomeNetworks != nil {
		t.Errorf("after removing all: %+v, want none", s.HomeNetworks)
	}
}

// TestHomeNetworksInTheFile: only UUIDs and BSSIDs are written, and a
// hand edit's duplicates and empty entries are dropped on load.
func TestHomeNetworksInTheFile(t *testing.T) {
	s := Default()
	s.AddHomeNetwork(HomeNetwork{UUID: "a1b2", BSSID: "AA:BB:CC:00:11:22"})
	s.LeftHomeMinutes = 5
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"homeNetworks":[{"uuid":"a1b2","bssid":"AA:BB:CC:00:11:22"}],"leftHomeMinutes":5`) {
		t.Errorf("file %s lacks the home set as it should be written", out)
	}
	var back Settings
	if err := json.Unmarshal([]byte(`{"homeNetworks":[{"uuid":"X"},{"uuid":"x"},{"bssid":"AA"}],"leftHomeMinutes":9999}`), &back); err != nil {
		t.Fatal(err)
	}
	back.normalise()
	if want := []HomeNetwork{{UUID: "x"}}; !slices.Equal(back.HomeNetworks, want) {
		t.Errorf("loaded %+v, want %+v", back.HomeNetworks, want)
	}
	if back.LeftHomeMinutes != MaxLeftHomeMinutes {
		t.Errorf("delay %d, want it capped at %d", back.LeftHomeMinutes, MaxLeftHomeMinutes)
	}
}

func TestLeftHomeAfter(t *testing.T) {
	tests := []struct {
		name    string
		minutes int
		env     string
		want    time.Duration
		bad     bool
	}{
		{"default", 0, "", 3 * time.Minute, false},
		{"the setting", 10, "", 10 * time.Minute, false},
		{"the override wins", 10, "5s", 5 * time.Second, false},
		{"not a duration", 0, "soon", 0, true},
		{"a bare number", 0, "5", 0, true},
		{"zero", 0, "0s", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Default()
			s.LeftHomeMinutes = tt.minutes
			err := s.ApplyGuardEnv(func(k string) string {
				if k == EnvLeftHomeAfter {
					return tt.env
				}
				return ""
			})
			if tt.bad {
				if !errors.Is(err, ErrBadEnv) || !strings.Contains(err.Error(), EnvLeftHomeAfter) {
					t.Fatalf("err %v, want one that names %s and matches ErrBadEnv", err, EnvLeftHomeAfter)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.LeftHomeAfter(); got != tt.want {
				t.Errorf("LeftHomeAfter %v, want %v", got, tt.want)
			}
		})
	}
}
