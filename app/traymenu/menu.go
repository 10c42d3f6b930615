// Package traymenu builds the tray menu and picks the tray icon as a pure
// function of a snapshot of the app's state. It knows nothing of Fyne, so
// every label and rule is tested without a display; the tray shell turns
// the model into Fyne menus and rebuilds them only when the model changed.
package traymenu

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/utec-tray/utec-tray/app/action"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/describe"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/lookup"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/signin"
	"github.com/utec-tray/utec-tray/utec"
)

// Snapshot is everything the menu depends on.
type Snapshot struct {
	// SignIn is where the sign-in stands (Unknown until the first poll
	// said); SigningIn is true while the browser sign-in is under way.
	SignIn    signin.State
	SigningIn bool
	Poll      poller.State
	Settings  config.Settings
	// Pending are the commands under way, by device id.
	Pending map[string]action.Action
	// Location formats times; nil is time.Local.
	Location *time.Location
	// Recent is the latest activity, newest first (at most RecentItems
	// show).
	Recent []history.Event
	// PausedUntil, when in the future of Now, is when paused notifications
	// resume.
	PausedUntil time.Time
	// Now is the time the snapshot was taken (for PausedUntil).
	Now time.Time
	// QuickPanelItem adds "Open quick panel" to the menu (QuickPanelInMenu).
	QuickPanelItem bool
	// Reminded lists the locks reminded about as still unlocked where
	// notifications have no buttons: their rows say so.
	Reminded []string
}

// RecentItems is how many events "Recent activity" shows.
const RecentItems = 10

// paused reports whether notifications are paused now.
func (s *Snapshot) paused() bool { return s.PausedUntil.After(s.Now) }

// connected reports whether the menu shows the devices: signed in, or not
// yet known not to be (the last run's devices show at start-up).
func (s *Snapshot) connected() bool { return !s.SigningIn && !s.SignIn.Needed() }

// ActionKind says what a menu item does.
type ActionKind int

// The things a menu item can do.
const (
	NoAction ActionKind = iota
	DeviceAction
	LockAll
	RefreshNow
	OpenSettings
	StartSignIn
	StartSignOut
	Quit
	PauseNotifications
	ResumeNotifications
	// OpenQuickPanel opens the quick panel, for trays that cannot tell
	// a left click from a right one (see QuickPanelInMenu).
	OpenQuickPanel
)

// Action is what a click asks for.
type Action struct {
	Kind     ActionKind
	DeviceID string
	Do       action.Action
	// Confirm asks the person before acting (unlocking, by default).
	Confirm bool
}

// Item is one menu entry. An item with Children is a submenu; an item
// with NoAction and no children is an information line, shown disabled.
type Item struct {
	Label     string
	Disabled  bool
	Separator bool
	Action    Action
	Children  []Item
}

// Icon is the tray icon to show.
type Icon int

// The tray icons.
const (
	IconSignedOut Icon = iota
	IconLocked
	IconUnlocked
	IconAttention
)

// Menu is the whole tray: icon, tooltip and items.
type Menu struct {
	Icon    Icon
	Tooltip string
	Items   []Item
}

// BrightnessPresets are the brightness items of a dimmable light.
var BrightnessPresets = []int{25, 50, 75, 100}

// Build returns the menu for a snapshot.
func Build(s Snapshot) Menu {
	loc := s.Location
	if loc == nil {
		loc = time.Local
	}
	b := builder{s: s, loc: loc}
	return b.build()
}

type builder struct {
	s   Snapshot
	loc *time.Location
}

// Visible returns the devices the tray shows, in the person's order.
func Visible(s *Snapshot) []*poller.Device {
	var devices []utec.Device
	byID := map[string]*poller.Device{}
	for i := range s.Poll.Devices {
		d := &s.Poll.Devices[i]
		if s.Settings.IsHidden(d.Device.ID) {
			continue
		}
		devices = append(devices, d.Device)
		byID[d.Device.ID] = d
	}
	out := make([]*poller.Device, 0, len(devices))
	for _, d := range lookup.Sorted(devices, s.Settings.Order) {
		out = append(out, byID[d.ID])
	}
	return out
}

// LockAllTargets are the locks "Lock all" locks: shown, unlocked, online,
// not in passage mode (which ignores the command) and not already busy.
// The menu offers "Lock all" exactly when there are some, and the click
// locks exactly these.
func LockAllTargets(s *Snapshot) []string {
	var ids []string
	for _, d := range Visible(s) {
		if d.Device.Kind() != utec.KindLock || d.Status.Lock != utec.LockUnlocked || d.Status.Passage() || offline(d) {
			continue
		}
		if _, busy := s.Pending[d.Device.ID]; !busy {
			ids = append(ids, d.Device.ID)
		}
	}
	return ids
}

