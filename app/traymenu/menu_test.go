package traymenu

import (
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/history"

	"github.com/utec-tray/utec-tray/app/signin"

	"github.com/utec-tray/utec-tray/app/action"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

var now = time.Date(2026, 11, 22, 14, 5, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func lock(id, name string, state utec.LockState, battery int) poller.Device {
	return poller.Device{Device: utec.Device{ID: id, Name: name, Category: "SmartLock"}, Updated: now, LastOnline: now,
		Status: utec.Status{DeviceID: id, Lock: state, Online: ptr(true), Battery: ptr(battery), LockMode: ptr(utec.LockModeNormal)}}
}

func light(id, name string, on bool, level int) poller.Device {
	return poller.Device{Device: utec.Device{ID: id, Name: name, Category: "LIGHT", HandleType: "utec-dimmer"}, Updated: now, LastOnline: now,
		Status: utec.Status{DeviceID: id, On: ptr(on), Brightness: ptr(level), Online: ptr(true)}}
}

func snapshot(devices ...poller.Device) Snapshot {
	return Snapshot{SignIn: signin.OK, Settings: config.Default(), Location: time.UTC,
		Poll: poller.State{Loaded: true, LastPoll: now, Devices: devices}}
}

// labels flattens the menu to "label" lines, submenus indented, disabled
// items in brackets, separators as "--".
func labels(items []Item, indent string) []string {
	var out []string
	for _, it := range items {
		switch {
		case it.Separator:
			out = append(out, indent+"--")
		case it.Disabled:
			out = append(out, indent+"["+it.Label+"]")
		default:
			out = append(out, indent+it.Label)
		}
		out = append(out, labels(it.Children, indent+"  ")...)
	}
	return out
}

func find(items []Item, label string) (Item, bool) {
	for _, it := range items {
		if it.Label == label {
			return it, true
		}
		if c, ok := find(it.Children, label); ok {
			return c, true
		}
	}
	return Item{}, false
}

func TestWholeMenu(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80), light("B1", "Lamp", true, 60))
	m := Build(s)
	want := `[Front Door unlocked]
Lock all
--
Front Door: Unlocked · 80%
  Lock
  Unlock…
  [Battery 80%]
Lamp: On at 60%
  On
  Off
  Brightness 25%
  Brightness 50%
  Brightness 75%
  Brightness 100%
--
Recent activity
  [Nothing yet]
Pause notifications for 1 hour
Refresh now
Settings…
Sign out
--
Quit utec-tray`
	if got := strings.Join(labels(m.Items, ""), "\n"); got != want {
		t.Errorf("menu:\n%s\n\nwant:\n%s", got, want)
	}
	if m.Icon != IconUnlocked || m.Tooltip != "utec-tray: Front Door unlocked" {
		t.Errorf("icon %v tooltip %q", m.Icon, m.Tooltip)
	}
	unlock, _ := find(m.Items, "Unlock…")
	if !unlock.Action.Confirm || unlock.Action.Do.Verb != action.Unlock || unlock.Action.DeviceID != "L1" {
		t.Errorf("unlock action %+v", unlock.Action)
	}
}

func TestSummaryAndIcon(t *testing.T) {
	t.Parallel()
	offlineLamp := light("B1", "Lamp", false, 0)
	offlineLamp.Status.Online = ptr(false)
	tests := []struct {
		name    string
		snap    Snapshot
		summary string
		icon    Icon
	}{
		{"all locked", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), lock("L2", "Back Door", utec.LockLocked, 60)), "All locked", IconLocked},
		{"two unlocked", snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80), lock("L2", "Back Door", utec.LockUnlocked, 60)), "2 locks unlocked", IconUnlocked},
		{"jammed wins", snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80), lock("L2", "Back Door", utec.LockJammed, 60)), "Back Door jammed", IconAttention},
		{"battery low", snapshot(lock("L1", "Front Door", utec.LockLocked, 20)), "All locked", IconAttention},
		{"offline device", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), offlineLamp), "All locked", IconAttention},
		{"no locks", snapshot(light("B1", "Lamp", true, 60)), "1 device", IconLocked},
		{"no devices", snapshot(), "No devices shared with this app", IconLocked},
		{"signed out", Snapshot{SignIn: signin.SignedOut}, "Signed out", IconSignedOut},
		{"sign-in needed", Snapshot{SignIn: signin.Refused}, "Sign in needed", IconAttention},
		{"connecting", Snapshot{}, "Connecting to U-Tec…", IconSignedOut},
		{"keyring locked", Snapshot{SignIn: signin.KeyringUnavailable}, "Cannot read the sign-in from the keyring", IconAttention},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Build(tt.snap)
			if m.Items[0].Label != tt.summary || m.Icon != tt.icon {
				t.Errorf("summary %q icon %v, want %q %v", m.Items[0].Label, m.Icon, tt.summary, tt.icon)
			}
		})
	}
}

