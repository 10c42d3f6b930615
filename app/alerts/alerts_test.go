package alerts

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/session/signin"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

var t0 = time.Date(2026, 11, 22, 14, 5, 0, 0, time.UTC)

// home builds a poller state of one lock and one plug, read at now.
type fakeHome struct {
	now     time.Time
	lock    utec.LockState
	battery int
	online  bool
	offline int
}

func (h fakeHome) state() poller.State {
	online := h.online
	battery := h.battery
	return poller.State{Loaded: true, LastPoll: h.now, Devices: []poller.Device{
		{Device: utec.Device{ID: "L1", Name: "Front Door", Category: "SmartLock"}, Updated: h.now, OfflineCount: h.offline,
			Status: utec.Status{DeviceID: "L1", Lock: h.lock, Online: &online, Battery: &battery}},
	}}
}

func kinds(alerts []Alert) []Kind {
	out := make([]Kind, len(alerts))
	for i, a := range alerts {
		out[i] = a.Kind
	}
	return out
}

func TestAlerts(t *testing.T) {
	t.Parallel()
	s := config.Default()
	base := fakeHome{now: t0, lock: utec.LockLocked, battery: 80, online: true}
	tests := []struct {
		name  string
		setup func(*Tracker)
		steps []fakeHome
		want  [][]Kind // alerts per step after the baseline
	}{
		{"unlocked by someone else", nil,
			[]fakeHome{{lock: utec.LockUnlocked, battery: 80, online: true}, {lock: utec.LockUnlocked, battery: 80, online: true}},
			[][]Kind{{LockChanged}, nil}},
		{"own unlock is not announced", func(tr *Tracker) { tr.ExpectOwn("L1", devices.Action{Verb: devices.Unlock}, t0) },
			[]fakeHome{{lock: utec.LockUnlocked, battery: 80, online: true}, {lock: utec.LockLocked, battery: 80, online: true}},
			[][]Kind{nil, {LockChanged}}}, // the re-lock after it is someone else's
		{"jammed once", nil,
			[]fakeHome{{lock: utec.LockJammed, battery: 80, online: true}, {lock: utec.LockJammed, battery: 80, online: true}},
			[][]Kind{{Jammed}, nil}},
		{"battery low once, with hysteresis", nil,
			[]fakeHome{{lock: utec.LockLocked, battery: 20, online: true}, {lock: utec.LockLocked, battery: 25, online: true},
				{lock: utec.LockLocked, battery: 20, online: true}, {lock: utec.LockLocked, battery: 100, online: true},
				{lock: utec.LockLocked, battery: 20, online: true}},
			[][]Kind{{BatteryLow}, nil, nil, nil, {BatteryLow}}},
		{"offline only after two readings, then back", nil,
			[]fakeHome{{lock: utec.LockLocked, battery: 80, offline: 1}, {lock: utec.LockLocked, battery: 80, offline: 2},
				{lock: utec.LockLocked, battery: 80, offline: 3}, {lock: utec.LockLocked, battery: 80, online: true}},
			[][]Kind{nil, {Offline}, nil, {BackOnline}}},
		{"offline blip says nothing", nil,
			[]fakeHome{{lock: utec.LockLocked, battery: 80, offline: 1}, {lock: utec.LockLocked, battery: 80, online: true}},
			[][]Kind{nil, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := NewTracker()
			if got := tr.Observe(base.state(), s, t0); len(got) != 0 {
				t.Fatalf("baseline alerted: %v", got)
			}
			if tt.setup != nil {
				tt.setup(tr)
			}
			for i, step := range tt.steps {
				step.now = t0.Add(time.Duration(i+1) * time.Minute)
				got := tr.Observe(step.state(), s, step.now)
				if strings.Join(kindStrings(kinds(got)), ",") != strings.Join(kindStrings(tt.want[i]), ",") {
					t.Errorf("step %d: alerts %v, want %v", i, kinds(got), tt.want[i])
				}
			}
		})
	}
}

func kindStrings(k []Kind) []string {
	out := make([]string, len(k))
	for i, x := range k {
		out[i] = string(x)
	}
	return out
}

func TestAlertsRespectSettings(t *testing.T) {
	t.Parallel()
	s := config.Default()
	s.Notify.LockChanged = false
	tr := NewTracker()
	tr.Observe(fakeHome{now: t0, lock: utec.LockLocked, battery: 80, online: true}.state(), s, t0)
	if got := tr.Observe(fakeHome{now: t0.Add(time.Minute), lock: utec.LockUnlocked, battery: 80, online: true}.state(), s, t0.Add(time.Minute)); len(got) != 0 {
		t.Errorf("lock change announced although turned off: %v", got)
	}
}

