package devices

import (
	"errors"
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/utec"
)

func TestResult(t *testing.T) {
	lock := utec.Device{ID: "d1", Name: "Front Door", Category: "SmartLock"}
	jammed := utec.Status{DeviceID: "d1", Lock: utec.LockJammed}
	for _, tc := range []struct {
		name string
		out  utec.Outcome
		want string
		not  string
	}{
		{"time ran out before the first query", utec.Outcome{},
			"Front Door did not confirm it would lock within the time allowed (the command was sent).", "<nil>"},
		{"the cloud could not be asked", utec.Outcome{Queries: 2, LastErr: errors.New("connection refused")},
			"Front Door did not confirm it would lock: the cloud could not be asked (connection refused).", ""},
		{"jammed", utec.Outcome{Queries: 1, Status: jammed}, "Front Door did not lock: it is jammed.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Result(&lock, Action{Verb: Lock}, tc.out)
			if got != tc.want {
				t.Errorf("Result = %q, want %q", got, tc.want)
			}
			if tc.not != "" && strings.Contains(got, tc.not) {
				t.Errorf("Result = %q contains %q", got, tc.not)
			}
		})
	}
}

func TestModes(t *testing.T) {
	mode := func(m utec.LockMode) *utec.LockMode { return &m }
	for _, tc := range []struct {
		mode  *utec.LockMode
		words string
		open  bool
	}{
		{nil, "", false},
		{mode(utec.LockModeNormal), "", false},
		{mode(utec.LockModePassage), "Passage (held open)", true},
		{mode(utec.LockModeLocked), "keypad off", false},
		{mode(7), "mode 7", false},
	} {
		st := utec.Status{Lock: utec.LockLocked, LockMode: tc.mode}
		if got := ModeWords(&st); got != tc.words {
			t.Errorf("mode %v: words %q, want %q", tc.mode, got, tc.words)
		}
		if got := OpenToAnyone(&st); got != tc.open {
			t.Errorf("mode %v: open to anyone %v, want %v", tc.mode, got, tc.open)
		}
	}
	lock := utec.Device{ID: "L", Name: "Front Door", Category: "SmartLock"}
	st := utec.Status{Lock: utec.LockLocked, LockMode: mode(utec.LockModePassage)}
	if got := Describe(&lock, &st); got != "locked, Passage (held open)" {
		t.Errorf("Describe: %q", got)
	}
}

func TestAsk(t *testing.T) {
	lock := utec.Device{ID: "L", Name: "Front Door", Category: "SmartLock"}
	closed := utec.Status{Lock: utec.LockUnlocked, Door: utec.DoorClosed}
	open := utec.Status{Lock: utec.LockUnlocked, Door: utec.DoorOpen}
	for _, tc := range []struct {
		name  string
		st    utec.Status
		a     Action
		title string // "" when no question
	}{
		{"unlock", closed, Action{Verb: Unlock}, "Unlock Front Door?"},
		{"lock a closed door", closed, Action{Verb: Lock}, ""},
		{"lock an open door", open, Action{Verb: Lock}, "Front Door is open — lock anyway?"},
		{"hold open", closed, Action{Verb: SetMode, Mode: utec.LockModePassage}, "Hold Front Door open?"},
		{"keypad off", closed, Action{Verb: SetMode, Mode: utec.LockModeLocked}, "Turn Front Door's keypad off?"},
		{"back to normal", closed, Action{Verb: SetMode, Mode: utec.LockModeNormal}, ""},
		{"leave passage", closed, Action{Verb: LeavePassageAndLock}, "Leave Passage and lock Front Door?"},
	} {
		q, ok := Ask(&lock, &tc.st, tc.a)
		if ok != (tc.title != "") || q.Title != tc.title {
			t.Errorf("%s: asks %v %q, want %q", tc.name, ok, q.Title, tc.title)
		}
		if ok && (q.Message == "" || q.OK == "") {
			t.Errorf("%s: a question without words: %+v", tc.name, q)
		}
	}
}
