package guard

import (
	"errors"
	"slices"
	"testing"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// fresh is h's state as a current reading: every device answered the
// last poll.
func fresh(h home) poller.State {
	st := h.state()
	st.LastPoll = start
	for i := range st.Devices {
		st.Devices[i].Updated = start
	}
	return st
}

func TestLocksToLock(t *testing.T) {
	every := func(string) bool { return true }
	onlyFront := func(id string) bool { return id == "F" }
	for _, tc := range []struct {
		name   string
		home   home
		chosen func(string) bool
		every  bool
		hidden []string
		want   []string
	}{
		{"both unlocked, every lock", home{front: utec.LockUnlocked, back: utec.LockUnlocked}, every, true, nil, []string{"F", "B"}},
		{"locked locks are left alone", home{front: utec.LockLocked, back: utec.LockUnlocked}, every, true, nil, []string{"B"}},
		{"only the chosen lock", home{front: utec.LockUnlocked, back: utec.LockUnlocked}, onlyFront, false, nil, []string{"F"}},
		{"passage ignores Lock", home{front: utec.LockUnlocked, back: utec.LockLocked, passage: true}, every, true, nil, nil},
		{"a hidden lock is not in every lock", home{front: utec.LockUnlocked, back: utec.LockUnlocked}, every, true, []string{"B"}, []string{"F"}},
		{"a hidden lock chosen by name is locked", home{front: utec.LockUnlocked, back: utec.LockUnlocked}, every, false, []string{"B"}, []string{"F", "B"}},
		{"a stale locked reading may be wrong: lock it", home{front: utec.LockLocked, back: utec.LockLocked, failing: true}, every, true, nil, []string{"F", "B"}},
		{"unknown state: lock it", home{front: utec.LockUnknown, back: utec.LockLocked}, every, true, nil, []string{"F"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := fresh(tc.home)
			s := config.Default()
			s.Hidden = tc.hidden
			var got []string
			for _, d := range LocksToLock(&st, &s, tc.chosen, tc.every) {
				got = append(got, d.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("locks %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSleepReport(t *testing.T) {
	front := utec.Device{ID: "F", Name: "Front Door", Category: "SmartLock"}
	back := utec.Device{ID: "B", Name: "Back Door", Category: "SmartLock"}
	gone := utec.Device{ID: "G", Name: "Gate", Category: "SmartLock"}
	for _, tc := range []struct {
		name        string
		home        home
		slept       []SleepLock
		title, body string
	}{
		{"one, confirmed", home{front: utec.LockLocked, back: utec.LockUnlocked}, []SleepLock{{Device: front}},
			"Locked Front Door before sleeping", "Front Door: locked"},
		{"two, one still unlocked", home{front: utec.LockLocked, back: utec.LockUnlocked}, []SleepLock{{Device: front}, {Device: back}},
			"Locked before sleeping: 1 of 2 confirmed", "Front Door: locked\nBack Door: not confirmed: it shows unlocked"},
		{"refused by the cloud", home{front: utec.LockUnlocked}, []SleepLock{{Device: front, Err: errors.New("boom")}},
			"Locked before sleeping: 0 of 1 confirmed", "Front Door: not locked. "},
		{"no longer shared", home{}, []SleepLock{{Device: gone}},
			"Locked before sleeping: 0 of 1 confirmed", "Gate: not confirmed: no longer shared with this app"},
		{"both confirmed", home{front: utec.LockLocked, back: utec.LockLocked}, []SleepLock{{Device: front}, {Device: back}},
			"Locked before sleeping", "Front Door: locked\nBack Door: locked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := fresh(tc.home)
			title, body := SleepReport(tc.slept, &st)
			if title != tc.title {
				t.Errorf("title %q, want %q", title, tc.title)
			}
			if len(body) < len(tc.body) || body[:len(tc.body)] != tc.body {
				t.Errorf("body %q, want it to start %q", body, tc.body)
			}
		})
	}
}

func TestPassageLocksAreNamed(t *testing.T) {
	st := fresh(home{front: utec.LockUnlocked, back: utec.LockUnlocked, passage: true})
	s := config.Default()
	got := Names(PassageLocks(&st, &s, func(string) bool { return true }, true))
	if !slices.Equal(got, []string{"Front Door"}) {
		t.Errorf("passage locks %v", got)
	}
	title, body := SleepReport([]SleepLock{{Device: st.Devices[0].Device, Passage: true}}, &st)
	if title != "Locked before sleeping: 0 of 1 confirmed" || body != "Front Door: in Passage mode, not locked" {
		t.Errorf("report %q / %q", title, body)
	}
}