func (b *builder) build() Menu {
	m := Menu{}
	devices := Visible(&b.s)
	summary, icon := b.summary(devices)
	if b.s.paused() {
		summary += " · notifications paused"
	}
	m.Icon, m.Tooltip = icon, "utec-tray: "+summary
	m.Items = append(m.Items, info(summary))
	if b.s.SignIn == signin.KeyringUnavailable && b.s.Poll.LastErr != nil {
		m.Items = append(m.Items, info(b.s.Poll.LastErr.Error()))
	}
	connected := b.s.connected()
	if connected && !b.s.Poll.FailingSince.IsZero() {
		m.Items = append(m.Items, info(fmt.Sprintf("Cloud unreachable since %s, retrying", b.hhmm(b.s.Poll.FailingSince))))
	}
	if connected {
		if len(LockAllTargets(&b.s)) > 0 {
			m.Items = append(m.Items, Item{Label: "Lock all", Action: Action{Kind: LockAll}})
		}
		if len(devices) > 0 {
			m.Items = append(m.Items, separator())
		}
		for _, d := range devices {
			m.Items = append(m.Items, b.deviceItem(d))
		}
	}
	m.Items = append(m.Items, separator())
	if b.s.QuickPanelItem {
		m.Items = append(m.Items, Item{Label: "Open quick panel", Action: Action{Kind: OpenQuickPanel}})
	}
	if connected {
		m.Items = append(m.Items, b.recentItem())
		if b.s.paused() {
			m.Items = append(m.Items, Item{Label: "Resume notifications (paused until " + b.hhmm(b.s.PausedUntil) + ")",
				Action: Action{Kind: ResumeNotifications}})
		} else {
			m.Items = append(m.Items, Item{Label: "Pause notifications for 1 hour", Action: Action{Kind: PauseNotifications}})
		}
		m.Items = append(m.Items, Item{Label: "Refresh now", Action: Action{Kind: RefreshNow}})
	}
	m.Items = append(m.Items, Item{Label: "Settings…", Action: Action{Kind: OpenSettings}})
	switch {
	case b.s.SigningIn:
		m.Items = append(m.Items, Item{Label: "Signing in…", Disabled: true})
	case connected:
		m.Items = append(m.Items, Item{Label: "Sign out", Action: Action{Kind: StartSignOut}})
	default:
		m.Items = append(m.Items, Item{Label: "Sign in…", Action: Action{Kind: StartSignIn}})
	}
	m.Items = append(m.Items, separator(), Item{Label: "Quit utec-tray", Action: Action{Kind: Quit}})
	return m
}

// summary is the first line and the icon.
func (b *builder) summary(devices []*poller.Device) (string, Icon) {
	switch {
	case b.s.SigningIn:
		return "Signing in…", IconSignedOut
	case b.s.SignIn == signin.SignedOut:
		return "Signed out", IconSignedOut
	case b.s.SignIn == signin.Refused:
		return "Sign in needed", IconAttention
	case b.s.SignIn == signin.KeyringUnavailable:
		return "Cannot read the sign-in from the keyring", IconAttention
	}
	if !b.s.Poll.Loaded && len(devices) == 0 {
		if b.s.Poll.LastErr != nil {
			return "Cannot reach U-Tec", IconAttention
		}
		return "Connecting to U-Tec…", IconSignedOut
	}
	var unlocked, jammed, locks []string
	attention := !b.s.Poll.FailingSince.IsZero()
	for _, d := range devices {
		if offline(d) || b.batteryLow(d) {
			attention = true
		}
		if d.Device.Kind() != utec.KindLock {
			continue
		}
		locks = append(locks, d.Device.Name)
		switch d.Status.Lock {
		case utec.LockUnlocked:
			unlocked = append(unlocked, d.Device.Name)
		case utec.LockJammed:
			jammed = append(jammed, d.Device.Name)
			attention = true
		}
	}
	var text string
	switch {
	case len(jammed) == 1:
		text = jammed[0] + " jammed"
	case len(jammed) > 1:
		text = fmt.Sprintf("%d locks jammed", len(jammed))
	case len(unlocked) == 1:
		text = unlocked[0] + " unlocked"
	case len(unlocked) > 1:
		text = fmt.Sprintf("%d locks unlocked", len(unlocked))
	case len(locks) > 0:
		text = "All locked"
	case len(devices) == 0:
		text = "No devices shared with this app"
	default:
		text = describe.Count(len(devices), "device")
	}
	icon := IconLocked
	if len(unlocked) > 0 {
		icon = IconUnlocked
	}
	if attention {
		icon = IconAttention
	}
	return text, icon
}

func offline(d *poller.Device) bool {
	return d.Status.Online != nil && !*d.Status.Online
}

func (b *builder) batteryLow(d *poller.Device) bool {
	return d.Status.Battery != nil && *d.Status.Battery <= b.s.Settings.BatteryThreshold
}

// RemindedSuffix marks the row of a lock reminded about as still
// unlocked, where notifications have no buttons to act on.
const RemindedSuffix = " · reminded"

