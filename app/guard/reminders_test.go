package guard

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

var start = time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// home is the state of two locks and a light; change tweaks it.
type home struct {
	front, back utec.LockState
	frontDoor   utec.DoorState
	passage     bool
	offline     bool
	failing     bool
}

func (h home) state() poller.State {
	lock := func(id, name string, st utec.LockState) poller.Device {
		d := poller.Device{Device: utec.Device{ID: id, Name: name, Category: "SmartLock"},
			Status: utec.Status{DeviceID: id, Lock: st, Online: ptr(true), LockMode: ptr(utec.LockModeNormal)}}
		return d
	}
	front := lock("F", "Front Door", h.front)
	front.Status.Door = h.frontDoor
	if h.passage {
		front.Status.LockMode = ptr(utec.LockModePassage)
	}
	if h.offline {
		front.Status.Online = ptr(false)
	}
	light := poller.Device{Device: utec.Device{ID: "L", Name: "Porch", Category: "LIGHT"},
		Status: utec.Status{DeviceID: "L", On: ptr(true), Online: ptr(true)}}
	st := poller.State{Loaded: true, Devices: []poller.Device{front, lock("B", "Back Door", h.back), light}}
	if h.failing {
		st.FailingSince, st.LastErr = start, errors.New("no network")
	}
	return st
}

const (
	locked   = utec.LockLocked
	unlocked = utec.LockUnlocked
)

// step is one check: at minute at (from start), with the home so, after
// snoozing the lock snooze, these reminders ("title / body") are due.
type step struct {
	at          float64
	home        home
	snooze      string
	want        []string
	unreachable bool
}

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		name     string
		settings func(*config.Settings)
		steps    []step
	}{
		{"three reminders ten minutes apart, then quiet until locked", nil, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 9.9, home: home{front: unlocked, back: locked}},
			{at: 10, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 10 minutes"}},
			{at: 15, home: home{front: unlocked, back: locked}},
			{at: 20, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 20 minutes"}},
			{at: 30, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 30 minutes"}},
			{at: 40, home: home{front: unlocked, back: locked}},
			{at: 90, home: home{front: unlocked, back: locked}},
			// Locked once: the count starts again at the next unlocking.
			{at: 91, home: home{front: locked, back: locked}},
			{at: 92, home: home{front: unlocked, back: locked}},
			{at: 102, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 10 minutes"}},
		}},
		{"locked in time: no reminder", nil, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 5, home: home{front: locked, back: locked}},
			{at: 10, home: home{front: locked, back: locked}},
			{at: 12, home: home{front: unlocked, back: locked}},
			{at: 21, home: home{front: unlocked, back: locked}},
		}},
		{"a door left open on a locked lock: off by default", nil, []step{
			{at: 0, home: home{front: locked, frontDoor: utec.DoorOpen, back: locked}},
			{at: 30, home: home{front: locked, frontDoor: utec.DoorOpen, back: locked}},
		}},
		{"a door left open on a locked lock", func(s *config.Settings) { s.Notify.DoorOpen = true }, []step{
			{at: 0, home: home{front: locked, frontDoor: utec.DoorOpen, back: locked}},
			{at: 10, home: home{front: locked, frontDoor: utec.DoorOpen, back: locked}, want: []string{"Front Door still open / for 10 minutes"}},
			{at: 11, home: home{front: locked, frontDoor: utec.DoorClosed, back: locked}},
			{at: 30, home: home{front: locked, frontDoor: utec.DoorClosed, back: locked}},
		}},
		{"passage mode waits its own hour", nil, []step{
			{at: 0, home: home{front: unlocked, passage: true, back: locked}},
			{at: 10, home: home{front: unlocked, passage: true, back: locked}},
			{at: 60, home: home{front: unlocked, passage: true, back: locked}, want: []string{"Front Door still held open (Passage mode) / for 1 hour"}},
		}},
		{"leaving passage but staying unlocked starts the unlocked count", nil, []step{
			{at: 0, home: home{front: unlocked, passage: true, back: locked}},
			{at: 50, home: home{front: unlocked, back: locked}},
			{at: 59, home: home{front: unlocked, back: locked}},
			{at: 60, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 10 minutes"}},
		}},
		{"passage reminders off for the lock", func(s *config.Settings) { s.SetPassageReminders("F", false) }, []step{
			{at: 0, home: home{front: unlocked, passage: true, back: locked}},
			{at: 120, home: home{front: unlocked, passage: true, back: locked}},
		}},
		{"two locks, each on its own time", nil, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 5, home: home{front: unlocked, back: unlocked}},
			{at: 10, home: home{front: unlocked, back: unlocked}, want: []string{"Front Door still unlocked / for 10 minutes"}},
			{at: 15, home: home{front: unlocked, back: unlocked}, want: []string{"Back Door still unlocked / for 10 minutes"}},
		}},
		{"snoozed for 30 minutes", nil, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 10, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 10 minutes"}},
			{at: 11, home: home{front: unlocked, back: locked}, snooze: "F"},
			{at: 20, home: home{front: unlocked, back: locked}},
			{at: 40.9, home: home{front: unlocked, back: locked}},
			{at: 41, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 41 minutes"}},
		}},
		{"a snooze after the last reminder still reminds once", nil, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 10, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 10 minutes"}},
			{at: 20, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 20 minutes"}},
			{at: 30, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 30 minutes"}, snooze: "F"},
			{at: 60, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 1 hour"}},
			{at: 200, home: home{front: unlocked, back: locked}},
		}},
		{"the cloud unreachable: said once instead, and the count kept", nil, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 5, home: home{front: unlocked, back: locked, failing: true}},
			{at: 10, home: home{front: unlocked, back: locked, failing: true}, unreachable: true},
			{at: 20, home: home{front: unlocked, back: locked, failing: true}},
			{at: 21, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 21 minutes"}},
		}},
		{"unreachable with nothing due says nothing", nil, []step{
			{at: 0, home: home{front: locked, back: locked, failing: true}},
			{at: 60, home: home{front: locked, back: locked, failing: true}},
		}},
		{"an offline lock's last state is old news", nil, []step{
			{at: 0, home: home{front: unlocked, offline: true, back: locked}},
			{at: 30, home: home{front: unlocked, offline: true, back: locked}},
		}},
		{"off for all locks", func(s *config.Settings) { s.RemindUnlockedMinutes = 0 }, []step{
			{at: 0, home: home{front: unlocked, back: unlocked}},
			{at: 60, home: home{front: unlocked, back: unlocked}},
		}},
		{"off for one lock, five minutes for the other", func(s *config.Settings) {
			s.SetRemindMinutes("F", 0)
			s.SetRemindMinutes("B", 5)
		}, []step{
			{at: 0, home: home{front: unlocked, back: unlocked}},
			{at: 5, home: home{front: unlocked, back: unlocked}, want: []string{"Back Door still unlocked / for 5 minutes"}},
			{at: 60, home: home{front: unlocked, back: unlocked}, want: []string{"Back Door still unlocked / for 1 hour"}},
		}},
		{"a muted lock is not reminded", func(s *config.Settings) { s.SetMuted("F", true) }, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 60, home: home{front: unlocked, back: locked}},
		}},
		{"a hidden lock is not reminded", func(s *config.Settings) { s.SetHidden("F", true) }, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 60, home: home{front: unlocked, back: locked}},
		}},
		{"seconds from the environment", func(s *config.Settings) { s.RemindAfterOverride = 2 * time.Second }, []step{
			{at: 0, home: home{front: unlocked, back: locked}},
			{at: 2.0 / 60, home: home{front: unlocked, back: locked}, want: []string{"Front Door still unlocked / for 2 seconds"}},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := config.Default()
			if tt.settings != nil {
				tt.settings(&s)
			}
			tr := New()
			for i, st := range tt.steps {
				now := start.Add(time.Duration(st.at * float64(time.Minute)))
				due := tr.Check(st.home.state(), s, now)
				var got []string
				for _, r := range due.Reminders {
					got = append(got, r.Title+" / "+r.Body)
				}
				if !reflect.DeepEqual(got, st.want) || due.Unreachable != st.unreachable {
					t.Errorf("step %d (minute %v): got %q unreachable=%v, want %q unreachable=%v", i, st.at, got, due.Unreachable, st.want, st.unreachable)
				}
				if st.snooze != "" {
					tr.Snooze(st.snooze, now)
				}
			}
		})
	}
}