func TestPassageModeExplains(t *testing.T) {
	t.Parallel()
	d := lock("L2", "Back Door", utec.LockUnlocked, 60)
	d.Status.LockMode = ptr(utec.LockModePassage)
	m := Build(snapshot(d))
	if _, ok := find(m.Items, "Lock all"); ok {
		t.Error("Lock all offered for a lock that ignores it")
	}
	got := strings.Join(labels(m.Items, ""), "\n")
	for _, want := range []string{"Back Door: Unlocked · passage mode · 60%", "  [Lock (ignored in passage mode)]", "  [Passage mode holds the lock open; change it in the U-home app]"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestPendingShowsProgressAndDisablesActions(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80))
	s.Pending = map[string]action.Action{"L1": {Verb: action.Lock}}
	m := Build(s)
	dev, ok := find(m.Items, "Front Door: Locking…")
	if !ok {
		t.Fatalf("no pending label in %v", labels(m.Items, ""))
	}
	for _, c := range dev.Children {
		if c.Action.Kind == DeviceAction && !c.Disabled {
			t.Errorf("%q clickable while a command is under way", c.Label)
		}
	}
	if _, ok := find(m.Items, "Lock all"); ok {
		t.Error("Lock all offered while the only unlocked lock is locking")
	}
}

func TestOfflineAndStaleLabels(t *testing.T) {
	t.Parallel()
	off := lock("L1", "Front Door", utec.LockLocked, 80)
	off.Status.Online = ptr(false)
	off.LastOnline = now.Add(-2 * time.Hour)
	never := light("B1", "Lamp", true, 60)
	never.Status.Online = ptr(false)
	never.LastOnline = time.Time{}
	s := snapshot(off, never)
	m := Build(s)
	got := strings.Join(labels(m.Items, ""), "\n")
	for _, want := range []string{"Front Door: Offline · Locked · 80% (as of 12:05)", "Lamp: Offline · On at 60% (last known)", "  [Lock]", "  [Offline: commands cannot reach it]"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}

	// The cloud fails: states are the last known, marked with their time.
	s = snapshot(lock("L1", "Front Door", utec.LockLocked, 80))
	s.Poll.LastPoll = now.Add(5 * time.Minute)
	s.Poll.FailingSince = now.Add(3 * time.Minute)
	s.Poll.LastErr = &utec.HTTPError{StatusCode: 503}
	got = strings.Join(labels(Build(s).Items, ""), "\n")
	for _, want := range []string{"[Cloud unreachable since 14:08, retrying]", "Front Door: Locked · 80% (as of 14:05)"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestHiddenOrderAndNoConfirm(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockLocked, 80), lock("L2", "Back Door", utec.LockLocked, 80), light("B1", "Lamp", false, 0))
	s.Settings.SetHidden("B1", true)
	s.Settings.Order = []string{"L2", "L1"}
	s.Settings.SetAskBeforeUnlock("L2", false)
	m := Build(s)
	got := labels(m.Items, "")
	if strings.Contains(strings.Join(got, "\n"), "Lamp") {
		t.Error("hidden device shown")
	}
	if got[2] != "Back Door: Locked · 80%" {
		t.Errorf("order: %v", got)
	}
	if it, ok := find(m.Items, "Unlock"); !ok || it.Action.Confirm || it.Action.DeviceID != "L2" {
		t.Errorf("Back Door unlock should not ask: %+v", it)
	}
}