// TestSomeoneElsesUnlockOffersLock: the news of an unlock by someone else
// offers to lock again; the news of a lock offers nothing.
func TestSomeoneElsesUnlockOffersLock(t *testing.T) {
	t.Parallel()
	s := config.Default()
	tr := NewTracker()
	tr.Observe(fakeHome{now: t0, lock: utec.LockLocked, battery: 80, online: true}.state(), s, t0)
	for i, step := range []struct {
		lock utec.LockState
		want []string
	}{{utec.LockUnlocked, []string{ActionLock}}, {utec.LockLocked, nil}} {
		now := t0.Add(time.Duration(i+1) * time.Minute)
		got := tr.Observe(fakeHome{now: now, lock: step.lock, battery: 80, online: true}.state(), s, now)
		if len(got) != 1 || got[0].Kind != LockChanged {
			t.Fatalf("%s: alerts %+v, want one %s", step.lock, got, LockChanged)
		}
		if !slices.Equal(got[0].Actions, step.want) || got[0].DeviceID != "L1" {
			t.Errorf("%s: actions %q for %q, want %q for L1", step.lock, got[0].Actions, got[0].DeviceID, step.want)
		}
	}
}

func TestStartupStateIsNotAnnounced(t *testing.T) {
	t.Parallel()
	tr := NewTracker()
	st := fakeHome{now: t0, lock: utec.LockJammed, battery: 10, offline: 5}.state()
	st.Loaded = false // from the cache
	if got := tr.Observe(st, config.Default(), t0); len(got) != 0 {
		t.Errorf("cache alerted: %v", got)
	}
	st.Loaded = true
	if got := tr.Observe(st, config.Default(), t0); len(got) != 0 {
		t.Errorf("first cloud state alerted: %v", got)
	}
}

func TestSignInAlertOnce(t *testing.T) {
	t.Parallel()
	tr := NewTracker()
	st := poller.State{SignIn: signin.Refused, LastErr: utec.ErrReauthRequired}
	if got := tr.Observe(st, config.Default(), t0); len(got) != 1 || got[0].Kind != SignIn {
		t.Fatalf("got %v", got)
	}
	if got := tr.Observe(st, config.Default(), t0); len(got) != 0 {
		t.Errorf("repeated: %v", got)
	}
}

func TestSignedOutIsNotNews(t *testing.T) {
	t.Parallel()
	tr := NewTracker()
	st := poller.State{SignIn: signin.SignedOut, LastErr: utec.ErrSignedOut}
	if got := tr.Observe(st, config.Default(), t0); len(got) != 0 {
		t.Errorf("having no sign-in was announced: %v", got)
	}
}

func TestManyChangesAreCoalesced(t *testing.T) {
	t.Parallel()
	mk := func(lock utec.LockState, now time.Time) poller.State {
		st := poller.State{Loaded: true, LastPoll: now}
		for _, id := range []string{"A", "B", "C", "D", "E"} {
			online := true
			st.Devices = append(st.Devices, poller.Device{Device: utec.Device{ID: id, Name: "Door " + id, Category: "LOCK"},
				Updated: now, Status: utec.Status{DeviceID: id, Lock: lock, Online: &online}})
		}
		return st
	}
	tr := NewTracker()
	tr.Observe(mk(utec.LockLocked, t0), config.Default(), t0)
	got := tr.Observe(mk(utec.LockUnlocked, t0.Add(time.Hour)), config.Default(), t0.Add(time.Hour))
	if len(got) != 1 || got[0].Kind != Summary || !strings.Contains(got[0].Title, "5 changes") {
		t.Errorf("got %+v", got)
	}
}

func TestForCommand(t *testing.T) {
	t.Parallel()
	d := &utec.Device{ID: "L1", Name: "Front Door", Category: "SmartLock"}
	s := config.Default()
	jammed := utec.Outcome{Queries: 3, Status: utec.Status{DeviceID: "L1", Lock: utec.LockJammed}}
	if a := ForCommand(d, devices.Action{Verb: devices.Lock}, jammed, nil, s); a == nil || a.Title != "Front Door did not lock: it is jammed." {
		t.Errorf("got %+v", a)
	}
	done := utec.Outcome{Reached: true, Queries: 1, Status: utec.Status{DeviceID: "L1", Lock: utec.LockLocked}}
	if a := ForCommand(d, devices.Action{Verb: devices.Lock}, done, nil, s); a != nil {
		t.Errorf("own success announced by default: %+v", a)
	}
	s.Notify.OwnActions = true
	if a := ForCommand(d, devices.Action{Verb: devices.Lock}, done, nil, s); a == nil || a.Title != "Front Door is locked." {
		t.Errorf("got %+v", a)
	}
	if a := ForCommand(d, devices.Action{Verb: devices.Lock}, utec.Outcome{}, &utec.DeviceError{Code: "DEVICE_OFFLINE"}, s); a == nil || !strings.Contains(a.Body, "offline") {
		t.Errorf("got %+v", a)
	}
}