// deviceItem is a device's submenu: its state in the label, the actions
// that fit its kind inside.
func (b *builder) deviceItem(d *poller.Device) Item {
	label := d.Device.Name + ": " + b.stateLabel(d)
	if slices.Contains(b.s.Reminded, d.Device.ID) {
		label += RemindedSuffix
	}
	item := Item{Label: label}
	pending, busy := b.s.Pending[d.Device.ID]
	offline := offline(d)
	st := &d.Status
	switch d.Device.Kind() {
	case utec.KindLock:
		lock := Item{Label: "Lock", Action: Action{Kind: DeviceAction, DeviceID: d.Device.ID, Do: action.Action{Verb: action.Lock}}}
		ask := b.s.Settings.AsksBeforeUnlock(d.Device.ID)
		unlock := Item{Label: "Unlock", Action: Action{Kind: DeviceAction, DeviceID: d.Device.ID, Do: action.Action{Verb: action.Unlock}, Confirm: ask}}
		if ask {
			unlock.Label = "Unlock…"
		}
		if st.Passage() {
			lock = Item{Label: "Lock (ignored in passage mode)", Disabled: true}
			unlock = Item{Label: "Unlock (ignored in passage mode)", Disabled: true}
		}
		item.Children = append(item.Children, lock, unlock)
		if st.Passage() {
			item.Children = append(item.Children, info("Passage mode holds the lock open; change it in the U-home app"))
		}
		if st.Door != "" && st.Door != utec.DoorUnknown {
			item.Children = append(item.Children, info("Door "+string(st.Door)))
		}
		if st.Battery != nil {
			item.Children = append(item.Children, info(fmt.Sprintf("Battery %d%%", *st.Battery)))
		}
	default:
		item.Children = append(item.Children,
			Item{Label: "On", Action: Action{Kind: DeviceAction, DeviceID: d.Device.ID, Do: action.Action{Verb: action.On}}},
			Item{Label: "Off", Action: Action{Kind: DeviceAction, DeviceID: d.Device.ID, Do: action.Action{Verb: action.Off}}})
		if d.Device.Dimmable() {
			for _, pct := range BrightnessPresets {
				item.Children = append(item.Children, Item{Label: fmt.Sprintf("Brightness %d%%", pct),
					Action: Action{Kind: DeviceAction, DeviceID: d.Device.ID, Do: action.Action{Verb: action.Brightness, Percent: pct}}})
			}
		}
	}
	if busy || offline {
		for i := range item.Children {
			if item.Children[i].Action.Kind == DeviceAction {
				item.Children[i].Disabled = true
			}
		}
	}
	if busy {
		item.Children = append(item.Children, info(pending.Pending()))
	}
	if offline {
		item.Children = append(item.Children, info("Offline: commands cannot reach it"))
	}
	if d.Err != nil {
		item.Children = append(item.Children, info(describe.Error(d.Device.Name, d.Err)))
	}
	return item
}

// stateLabel is the state part of a device's label: "Locked · 80%",
// "Locking…", "Offline (as of 14:05)", "On 60%".
func (b *builder) stateLabel(d *poller.Device) string {
	if a, busy := b.s.Pending[d.Device.ID]; busy {
		return a.Pending()
	}
	st := &d.Status
	var parts []string
	if d.Device.Kind() == utec.KindLock {
		switch st.Lock {
		case utec.LockLocked, utec.LockUnlocked, utec.LockJammed:
			parts = append(parts, title(string(st.Lock)))
		default:
			parts = append(parts, "State unknown")
		}
		if st.Passage() {
			parts = append(parts, "passage mode")
		}
		if st.Door == utec.DoorOpen {
			parts = append(parts, "door open")
		}
		if st.Battery != nil {
			if b.batteryLow(d) {
				parts = append(parts, fmt.Sprintf("battery low %d%%", *st.Battery))
			} else {
				parts = append(parts, fmt.Sprintf("%d%%", *st.Battery))
			}
		}
	} else {
		parts = append(parts, title(describe.State(&d.Device, st)))
	}
	label := strings.Join(parts, " · ")
	switch {
	case offline(d) && !d.LastOnline.IsZero():
		label = "Offline · " + label + " (as of " + b.hhmm(d.LastOnline) + ")"
	case offline(d):
		label = "Offline · " + label + " (last known)"
	case b.s.Poll.Stale(d) && !d.Updated.IsZero():
		label += " (as of " + b.hhmm(d.Updated) + ")"
	}
	return label
}

// recentItem is the "Recent activity" submenu: the last events, newest
// first.
func (b *builder) recentItem() Item {
	item := Item{Label: "Recent activity"}
	for i, e := range b.s.Recent {
		if i == RecentItems {
			break
		}
		item.Children = append(item.Children, info(e.Line(b.loc)))
	}
	if len(item.Children) == 0 {
		item.Children = append(item.Children, info("Nothing yet"))
	}
	return item
}

func (b *builder) hhmm(t time.Time) string { return t.In(b.loc).Format("15:04") }

func info(label string) Item { return Item{Label: label, Disabled: true} }

func separator() Item { return Item{Separator: true} }

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