func TestSignInItems(t *testing.T) {
	t.Parallel()
	type phase struct {
		signIn    signin.State
		signingIn bool
	}
	for phase, want := range map[phase]string{{signin.SignedOut, false}: "Sign in…", {signin.Refused, false}: "Sign in…",
		{signin.SignedOut, true}: "[Signing in…]", {signin.OK, false}: "Sign out"} {
		s := snapshot()
		s.SignIn, s.SigningIn = phase.signIn, phase.signingIn
		if got := strings.Join(labels(Build(s).Items, ""), "\n"); !strings.Contains(got, want) {
			t.Errorf("phase %v: no %q in\n%s", phase, want, got)
		}
	}
}

// TestLockAllTargets: "Lock all" is offered exactly when it has locks to
// lock, and they are the ones a click locks.
func TestLockAllTargets(t *testing.T) {
	t.Parallel()
	offline := lock("OFF", "Shed", utec.LockUnlocked, 80)
	offline.Status.Online = ptr(false)
	passage := lock("PAS", "Gate", utec.LockUnlocked, 80)
	passage.Status.LockMode = ptr(utec.LockModePassage)
	tests := []struct {
		name    string
		devices []poller.Device
		hidden  []string
		pending []string
		want    []string
	}{
		{"all locked", []poller.Device{lock("A", "Front", utec.LockLocked, 80)}, nil, nil, nil},
		{"one unlocked", []poller.Device{lock("A", "Front", utec.LockUnlocked, 80), lock("B", "Back", utec.LockLocked, 80)}, nil, nil, []string{"A"}},
		{"offline is left out", []poller.Device{offline, lock("A", "Front", utec.LockUnlocked, 80)}, nil, nil, []string{"A"}},
		{"passage mode ignores locking", []poller.Device{passage}, nil, nil, nil},
		{"hidden is left out", []poller.Device{lock("A", "Front", utec.LockUnlocked, 80)}, []string{"A"}, nil, nil},
		{"busy is left out", []poller.Device{lock("A", "Front", utec.LockUnlocked, 80)}, nil, []string{"A"}, nil},
		{"jammed is left out", []poller.Device{lock("A", "Front", utec.LockJammed, 80)}, nil, nil, nil},
		{"lights are not locks", []poller.Device{light("L", "Lamp", true, 50)}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snapshot(tt.devices...)
			s.Settings.Hidden = tt.hidden
			s.Pending = map[string]action.Action{}
			for _, id := range tt.pending {
				s.Pending[id] = action.Action{Verb: action.Lock}
			}
			got := LockAllTargets(&s)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("targets %v, want %v", got, tt.want)
			}
			_, offered := find(Build(s).Items, "Lock all")
			if offered != (len(tt.want) > 0) {
				t.Errorf("Lock all offered = %v with targets %v", offered, got)
			}
		})
	}
}

func TestRecentActivityAndPause(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockLocked, 80))
	for i := range RecentItems + 2 {
		s.Recent = append(s.Recent, history.Event{Time: now.Add(-time.Duration(i) * time.Minute), ID: "L1",
			Name: "Front Door", Event: "locked", By: history.ByThisComputer})
	}
	s.Now, s.PausedUntil = now, now.Add(time.Hour)
	m := Build(s)
	recent, _ := find(m.Items, "Recent activity")
	if len(recent.Children) != RecentItems || recent.Children[0].Label != "14:05 Front Door locked (from this computer)" {
		t.Errorf("recent activity %+v", recent.Children)
	}
	if m.Items[0].Label != "All locked · notifications paused" || !strings.HasSuffix(m.Tooltip, "notifications paused") {
		t.Errorf("first line %q, tooltip %q", m.Items[0].Label, m.Tooltip)
	}
	resume, ok := find(m.Items, "Resume notifications (paused until 15:05)")
	if !ok || resume.Action.Kind != ResumeNotifications {
		t.Errorf("no resume item: %+v", labels(m.Items, ""))
	}
	s.Now = now.Add(2 * time.Hour)
	if pause, ok := find(Build(s).Items, "Pause notifications for 1 hour"); !ok || pause.Action.Kind != PauseNotifications {
		t.Error("no pause item once the pause is over")
	}
}
