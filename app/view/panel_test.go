package view

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/utec"
)

// panelLines draws the panel model as text: one line per row with its
// state, tone and controls, for golden-style comparison.
func panelLines(p Panel) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", p.Summary)
	if p.LockAll {
		b.WriteString("[Lock all]\n")
	}
	tones := map[Tone]string{ToneNeutral: "neutral", ToneGood: "good", ToneWarning: "warning", ToneBad: "bad",
		ToneOn: "on", ToneBusy: "busy", ToneMuted: "muted"}
	for _, r := range p.Rows {
		fmt.Fprintf(&b, "%s | %s (%s) |", r.Name, r.State, tones[r.Tone])
		switch r.Kind {
		case RowLock:
			fmt.Fprintf(&b, " [%s]", r.Button.Label)
			if r.Button.Disabled {
				b.WriteString(" disabled")
			}
		case RowPower, RowLight:
			fmt.Fprintf(&b, " switch=%v", r.On)
			if r.Kind == RowLight {
				fmt.Fprintf(&b, " slider=%d", r.Brightness)
			}
			if !r.Enabled() {
				b.WriteString(" disabled")
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestPanelRows(t *testing.T) {
	t.Parallel()
	plug := light("P1", "Coffee Maker", false, 0)
	plug.Device.Category, plug.Device.HandleType = "Plug", "utec-plug"
	plug.Status.Brightness = nil
	sw := light("S1", "Porch Switch", true, 0)
	sw.Device.Category, sw.Device.HandleType = "Switch", "utec-switch"
	sw.Status.Brightness = nil
	garage := light("G1", "Garage Light", true, 30)
	garage.Status.Online = ptr(false)
	garage.LastOnline = now.Add(-2 * time.Hour)
	back := lock("L2", "Back Door", utec.LockLocked, 40)
	side := lock("L3", "Side Door", utec.LockUnlocked, 90)
	side.Status.LockMode = ptr(utec.LockModePassage)
	shed := lock("L4", "Shed", utec.LockJammed, 10)
	// Lights first in the person's order: the panel still puts locks first.
	s := snapshot(light("B1", "Lamp", true, 60), lock("L1", "Front Door", utec.LockUnlocked, 80), plug, sw, garage, back, side, shed)
	s.Settings.Order = []string{"B1", "L1", "P1", "S1", "G1", "L2", "L3", "L4"}
	s.Pending = map[string]devices.Action{"L2": {Verb: devices.Lock}}
	got := panelLines(BuildFrame(s).Panel)
	want := `Front Door unlocked · Side Door — Passage (held open) · Shed jammed · +2 more
[Lock all]
Front Door | Unlocked (warning) | [Lock]
Back Door | Locking… (busy) | [Unlock…] disabled
Side Door | Unlocked · Passage (held open) (warning) | [Leave Passage and lock…]
Shed | Jammed · battery low 10% (bad) | [Lock]
Lamp | On at 60% (on) | switch=true slider=60
Garage Light | Offline · last seen 12:05 (muted) | switch=true slider=30 disabled
Porch Switch | On (on) | switch=true
Coffee Maker | Off (neutral) | switch=false
`
	if got != want {
		t.Errorf("panel:\n%s\nwant:\n%s", got, want)
	}
}

// TestPanelActionsAreTheMenus: the panel sends what the menu would, except
// that its Unlock always asks.
func TestPanelActionsAreTheMenus(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockLocked, 80), lock("L2", "Back Door", utec.LockUnlocked, 80), light("B1", "Lamp", false, 60))
	s.Settings.UnlockWithoutAsking = []string{"L1"}
	s.Settings.Order = []string{"L1", "L2", "B1"}
	p := BuildFrame(s).Panel
	unlock := p.Rows[0].Button.Action
	if want := (Action{Kind: DeviceAction, DeviceID: "L1", Do: devices.Action{Verb: devices.Unlock}, Confirm: true}); unlock != want {
		t.Errorf("Unlock sends %+v, want %+v (the panel always asks)", unlock, want)
	}
	menuLock, ok := find(Build(s).Items, "Lock Back Door")
	if !ok || p.Rows[1].Button.Action != menuLock.Action {
		t.Errorf("Lock sends %+v, the menu %+v", p.Rows[1].Button.Action, menuLock.Action)
	}
	lamp := p.Rows[2]
	if lamp.TurnOn.Do.Verb != devices.On || lamp.TurnOff.Do.Verb != devices.Off || lamp.TurnOn.DeviceID != "B1" {
		t.Errorf("switch sends %+v / %+v", lamp.TurnOn, lamp.TurnOff)
	}
	for pct, want := range map[int]int{42: 42, 0: 0, 130: 100, -5: 0} {
		if a := lamp.BrightnessAction(pct); a.Do != (devices.Action{Verb: devices.Brightness, Percent: want}) || a.DeviceID != "B1" {
			t.Errorf("slider at %d sends %+v", pct, a)
		}
	}
}

func TestPanelSignedOutHasNoRows(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80))
	s.SignIn = signin.SignedOut
	p := BuildFrame(s).Panel
	if p.Summary != "Signed out" || len(p.Rows) != 0 || p.LockAll {
		t.Errorf("signed out panel: %+v", p)
	}
}

func TestPanelSummaryIsTheMenusFirstLine(t *testing.T) {
	t.Parallel()
	for _, s := range []Snapshot{
		snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80)),
		snapshot(lock("L1", "Front Door", utec.LockLocked, 80)),
		{SignIn: signin.Unknown},
	} {
		if p, m := BuildFrame(s).Panel, Build(s); p.Summary != m.Items[0].Label {
			t.Errorf("panel says %q, menu %q", p.Summary, m.Items[0].Label)
		}
	}
}

func TestQuickPanelInMenu(t *testing.T) {
	t.Parallel()
	for desktop, want := range map[string]bool{
		"KDE": false, "XFCE": false, "LXQt": false, "ubuntu:GNOME": true, "GNOME": true, "Unity": true,
		"X-Cinnamon": true, "": true, "Budgie:GNOME": true,
	} {
		if got := QuickPanelInMenu(desktop); got != want {
			t.Errorf("QuickPanelInMenu(%q) = %v, want %v", desktop, got, want)
		}
	}
	s := snapshot()
	s.QuickPanelItem = true
	if it, ok := find(Build(s).Items, "Open quick panel"); !ok || it.Action.Kind != OpenQuickPanel {
		t.Errorf("menu lacks Open quick panel: %q", labels(Build(s).Items, ""))
	}
}
