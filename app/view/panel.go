package view

import (
	"github.com/utec-tray/utec-tray/app/i18n"
	"strings"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// The quick panel (opened by a left click on the tray icon) shows the same
// truth as the menu, one row per device with one big action. Its model is
// built here, beside the menu's, in the same Frame, so that every word and
// rule is tested without a display; app/ui/panel only draws it.

// Tone is how a panel row's state is coloured.
type Tone int

// The tones of a state.
const (
	ToneNeutral Tone = iota
	// ToneGood is a locked lock.
	ToneGood
	// ToneWarning is an unlocked lock.
	ToneWarning
	// ToneBad is a jammed lock, or a lock whose state is unknown.
	ToneBad
	// ToneOn is a light, plug or switch that is on.
	ToneOn
	// ToneBusy is a command under way.
	ToneBusy
	// ToneMuted is an offline device.
	ToneMuted
)

// RowKind says which controls a panel row has.
type RowKind int

// The kinds of panel rows.
const (
	// RowLock has one button: Lock or Unlock….
	RowLock RowKind = iota
	// RowPower has an on/off switch (plugs, switches, lights that do not
	// dim).
	RowPower
	// RowLight has an on/off switch and a brightness slider.
	RowLight
)

// PanelRow is one device in the quick panel.
type PanelRow struct {
	DeviceID string
	Name     string
	Kind     RowKind
	// State is the state in words ("Unlocked · door open", "On 60%",
	// "Offline · last seen 14:05", "Locking…"); Tone colours it.
	State string
	Tone  Tone
	// Button is a lock's action: its label and what a press sends. Its
	// Kind is NoAction when there is nothing to press (passage mode).
	Button Item
	// On is whether a light, plug or switch is on (false when unknown);
	// TurnOn and TurnOff are what the switch sends.
	On              bool
	TurnOn, TurnOff Action
	// Brightness is a dimmable light's level in percent (0 when unknown).
	Brightness int
	// Busy is set while a command to the device is under way: the row
	// shows progress and takes no other command until it ends.
	Busy bool
	// Offline devices are greyed and take no command.
	Offline bool
}

// Enabled reports whether the row's controls take a press.
func (r *PanelRow) Enabled() bool { return !r.Busy && !r.Offline }

// BrightnessAction is what the slider sends when released at pct.
func (r *PanelRow) BrightnessAction(pct int) Action {
	return Action{Kind: DeviceAction, DeviceID: r.DeviceID, Do: devices.Action{Verb: devices.Brightness, Percent: max(0, min(100, pct))}}
}

// Panel is the quick panel's content.
type Panel struct {
	// Summary is the menu's first line (the icon's truth in words).
	Summary string
	// LockAll is set when some lock is unlocked (LockAllTargets); the
	// button sends Action{Kind: LockAll}.
	LockAll bool
	// Rows are the shown devices, locks first, each group in the
	// person's order. Empty while signed out.
	Rows []PanelRow
}

// panel returns the quick panel; summary is the menu's first line, whose
// very words the panel shows, so that the two never disagree.
func (b *builder) panel(summary string) Panel {
	devices := Visible(&b.s)
	p := Panel{Summary: summary}
	if !b.s.connected() {
		return p
	}
	p.LockAll = len(LockAllTargets(&b.s)) > 0
	var locks, others []PanelRow
	for _, d := range devices {
		r := b.panelRow(d)
		if r.Kind == RowLock {
			locks = append(locks, r)
		} else {
			others = append(others, r)
		}
	}
	p.Rows = append(locks, others...)
	return p
}

func (b *builder) panelRow(d *poller.Device) PanelRow {
	id := d.Device.ID
	st := &d.Status
	r := PanelRow{DeviceID: id, Name: d.Device.Name, Offline: isOffline(d)}
	pending, busy := b.s.Pending[id]
	r.Busy = busy
	switch {
	case d.Device.Kind() == utec.KindLock:
		r.Kind = RowLock
		r.State, r.Tone = b.lockState(d)
		switch {
		case st.Passage():
			// Lock alone is ignored in Passage mode: leave it first.
			r.Button = Item{Label: i18n.T("menu.leavePassageAndLock", "Leave Passage and lock…"), Action: Action{Kind: DeviceAction, DeviceID: id,
				Do: devices.Action{Verb: devices.LeavePassageAndLock}, Confirm: true}}
		case st.Lock == utec.LockLocked:
			// The panel always asks before unlocking, whatever the
			// setting: it opens under the pointer, and Space or Enter
			// presses its buttons.
			r.Button = Item{Label: i18n.T("action.unlock", "Unlock") + "…", Action: Action{Kind: DeviceAction, DeviceID: id,
				Do: devices.Action{Verb: devices.Unlock}, Confirm: true}}
		default:
			// Unlocked, jammed (locking again is the way out) or unknown;
			// on an open door it asks first.
			open := st.Door == utec.DoorOpen
			r.Button = Item{Label: i18n.T("action.lock", "Lock"), Action: Action{Kind: DeviceAction, DeviceID: id, Do: devices.Action{Verb: devices.Lock}, Confirm: open}}
			if open {
				r.Button.Label += "…"
			}
		}
		if !r.Enabled() {
			r.Button.Disabled = true
		}
	default:
		r.Kind = RowPower
		if d.Device.Dimmable() {
			r.Kind = RowLight
			if st.Brightness != nil {
				r.Brightness = *st.Brightness
			}
		}
		r.On = st.On != nil && *st.On
		r.TurnOn = Action{Kind: DeviceAction, DeviceID: id, Do: devices.Action{Verb: devices.On}}
		r.TurnOff = Action{Kind: DeviceAction, DeviceID: id, Do: devices.Action{Verb: devices.Off}}
		r.State = powerState(&d.Device, st)
		if r.On {
			r.Tone = ToneOn
		}
	}
	switch {
	case busy:
		r.State, r.Tone = pending.Pending(), ToneBusy
	case r.Offline && !d.LastOnline.IsZero():
		r.State, r.Tone = i18n.T("state.offline", "Offline")+" · "+i18n.T("menu.lastSeen", "last seen {{.Time}}", map[string]any{"Time": b.hhmm(d.LastOnline)}), ToneMuted
	case r.Offline:
		r.State, r.Tone = i18n.T("state.offline", "Offline"), ToneMuted
	}
	return r
}

// lockState is a lock's state in words and its tone.
func (b *builder) lockState(d *poller.Device) (string, Tone) {
	st := &d.Status
	parts := lockParts(st)
	tone := ToneBad
	switch {
	case st.Passage(), st.Lock == utec.LockUnlocked:
		tone = ToneWarning
	case st.Lock == utec.LockLocked:
		tone = ToneGood
	}
	if b.batteryLow(d) {
		parts = append(parts, i18n.T("menu.batteryLowPercent", "battery low {{.Percent}}%", map[string]any{"Percent": *st.Battery}))
	}
	return strings.Join(parts, " · "), tone
}