func TestReminded(t *testing.T) {
	tr := New()
	s := config.Default()
	tr.Check(home{front: unlocked, back: unlocked}.state(), s, start)
	if got := tr.Reminded(); got != nil {
		t.Errorf("before any reminder: %v", got)
	}
	tr.Check(home{front: unlocked, back: unlocked}.state(), s, start.Add(10*time.Minute))
	if got := tr.Reminded(); !reflect.DeepEqual(got, []string{"B", "F"}) {
		t.Errorf("after the reminders: %v", got)
	}
	tr.Check(home{front: locked, back: unlocked}.state(), s, start.Add(11*time.Minute))
	if got := tr.Reminded(); !reflect.DeepEqual(got, []string{"B"}) {
		t.Errorf("after the front door locked: %v", got)
	}
}

// TestWatchHoldsReminders: while paused nothing is reminded and nothing
// used up; the reminder due comes at the end of the pause, and a lock
// locked during the pause is forgotten.
func TestWatchHoldsReminders(t *testing.T) {
	tr := New()
	s := config.Default()
	tr.Watch(home{front: unlocked, back: unlocked}.state(), s, start)
	for m := 1; m <= 60; m++ {
		st := home{front: unlocked, back: unlocked}
		if m >= 30 {
			st.back = locked
		}
		tr.Watch(st.state(), s, start.Add(time.Duration(m)*time.Minute))
	}
	due := tr.Check(home{front: unlocked, back: locked}.state(), s, start.Add(61*time.Minute))
	if len(due.Reminders) != 1 || due.Reminders[0].Body != "for 1 hour 1 minute" || due.Reminders[0].Count != 1 {
		t.Errorf("after the pause: %+v, want the front door's first reminder", due.Reminders)
	}
}

func TestCachedStateIsNotRead(t *testing.T) {
	tr := New()
	st := home{front: unlocked, back: locked}.state()
	st.Loaded = false
	for m := range 60 {
		if due := tr.Check(st, config.Default(), start.Add(time.Duration(m)*time.Minute)); len(due.Reminders) > 0 {
			t.Fatalf("minute %d: reminded from the last run's cache: %v", m, due.Reminders)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "1 second", 2 * time.Second: "2 seconds", time.Minute: "1 minute", 10 * time.Minute: "10 minutes",
		time.Hour: "1 hour", 65 * time.Minute: "1 hour 5 minutes", 150 * time.Minute: "2 hours 30 minutes",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
	if !strings.HasPrefix(fmt.Sprint(SnoozeFor), "30m") {
		t.Errorf("SnoozeFor = %v; the button says 30 min", SnoozeFor)
	}
}
