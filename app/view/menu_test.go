package view

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/history"

	"github.com/utec-tray/utec-tray/app/session/signin"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
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
// items in brackets, checked ones with a "✓ ", separators as "--".
func labels(items []Item, indent string) []string {
	var out []string
	for _, it := range items {
		switch {
		case it.Separator:
			out = append(out, indent+"--")
		case it.Disabled && it.Checked:
			out = append(out, indent+"[✓ "+it.Label+"]")
		case it.Disabled:
			out = append(out, indent+"["+it.Label+"]")
		case it.Checked:
			out = append(out, indent+"✓ "+it.Label)
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
	plug := poller.Device{Device: utec.Device{ID: "P1", Name: "Desk Plug", Category: "SmartPlug"}, Updated: now, LastOnline: now,
		Status: utec.Status{DeviceID: "P1", On: ptr(false), Online: ptr(true)}}
	s := snapshot(plug, light("B1", "Lamp", true, 50), lock("L1", "Front Door", utec.LockUnlocked, 80))
	m := Build(s)
	want := `[Front Door unlocked]
Lock Front Door
--
Front Door: Unlocked · battery 80%
  Locked
  ✓ Unlocked…
  --
  ✓ Normal mode
  Passage mode (held open)…
  Keypad off…
  --
  Guest codes…
Lamp: On at 50%
  ✓ On
  Off
  Brightness 25%
  ✓ Brightness 50%
  Brightness 75%
  Brightness 100%
Desk Plug: Off
  On
  ✓ Off
--
Batteries
  [Front Door: 80% · reported 14:05]
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
	if m.Icon != (Icon{Glyph: GlyphUnlocked}) || m.Tooltip != "utec-tray: Front Door unlocked" || m.Summary != "Front Door unlocked" {
		t.Errorf("icon %v tooltip %q summary %q", m.Icon, m.Tooltip, m.Summary)
	}
	unlock, _ := find(m.Items, "Unlocked…")
	if !unlock.Action.Confirm || unlock.Action.Do.Verb != devices.Unlock || unlock.Action.DeviceID != "L1" {
		t.Errorf("unlock action %+v", unlock.Action)
	}
	lockIt, _ := find(m.Items, "Lock Front Door")
	if lockIt.Action != (Action{Kind: DeviceAction, DeviceID: "L1", Do: devices.Action{Verb: devices.Lock}}) {
		t.Errorf("one-click lock action %+v", lockIt.Action)
	}
	// A device's states carry a checkmark, on or off; a one-click action
	// and the codes window do not.
	for label, want := range map[string]bool{"Lock Front Door": false, "Locked": true, "Unlocked…": true,
		"Normal mode": true, "Guest codes…": false, "Brightness 50%": true, "Off": true} {
		if it, ok := find(m.Items, label); !ok || it.Checkable != want {
			t.Errorf("%q checkable %v, want %v", label, it.Checkable, want)
		}
	}
}

// TestIcon: the padlock tells the truth about the locks whatever else is
// wrong, a problem adds a badge, and only "every lock locked, every door
// closed" is a closed padlock.
func TestIcon(t *testing.T) {
	t.Parallel()
	offlineLamp := light("B1", "Lamp", false, 0)
	offlineLamp.Status.Online = ptr(false)
	doorOpen := lock("L2", "Back Door", utec.LockLocked, 60)
	doorOpen.Status.Door = utec.DoorOpen
	unknown := lock("L3", "Shed", utec.LockUnknown, 60)
	failing := snapshot(lock("L1", "Front Door", utec.LockLocked, 80))
	failing.Poll.FailingSince = now
	failingOpen := snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80))
	failingOpen.Poll.FailingSince = now
	keyring := snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80))
	keyring.SignIn = signin.KeyringUnavailable
	var (
		locked        = Icon{Glyph: GlyphLocked}
		lockedBadge   = Icon{Glyph: GlyphLocked, Badge: true}
		unlocked      = Icon{Glyph: GlyphUnlocked}
		unlockedBadge = Icon{Glyph: GlyphUnlocked, Badge: true}
		neutral       = Icon{Glyph: GlyphNeutral}
		neutralBadge  = Icon{Glyph: GlyphNeutral, Badge: true}
		signedOut     = Icon{Glyph: GlyphSignedOut}
	)
	tests := []struct {
		name string
		snap Snapshot
		want Icon
	}{
		{"all locked", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), lock("L2", "Back Door", utec.LockLocked, 60)), locked},
		{"one unlocked", snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80), lock("L2", "Back Door", utec.LockLocked, 60)), unlocked},
		{"unlocked and jammed", snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80), lock("L2", "Back Door", utec.LockJammed, 60)), unlockedBadge},
		{"unlocked and a device offline", snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80), offlineLamp), unlockedBadge},
		{"unlocked and a battery low", snapshot(lock("L1", "Front Door", utec.LockUnlocked, 10)), unlockedBadge},
		{"unlocked and the cloud unreachable", failingOpen, unlockedBadge},
		{"unlocked and the keyring locked", keyring, unlockedBadge},
		{"locked, a device offline", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), offlineLamp), lockedBadge},
		{"locked, a battery low", snapshot(lock("L1", "Front Door", utec.LockLocked, 20)), lockedBadge},
		{"locked, the cloud unreachable", failing, lockedBadge},
		{"locked but a door open", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), doorOpen), unlocked},
		{"jammed is not closed", snapshot(lock("L2", "Back Door", utec.LockJammed, 60)), neutralBadge},
		{"unknown state is not closed", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), unknown), neutralBadge},
		{"no locks", snapshot(light("B1", "Lamp", true, 60)), neutral},
		{"no devices", snapshot(), neutral},
		{"connecting", Snapshot{}, neutral},
		{"cannot reach the cloud at start", Snapshot{Poll: poller.State{LastErr: &utec.HTTPError{StatusCode: 503}}}, neutralBadge},
		{"signed out", Snapshot{SignIn: signin.SignedOut}, signedOut},
		{"signing in", Snapshot{SignIn: signin.SignedOut, SigningIn: true}, signedOut},
		{"sign-in refused", Snapshot{SignIn: signin.Refused}, neutralBadge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Build(tt.snap).Icon; got != tt.want {
				t.Errorf("icon %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	offline := func(d poller.Device) poller.Device { d.Status.Online = ptr(false); return d }
	plug := poller.Device{Device: utec.Device{ID: "P1", Name: "Desk Plug", Category: "SmartPlug"}, Updated: now, LastOnline: now,
		Status: utec.Status{DeviceID: "P1", On: ptr(false), Online: ptr(true)}}
	doorOpen := lock("L2", "Back Door", utec.LockLocked, 60)
	doorOpen.Status.Door = utec.DoorOpen
	openUnlocked := lock("L2", "Back Door", utec.LockUnlocked, 60)
	openUnlocked.Status.Door = utec.DoorOpen
	failing := snapshot(lock("L1", "Front Door", utec.LockLocked, 80))
	failing.Poll.FailingSince = now
	var many []poller.Device
	for i, name := range []string{"A", "B", "C", "D", "E"} {
		many = append(many, lock(fmt.Sprint("U", i), name+" Door", utec.LockUnlocked, 80))
	}
	many = append(many, offline(plug), offline(light("B1", "Lamp", true, 60)))
	tests := []struct {
		name string
		snap Snapshot
		want string
	}{
		{"all locked", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), lock("L2", "Back Door", utec.LockLocked, 60), plug), "All locked"},
		{"unlocked and offline", snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80), offline(plug)), "Front Door unlocked · Desk Plug offline"},
		{"door open", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), doorOpen), "Back Door open"},
		{"unlocked and open", snapshot(openUnlocked), "Back Door unlocked and open"},
		{"jammed", snapshot(lock("L1", "Front Door", utec.LockJammed, 80)), "Front Door jammed"},
		{"unlocked before jammed", snapshot(lock("L2", "Back Door", utec.LockJammed, 60), lock("L1", "Front Door", utec.LockUnlocked, 80)), "Front Door unlocked · Back Door jammed"},
		{"battery low", snapshot(lock("L1", "Front Door", utec.LockLocked, 80), lock("L2", "Back Door", utec.LockLocked, 20)), "Battery low: Back Door"},
		{"state unknown", snapshot(lock("L1", "Front Door", utec.LockUnknown, 80)), "Front Door state unknown"},
		{"cloud unreachable", failing, "Cloud unreachable"},
		{"every unlocked lock named, the rest counted", snapshot(many...), "A Door unlocked · B Door unlocked · C Door unlocked · D Door unlocked · E Door unlocked · +2 more"},
		{"one more is named, not counted", snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80), offline(plug), offline(light("B1", "Lamp", true, 60)), lock("L2", "Back Door", utec.LockJammed, 60)),
			"Front Door unlocked · Back Door jammed · Lamp offline · Desk Plug offline"},
		{"no locks", snapshot(light("B1", "Lamp", true, 60), plug), "2 devices"},
		{"no devices", snapshot(), "No devices shared with this app"},
		{"signed out", Snapshot{SignIn: signin.SignedOut}, "Signed out"},
		{"sign-in needed", Snapshot{SignIn: signin.Refused, Poll: poller.State{Loaded: true, Devices: []poller.Device{lock("L1", "Front Door", utec.LockLocked, 80)}}}, "Sign in needed"},
		{"connecting", Snapshot{}, "Connecting to U-Tec…"},
		{"cannot reach the cloud at start", Snapshot{Poll: poller.State{LastErr: &utec.HTTPError{StatusCode: 503}}}, "Cloud unreachable"},
		{"keyring locked", Snapshot{SignIn: signin.KeyringUnavailable}, "Cannot read the sign-in from the keyring"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Build(tt.snap)
			if m.Items[0].Label != tt.want || m.Summary != tt.want || m.Tooltip != "utec-tray: "+tt.want {
				t.Errorf("first line %q summary %q tooltip %q, want %q", m.Items[0].Label, m.Summary, m.Tooltip, tt.want)
			}
		})
	}
}

// TestKindsThenThePersonsOrder: locks first, then lights, switches and
// plugs; the person's order holds within each kind.
func TestKindsThenThePersonsOrder(t *testing.T) {
	t.Parallel()
	plug := poller.Device{Device: utec.Device{ID: "P1", Name: "Aardvark Plug", Category: "SmartPlug"}, Status: utec.Status{On: ptr(true)}}
	sw := poller.Device{Device: utec.Device{ID: "S1", Name: "Garage", Category: "SmartSwitch", HandleType: "utec-switch"}, Status: utec.Status{On: ptr(true)}}
	s := snapshot(plug, sw, light("B1", "Lamp", true, 60), light("B2", "Bulb", true, 60), lock("L1", "Front Door", utec.LockLocked, 80), lock("L2", "Back Door", utec.LockLocked, 80))
	s.Settings.Order = []string{"P1", "L1", "B1"}
	var got []string
	for _, d := range Visible(&s) {
		got = append(got, d.Device.Name)
	}
	if want := "Front Door,Back Door,Lamp,Bulb,Garage,Aardvark Plug"; strings.Join(got, ",") != want {
		t.Errorf("order %v, want %s", got, want)
	}
}

// TestPassageModeSpeaksUp: a lock held open in Passage mode is open to
// anyone, and the menu says so first; its Lock becomes "Leave Passage and
// lock…", which asks; the modes are in its submenu, the one in force
// checked.
func TestPassageModeSpeaksUp(t *testing.T) {
	t.Parallel()
	d := lock("L2", "Back Door", utec.LockUnlocked, 60)
	d.Status.LockMode = ptr(utec.LockModePassage)
	m := Build(snapshot(d))
	if _, ok := find(m.Items, "Lock all"); ok {
		t.Error("Lock all offered for a lock that ignores it")
	}
	if m.Summary != "Back Door — Passage (held open)" || m.Icon.Glyph != GlyphUnlocked {
		t.Errorf("first line %q, icon %v: Passage must count as open", m.Summary, m.Icon.Glyph)
	}
	got := strings.Join(labels(m.Items, ""), "\n")
	for _, want := range []string{"Leave Passage and lock Back Door…", "Back Door: Unlocked · Passage (held open) · battery 60%",
		"  Leave Passage and lock…", "  [✓ Unlocked…]", "  Normal mode", "  ✓ Passage mode (held open)…", "  Keypad off…"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	leave, _ := find(m.Items, "Leave Passage and lock Back Door…")
	if leave.Action.Do.Verb != devices.LeavePassageAndLock || !leave.Action.Confirm {
		t.Errorf("Leave Passage sends %+v", leave.Action)
	}
}

func TestModesAndDoors(t *testing.T) {
	t.Parallel()
	keypadOff := lock("L1", "Front Door", utec.LockLocked, 80)
	keypadOff.Status.LockMode = ptr(utec.LockModeLocked)
	keypadOff.Status.Door = utec.DoorClosed
	unknownMode := lock("L2", "Back Door", utec.LockLocked, 80)
	unknownMode.Status.LockMode = ptr(utec.LockMode(5))
	openDoor := lock("L3", "Side Door", utec.LockUnlocked, 80)
	openDoor.Status.Door = utec.DoorOpen
	m := Build(snapshot(keypadOff, unknownMode, openDoor))
	got := strings.Join(labels(m.Items, ""), "\n")
	for _, want := range []string{"Front Door: Locked · keypad off · battery 80%", "  ✓ Keypad off…",
		"Back Door: Locked · mode 5 · battery 80%", "  [✓ Mode 5]", "Side Door: Unlocked · door open · battery 80%",
		"Lock Side Door…", "  Locked…"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	back, _ := find(m.Items, "Back Door: Locked · mode 5 · battery 80%")
	for _, c := range back.Children {
		if c.Checked && c.Label == "Normal mode" {
			t.Errorf("a mode the app does not know is shown as Normal: %q", labels(back.Children, ""))
		}
	}
	if it, _ := find(m.Items, "Lock Side Door…"); !it.Action.Confirm {
		t.Error("locking an open door does not ask")
	}
}

func TestPendingShowsProgressAndDisablesActions(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80))
	s.Pending = map[string]devices.Action{"L1": {Verb: devices.Lock}}
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
	if _, ok := find(m.Items, "Lock Front Door"); ok {
		t.Error("Lock Front Door offered while it is locking")
	}
	// The command under way shows once: in the label, not again inside.
	if n := strings.Count(strings.Join(labels(m.Items, ""), "\n"), "Locking…"); n != 1 {
		t.Errorf("%q shown %d times, want once:\n%s", "Locking…", n, strings.Join(labels(m.Items, ""), "\n"))
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
	for _, want := range []string{"Front Door: Offline · Locked · battery 80% (as of 12:05)", "Lamp: Offline · On at 60% (last known)",
		"  [✓ Locked]", "  [Unlocked…]", "  [Offline: commands cannot reach it]"} {
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
	for _, want := range []string{"[Cloud unreachable]", "[Cloud unreachable since 14:08, retrying]", "Front Door: Locked · battery 80% (as of 14:05)"} {
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
	if got[2] != "Back Door: Locked · battery 80%" {
		t.Errorf("order: %v", got)
	}
	if it, ok := find(m.Items, "Unlocked"); !ok || it.Action.Confirm || it.Action.DeviceID != "L2" {
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

// TestLockAllTargets: each lock "Lock all" would lock gets a one-click
// "Lock <name>" line, and "Lock all" is offered when there are several;
// they are the ones a click locks.
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
		{"two unlocked", []poller.Device{lock("A", "Front", utec.LockUnlocked, 80), lock("B", "Back", utec.LockUnlocked, 80)}, nil, nil, []string{"B", "A"}},
		{"lights are not locks", []poller.Device{light("L", "Lamp", true, 50)}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snapshot(tt.devices...)
			s.Settings.Hidden = tt.hidden
			s.Pending = map[string]devices.Action{}
			for _, id := range tt.pending {
				s.Pending[id] = devices.Action{Verb: devices.Lock}
			}
			got := LockAllTargets(&s)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("targets %v, want %v", got, tt.want)
			}
			m := Build(s)
			_, offered := find(m.Items, "Lock all")
			if offered != (len(tt.want) > 1) {
				t.Errorf("Lock all offered = %v with targets %v", offered, got)
			}
			var oneClick []string
			for _, it := range m.Items {
				if strings.HasPrefix(it.Label, "Lock ") && it.Action.Kind == DeviceAction && it.Action.Do.Verb == devices.Lock {
					oneClick = append(oneClick, it.Action.DeviceID)
				}
			}
			if strings.Join(oneClick, ",") != strings.Join(got, ",") {
				t.Errorf("one-click lock lines for %v, want %v", oneClick, got)
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

func TestBatteriesLowestFirst(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockLocked, 80), lock("L2", "Back Door", utec.LockLocked, 10),
		lock("L3", "Side Door", utec.LockLocked, 45), light("B1", "Lamp", true, 50))
	m := Build(s)
	batteries, ok := find(m.Items, "Batteries")
	if !ok {
		t.Fatalf("no Batteries submenu in %q", labels(m.Items, ""))
	}
	got := strings.Join(labels(batteries.Children, ""), "\n")
	want := "[Back Door: 10% (low) · reported 14:05]\n[Side Door: 45% · reported 14:05]\n[Front Door: 80% · reported 14:05]"
	if got != want {
		t.Errorf("batteries:\n%s\nwant:\n%s", got, want)
	}
	if _, ok := find(Build(snapshot(light("B1", "Lamp", true, 50))).Items, "Batteries"); ok {
		t.Error("a Batteries submenu in a home without batteries")
	}
}