// TestActivityIsKeptWhetherOrNotAnnounced: the history records every lock
// change, the person's own included, even with notifications off.
func TestActivityIsKeptWhetherOrNotAnnounced(t *testing.T) {
	t.Parallel()
	s := config.Default()
	s.Notify = config.Notifications{} // nothing announced
	tr := NewTracker()
	h := fakeHome{now: t0, lock: utec.LockLocked, battery: 80, online: true}
	tr.Observe(h.state(), s, t0)
	if got := tr.TakeActivity(); len(got) != 0 {
		t.Fatalf("the baseline made history: %+v", got)
	}
	tr.ExpectOwn("L1", devices.Action{Verb: devices.Unlock}, t0)
	for i, lock := range []utec.LockState{utec.LockUnlocked, utec.LockLocked, utec.LockJammed} {
		h.now, h.lock = t0.Add(time.Duration(i+1)*time.Minute), lock
		tr.Observe(h.state(), s, h.now)
	}
	got := tr.TakeActivity()
	want := []Activity{
		{DeviceID: "L1", Name: "Front Door", Event: "unlocked", Own: true},
		{DeviceID: "L1", Name: "Front Door", Event: "locked"},
		{DeviceID: "L1", Name: "Front Door", Event: "jammed"},
	}
	if len(got) != len(want) {
		t.Fatalf("activity %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("activity[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if again := tr.TakeActivity(); len(again) != 0 {
		t.Errorf("taken twice: %+v", again)
	}
}

func TestMutedDeviceIsNotAnnounced(t *testing.T) {
	t.Parallel()
	s := config.Default()
	s.SetMuted("L1", true)
	tr := NewTracker()
	h := fakeHome{now: t0, lock: utec.LockLocked, battery: 80, online: true}
	tr.Observe(h.state(), s, t0)
	h.now, h.lock = t0.Add(time.Minute), utec.LockUnlocked
	if got := tr.Observe(h.state(), s, h.now); len(got) != 0 {
		t.Errorf("a muted lock was announced: %v", got)
	}
	if got := tr.TakeActivity(); len(got) != 1 {
		t.Errorf("a muted lock's change is still history: %+v", got)
	}
}

func TestPausable(t *testing.T) {
	t.Parallel()
	for k, want := range map[Kind]bool{LockChanged: true, Jammed: true, Offline: true, BackOnline: true, BatteryLow: true,
		Summary: true, SignIn: false, CommandDone: false, CommandFailed: false} {
		if k.Pausable() != want {
			t.Errorf("%s.Pausable() = %v", k, !want)
		}
	}
}

// TestWording: short titles, the details in the body, the time of a
// change bounded by the readings before and after it.
func TestWording(t *testing.T) {
	t.Parallel()
	s := config.Default()
	type step struct {
		home  fakeHome
		after time.Duration
	}
	tests := []struct {
		name        string
		steps       []step
		title, body string
	}{
		{"unlocked within the minute", []step{{fakeHome{lock: utec.LockUnlocked, battery: 80, online: true}, 30 * time.Second}},
			"Front Door unlocked", "By someone else at 14:05, not from this computer."},
		{"locked between two polls", []step{{fakeHome{lock: utec.LockUnlocked, battery: 80, online: true}, time.Minute},
			{fakeHome{lock: utec.LockLocked, battery: 80, online: true}, 3 * time.Minute}},
			"Front Door locked", "By someone else between 14:06 and 14:09, not from this computer."},
		{"jammed", []step{{fakeHome{lock: utec.LockJammed, battery: 80, online: true}, time.Minute}},
			"Front Door jammed", "The bolt is stuck. Check the door and the lock."},
		{"battery", []step{{fakeHome{lock: utec.LockLocked, battery: 20, online: true}, time.Minute}},
			"Front Door battery low", "20% left. Replace the batteries soon."},
		{"back online", []step{{fakeHome{lock: utec.LockLocked, battery: 80, offline: 2}, time.Minute},
			{fakeHome{lock: utec.LockLocked, battery: 80, online: true}, 2 * time.Minute}},
			"Front Door is back online", "It is locked."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := NewTracker()
			tr.Observe(fakeHome{now: t0, lock: utec.LockLocked, battery: 80, online: true}.state(), s, t0)
			var last []Alert
			now := t0
			for _, st := range tt.steps {
				now = now.Add(st.after)
				st.home.now = now
				last = tr.Observe(st.home.state(), s, now)
			}
			if len(last) != 1 || last[0].Title != tt.title || last[0].Body != tt.body {
				t.Errorf("got %+v, want %q / %q", last, tt.title, tt.body)
			}
		})
	}
}
