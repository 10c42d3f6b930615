// Package view builds what the desktop shows — the tray menu and icon,
// the quick panel's rows and the settings window's state, together one
// Frame — as a pure function of a snapshot of the app's state. It knows
// nothing of Fyne, so every label and rule is tested without a display;
// the tray shell draws the frame and rebuilds only when it changed.
package view

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session/signin"
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
	Pending map[string]devices.Action
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
	// OpenCodes opens the guest codes window of the lock DeviceID.
	OpenCodes
)

// Action is what a click asks for.
type Action struct {
	Kind     ActionKind
	DeviceID string
	Do       devices.Action
	// Confirm asks the person before acting (unlocking, by default).
	Confirm bool
}

// Item is one menu entry. An item with Children is a submenu; an item
// with NoAction and no children is an information line, shown disabled.
// Checked puts a checkmark on it: the state a device is in. Checkable
// says the item is one of a device's states, which carries a checkmark
// on or off (so that the mark moving is not a new menu); other items have
// none.
type Item struct {
	Label     string
	Disabled  bool
	Separator bool
	Checked   bool
	Checkable bool
	Action    Action
	Children  []Item
}

// Glyph is the padlock the tray icon draws.
type Glyph int

// The tray's padlocks. Only GlyphLocked is a closed padlock, and it is
// shown only when every shown lock is known to be locked and no door is
// open: a glance at a closed padlock must never be wrong.
const (
	// GlyphSignedOut: no account is signed in.
	GlyphSignedOut Glyph = iota
	// GlyphNeutral: nothing to say about the locks yet or at all
	// (connecting, no locks, a lock whose state is unknown).
	GlyphNeutral
	// GlyphLocked: every shown lock is locked, every door closed.
	GlyphLocked
	// GlyphUnlocked: a shown lock is unlocked or its door is open.
	GlyphUnlocked
)

// Icon is the tray icon to show: a padlock that tells the truth about the
// locks, and a badge when something else needs the person (a jam, a
// device offline, a low battery, the cloud or the sign-in). The badge
// never replaces the padlock.
type Icon struct {
	Glyph Glyph
	Badge bool
}

// Menu is the whole tray: icon, tooltip and items. Summary is the first
// line, which names what is not right; Tooltip is the same prefixed with
// the app's name.
type Menu struct {
	Icon    Icon
	Summary string
	Tooltip string
	Items   []Item
}

// BrightnessPresets are the brightness items of a dimmable light.
var BrightnessPresets = []int{25, 50, 75, 100}

type builder struct {
	s   Snapshot
	loc *time.Location
}

// Visible returns the devices the tray shows: locks first, then lights,
// switches and plugs, each kind in the person's order.
func Visible(s *Snapshot) []*poller.Device {
	var shown []utec.Device
	byID := map[string]*poller.Device{}
	for i := range s.Poll.Devices {
		d := &s.Poll.Devices[i]
		if s.Settings.IsHidden(d.Device.ID) {
			continue
		}
		shown = append(shown, d.Device)
		byID[d.Device.ID] = d
	}
	sorted := devices.Sorted(shown, s.Settings.Order)
	// Stable: within a kind the person's order (then the name) stays.
	slices.SortStableFunc(sorted, func(a, b utec.Device) int { return kindRank(a.Kind()) - kindRank(b.Kind()) })
	out := make([]*poller.Device, 0, len(sorted))
	for _, d := range sorted {
		out = append(out, byID[d.ID])
	}
	return out
}

// kindRank orders the kinds in the menu: what keeps the house shut first.
func kindRank(k utec.Kind) int {
	switch k {
	case utec.KindLock:
		return 0
	case utec.KindLight:
		return 1
	case utec.KindSwitch:
		return 2
	case utec.KindPlug:
		return 3
	}
	return 4
}

// LockAllTargets are the locks "Lock all" locks: shown, unlocked, online,
// not in passage mode (which ignores the command) and not already busy.
// The menu offers a one-click "Lock <name>" for each of them and "Lock
// all" when there are several, and that click locks exactly these.
func LockAllTargets(s *Snapshot) []string {
	var ids []string
	for _, d := range Visible(s) {
		if d.Device.Kind() != utec.KindLock || d.Status.Lock != utec.LockUnlocked || d.Status.Passage() || isOffline(d) {
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
	shown := Visible(&b.s)
	connected := b.s.connected()
	if !connected {
		// The menu shows no devices then, and the first line does not
		// speak of them: what it would say could be long out of date.
		shown = nil
	}
	m.Summary, m.Icon = b.summary(shown)
	if b.s.paused() {
		m.Summary += " · " + i18n.T("menu.notificationsPaused", "notifications paused")
	}
	m.Tooltip = "utec-tray: " + m.Summary
	m.Items = append(m.Items, info(m.Summary))
	if b.s.SignIn == signin.KeyringUnavailable && b.s.Poll.LastErr != nil {
		m.Items = append(m.Items, info(b.s.Poll.LastErr.Error()))
	}
	if connected {
		m.Items = append(m.Items, b.deviceItems(shown)...)
	}
	m.Items = append(m.Items, separator())
	if b.s.QuickPanelItem {
		m.Items = append(m.Items, Item{Label: i18n.T("menu.openQuickPanel", "Open quick panel"), Action: Action{Kind: OpenQuickPanel}})
	}
	if connected {
		if batteries, ok := b.batteriesItem(shown); ok {
			m.Items = append(m.Items, batteries)
		}
		m.Items = append(m.Items, b.homeItems()...)
	}
	m.Items = append(m.Items, Item{Label: i18n.T("menu.settings", "Settings…"), Action: Action{Kind: OpenSettings}})
	switch {
	case b.s.SigningIn:
		m.Items = append(m.Items, Item{Label: i18n.T("menu.signingIn", "Signing in…"), Disabled: true})
	case connected:
		m.Items = append(m.Items, Item{Label: i18n.T("menu.signOut", "Sign out"), Action: Action{Kind: StartSignOut}})
	default:
		m.Items = append(m.Items, Item{Label: i18n.T("menu.signIn", "Sign in…"), Action: Action{Kind: StartSignIn}})
	}
	m.Items = append(m.Items, separator(), Item{Label: i18n.T("menu.quit", "Quit utec-tray"), Action: Action{Kind: Quit}})
	// The first line is left whole: it names every unlocked lock, and
	// cutting it could hide one.
	capLabels(m.Items[1:])
	return m
}

// MaxLabelRunes is the longest a menu label may be. A long device name or
// cloud error would otherwise widen the menu, and a menu that widens
// while open moves under the pointer; the tooltip keeps the full text.
// 80, not less: a failure's explanation ("could not read the sign-in from
// the system keyring: the keyring is locked") and a Recent activity line
// with its time and cause must keep the words that say what happened.
const MaxLabelRunes = 80

// capLabels shortens every label of items and their submenus to
// MaxLabelRunes.
func capLabels(items []Item) {
	for i := range items {
		items[i].Label = Ellipsize(items[i].Label, MaxLabelRunes)
		capLabels(items[i].Children)
	}
}

// Ellipsize returns s cut to at most n runes, its end replaced by "…"
// when it had to be cut. It counts runes, not bytes, so that it never
// splits a character.
func Ellipsize(s string, n int) string {
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRight(string(r[:n-1]), " ·:") + "…"
}

// deviceItems are the signed-in menu's middle: the cloud's trouble, a
// one-click Lock per unlocked lock (and "Lock all" when there are
// several; unlocking stays in the submenu), then a submenu per device.
func (b *builder) deviceItems(shown []*poller.Device) []Item {
	var items []Item
	if !b.s.Poll.FailingSince.IsZero() && !errors.Is(b.s.Poll.LastErr, panics.ErrInternal) {
		items = append(items, info(i18n.T("menu.cloudUnreachable", "Cloud unreachable since {{.Time}}, retrying", map[string]any{"Time": b.hhmm(b.s.Poll.FailingSince)})))
	}
	targets := LockAllTargets(&b.s)
	for _, d := range shown {
		switch {
		case slices.Contains(targets, d.Device.ID):
			open := d.Status.Door == utec.DoorOpen
			label := i18n.T("menu.lockOne", "Lock {{.Name}}", map[string]any{"Name": d.Device.Name})
			if open {
				label += "…" // it asks: the door stands open
			}
			items = append(items, Item{Label: label, Action: Action{Kind: DeviceAction, DeviceID: d.Device.ID,
				Do: devices.Action{Verb: devices.Lock}, Confirm: open}})
		case d.Device.Kind() == utec.KindLock && d.Status.Passage() && !isOffline(d):
			_, busy := b.s.Pending[d.Device.ID]
			items = append(items, Item{Label: i18n.T("menu.leavePassageAndLockOne", "Leave Passage and lock {{.Name}}…", map[string]any{"Name": d.Device.Name}), Disabled: busy,
				Action: Action{Kind: DeviceAction, DeviceID: d.Device.ID, Do: devices.Action{Verb: devices.LeavePassageAndLock}, Confirm: true}})
		}
	}
	if len(targets) > 1 {
		items = append(items, Item{Label: i18n.T("menu.lockAll", "Lock all"), Action: Action{Kind: LockAll}})
	}
	if len(shown) > 0 {
		items = append(items, separator())
	}
	for _, d := range shown {
		items = append(items, b.deviceItem(d))
	}
	return items
}

// batteriesItem is the "Batteries" submenu: every shown device that
// reports a battery, lowest first, with when it last did; none when no
// device reports one.
func (b *builder) batteriesItem(shown []*poller.Device) (Item, bool) {
	var withBattery []*poller.Device
	for _, d := range shown {
		if d.Status.Battery != nil {
			withBattery = append(withBattery, d)
		}
	}
	if len(withBattery) == 0 {
		return Item{}, false
	}
	slices.SortStableFunc(withBattery, func(x, y *poller.Device) int { return *x.Status.Battery - *y.Status.Battery })
	item := Item{Label: i18n.T("menu.batteries", "Batteries")}
	for _, d := range withBattery {
		line := fmt.Sprintf("%s: %d%%", d.Device.Name, *d.Status.Battery)
		if b.batteryLow(d) {
			line += " " + i18n.T("menu.batteryLowMark", "(low)")
		}
		switch {
		case !d.Updated.IsZero():
			line += " · " + i18n.T("menu.batteryReported", "reported {{.Time}}", map[string]any{"Time": b.hhmm(d.Updated)})
		case !d.LastOnline.IsZero():
			line += " · " + i18n.T("menu.lastSeen", "last seen {{.Time}}", map[string]any{"Time": b.hhmm(d.LastOnline)})
		}
		item.Children = append(item.Children, info(line))
	}
	return item, true
}

// homeItems are the signed-in menu's own lines: recent activity, pausing
// the notifications and refreshing.
func (b *builder) homeItems() []Item {
	items := []Item{b.recentItem()}
	if b.s.paused() {
		items = append(items, Item{Label: i18n.T("menu.resumeNotifications", "Resume notifications (paused until {{.Time}})", map[string]any{"Time": b.hhmm(b.s.PausedUntil)}),
			Action: Action{Kind: ResumeNotifications}})
	} else {
		items = append(items, Item{Label: i18n.T("menu.pauseNotifications", "Pause notifications for 1 hour"), Action: Action{Kind: PauseNotifications}})
	}
	return append(items, Item{Label: i18n.T("menu.refresh", "Refresh now"), Action: Action{Kind: RefreshNow}})
}

// MaxSummaryItems is how many things the first line names before it
// counts the rest ("+2 more"). Unlocked locks and open doors are always
// named, however many there are: they are what the app is for.
const MaxSummaryItems = 3

// summary is the first line and the icon. The line names what is not
// right, most important first: unlocked locks and open doors, jams, the
// sign-in, the cloud, locks of unknown state, devices offline, low
// batteries. "All locked" only when it is true and nothing else needs
// attention.
func (b *builder) summary(shown []*poller.Device) (string, Icon) {
	switch {
	case b.s.SigningIn:
		return i18n.T("menu.signingIn", "Signing in…"), Icon{Glyph: GlyphSignedOut}
	case b.s.SignIn == signin.SignedOut:
		return i18n.T("summary.signedOut", "Signed out"), Icon{Glyph: GlyphSignedOut}
	}
	t := b.tally(shown)
	problems := t.jammed
	switch b.s.SignIn {
	case signin.Refused:
		problems = append(problems, i18n.T("summary.signInNeeded", "Sign in needed"))
	case signin.KeyringUnavailable:
		problems = append(problems, i18n.T("summary.keyring", "Cannot read the sign-in from the keyring"))
	default:
		// A bug of this app's own, not the cloud's doing.
		if errors.Is(b.s.Poll.LastErr, panics.ErrInternal) {
			problems = append(problems, i18n.T("summary.internalError", "Internal error — details in the log"))
			break
		}
		// Failing polls, or no answer yet at all but an error.
		if !b.s.Poll.FailingSince.IsZero() || (!b.s.Poll.Loaded && len(shown) == 0 && b.s.Poll.LastErr != nil) {
			problems = append(problems, i18n.T("summary.cloudUnreachable", "Cloud unreachable"))
		}
	}
	problems = append(problems, t.unknown...)
	problems = append(problems, t.offline...)
	if len(t.lowBattery) > 0 {
		problems = append(problems, i18n.T("summary.batteryLow", "Battery low: {{.Names}}", map[string]any{"Names": strings.Join(t.lowBattery, ", ")}))
	}

	icon := Icon{Glyph: GlyphNeutral, Badge: len(problems) > 0}
	switch {
	case len(t.open) > 0:
		icon.Glyph = GlyphUnlocked
	case t.locks > 0 && len(t.unknown) == 0 && len(t.jammed) == 0:
		icon.Glyph = GlyphLocked
	}
	if len(t.open) > 0 || len(problems) > 0 {
		return joinBounded(t.open, problems), icon
	}
	switch {
	case !b.s.Poll.Loaded && len(shown) == 0:
		return i18n.T("summary.connecting", "Connecting to U-Tec…"), icon
	case t.locks > 0:
		return i18n.T("summary.allLocked", "All locked"), icon
	case len(shown) == 0:
		return i18n.T("summary.noDevices", "No devices shared with this app"), icon
	}
	return i18n.Plural("summary.devices", "{{.Count}} devices", len(shown), map[string]any{"Count": len(shown)}), icon
}

// tally is what the shown devices say for the first line, in words.
type tally struct {
	open                     []string // always named
	jammed, unknown, offline []string
	lowBattery               []string
	locks                    int
}

func (b *builder) tally(shown []*poller.Device) tally {
	var t tally
	for _, d := range shown {
		st, name := &d.Status, d.Device.Name
		named := map[string]any{"Name": name}
		if d.Device.Kind() == utec.KindLock {
			t.locks++
			doorOpen := st.Door == utec.DoorOpen
			switch {
			case st.Passage():
				// Held open: anyone can walk in, whatever the bolt says.
				t.open = append(t.open, name+" — "+modeName(utec.LockModePassage))
			case st.Lock == utec.LockUnlocked && doorOpen:
				t.open = append(t.open, i18n.T("summary.unlockedAndOpen", "{{.Name}} unlocked and open", named))
			case st.Lock == utec.LockUnlocked:
				t.open = append(t.open, i18n.T("summary.unlocked", "{{.Name}} unlocked", named))
			case doorOpen:
				t.open = append(t.open, i18n.T("summary.doorOpen", "{{.Name}} open", named))
			}
			switch st.Lock {
			case utec.LockLocked, utec.LockUnlocked:
			case utec.LockJammed:
				t.jammed = append(t.jammed, i18n.T("summary.jammed", "{{.Name}} jammed", named))
			default:
				t.unknown = append(t.unknown, i18n.T("summary.stateUnknown", "{{.Name}} state unknown", named))
			}
		}
		if isOffline(d) {
			t.offline = append(t.offline, i18n.T("summary.offline", "{{.Name}} offline", named))
		}
		if b.batteryLow(d) {
			t.lowBattery = append(t.lowBattery, name)
		}
	}
	return t
}

// joinBounded joins every item of always and as many of rest as fit in
// MaxSummaryItems, then counts what was left out.
func joinBounded(always, rest []string) string {
	parts := slices.Clone(always)
	room := max(MaxSummaryItems-len(parts), 0)
	if len(rest) <= room+1 {
		// "+1 more" would take the room of the item it hides.
		parts = append(parts, rest...)
	} else {
		parts = append(parts, rest[:room]...)
		more := len(rest) - room
		parts = append(parts, i18n.Plural("summary.more", "+{{.Count}} more", more, map[string]any{"Count": more}))
	}
	return strings.Join(parts, " · ")
}

func isOffline(d *poller.Device) bool {
	return d.Status.Online != nil && !*d.Status.Online
}

func (b *builder) batteryLow(d *poller.Device) bool {
	return d.Status.Battery != nil && *d.Status.Battery <= b.s.Settings.BatteryThreshold
}

// RemindedSuffix marks the row of a lock reminded about as still
// unlocked, where notifications have no buttons to act on.
const RemindedSuffix = " · reminded"

// deviceItem is a device's submenu: its state in the label, the actions
// that fit its kind inside, the state it is in checked.
func (b *builder) deviceItem(d *poller.Device) Item {
	item := Item{Label: d.Device.Name + ": " + b.stateLabel(d)}
	if slices.Contains(b.s.Reminded, d.Device.ID) {
		item.Label += RemindedSuffix
	}
	_, busy := b.s.Pending[d.Device.ID]
	offline := isOffline(d)
	do := func(label string, a devices.Action, checked bool) Item {
		return Item{Label: label, Checked: checked, Checkable: true, Action: Action{Kind: DeviceAction, DeviceID: d.Device.ID, Do: a}}
	}
	if d.Device.Kind() == utec.KindLock {
		item.Children = b.lockChildren(d, do)
	} else {
		item.Children = powerChildren(d, do)
	}
	if busy || offline {
		for i := range item.Children {
			if item.Children[i].Action.Kind == DeviceAction {
				item.Children[i].Disabled = true
			}
		}
	}
	if offline {
		item.Children = append(item.Children, info(i18n.T("menu.offlineNoCommands", "Offline: commands cannot reach it")))
	}
	if d.Err != nil {
		item.Children = append(item.Children, info(devices.DescribeError(d.Device.Name, d.Err)))
	}
	return item
}

// lockChildren are a lock's submenu: Locked and Unlocked named for the
// state, so that the checkmark reads "it is locked"; the modes; the door.
func (b *builder) lockChildren(d *poller.Device, do func(string, devices.Action, bool) Item) []Item {
	st := &d.Status
	lock := do(i18n.T("state.locked", "Locked"), devices.Action{Verb: devices.Lock}, st.Lock == utec.LockLocked)
	unlock := do(i18n.T("state.unlocked", "Unlocked"), devices.Action{Verb: devices.Unlock}, st.Lock == utec.LockUnlocked)
	if ask := b.s.Settings.AsksBeforeUnlock(d.Device.ID); ask {
		unlock.Label, unlock.Action.Confirm = unlock.Label+"…", true
	}
	lock.Action.Confirm = st.Door == utec.DoorOpen
	if lock.Action.Confirm {
		lock.Label += "…"
	}
	if st.Passage() {
		// Lock alone is ignored in Passage mode: leave it first.
		lock = do(i18n.T("menu.leavePassageAndLock", "Leave Passage and lock…"), devices.Action{Verb: devices.LeavePassageAndLock}, false)
		lock.Action.Confirm, lock.Checkable = true, false // a way out, not a state
		unlock.Disabled = true
	}
	items := append([]Item{lock, unlock, separator()}, modeItems(d)...)
	items = append(items, separator(), Item{Label: i18n.T("menu.guestCodes", "Guest codes…"), Action: Action{Kind: OpenCodes, DeviceID: d.Device.ID}})
	if st.Door != "" && st.Door != utec.DoorUnknown {
		items = append(items, separator(), info(doorLine(st.Door)))
	}
	return items
}

// powerChildren are a light's, switch's or plug's submenu: On and Off,
// and a dimmable light's brightness presets.
func powerChildren(d *poller.Device, do func(string, devices.Action, bool) Item) []Item {
	st := &d.Status
	on := st.On != nil && *st.On
	items := []Item{
		do(i18n.T("state.on", "On"), devices.Action{Verb: devices.On}, on),
		do(i18n.T("state.off", "Off"), devices.Action{Verb: devices.Off}, st.On != nil && !*st.On),
	}
	if d.Device.Dimmable() {
		for _, pct := range BrightnessPresets {
			// Within a step either way: the cloud rounds.
			inForce := on && st.Brightness != nil && *st.Brightness >= pct-1 && *st.Brightness <= pct+1
			items = append(items, do(i18n.T("menu.brightness", "Brightness {{.Percent}}%", map[string]any{"Percent": pct}), devices.Action{Verb: devices.Brightness, Percent: pct}, inForce))
		}
	}
	return items
}

// modeItems are a lock's modes, the one in force checked: Normal, and
// Passage and keypad off, which ask first. A mode the app does not know
// shows as such, checked, and cannot be chosen.
func modeItems(d *poller.Device) []Item {
	st := &d.Status
	var items []Item
	known := false
	for _, m := range []struct {
		mode  utec.LockMode
		label string
	}{
		{utec.LockModeNormal, i18n.T("mode.normalItem", "Normal mode")},
		{utec.LockModePassage, i18n.T("mode.passageItem", "Passage mode (held open)…")},
		{utec.LockModeLocked, i18n.T("mode.keypadOffItem", "Keypad off…")},
	} {
		inForce := st.LockMode != nil && *st.LockMode == m.mode
		known = known || inForce
		a := Action{Kind: DeviceAction, DeviceID: d.Device.ID, Do: devices.Action{Verb: devices.SetMode, Mode: m.mode},
			Confirm: m.mode != utec.LockModeNormal}
		items = append(items, Item{Label: m.label, Checked: inForce, Checkable: true, Action: a})
	}
	if st.LockMode != nil && !known {
		items = append(items, Item{Label: title(devices.ModeName(*st.LockMode)), Checked: true, Checkable: true, Disabled: true})
	}
	return items
}

// stateLabel is the state part of a device's label: "Locked · battery
// 80%", "Locking…", "Offline · Locked (as of 14:05)", "On at 60%". A
// command under way shows here, and only here.
func (b *builder) stateLabel(d *poller.Device) string {
	if a, busy := b.s.Pending[d.Device.ID]; busy {
		return a.Pending()
	}
	st := &d.Status
	var parts []string
	if d.Device.Kind() == utec.KindLock {
		parts = lockParts(st)
		if st.Battery != nil {
			// "battery", so that it is not taken for a brightness.
			if b.batteryLow(d) {
				parts = append(parts, i18n.T("menu.batteryLowPercent", "battery low {{.Percent}}%", map[string]any{"Percent": *st.Battery}))
			} else {
				parts = append(parts, i18n.T("menu.batteryPercent", "battery {{.Percent}}%", map[string]any{"Percent": *st.Battery}))
			}
		}
	} else {
		parts = append(parts, powerState(&d.Device, st))
	}
	label := strings.Join(parts, " · ")
	switch {
	case isOffline(d) && !d.LastOnline.IsZero():
		label = i18n.T("menu.offlineAsOf", "Offline · {{.State}} (as of {{.Time}})", map[string]any{"State": label, "Time": b.hhmm(d.LastOnline)})
	case isOffline(d):
		label = i18n.T("menu.offlineLastKnown", "Offline · {{.State}} (last known)", map[string]any{"State": label})
	case b.s.Poll.Stale(d) && !d.Updated.IsZero():
		label += " " + i18n.T("menu.asOf", "(as of {{.Time}})", map[string]any{"Time": b.hhmm(d.Updated)})
	}
	return label
}

// recentItem is the "Recent activity" submenu: the last events, newest
// first.
func (b *builder) recentItem() Item {
	item := Item{Label: i18n.T("menu.recent", "Recent activity")}
	for i, e := range b.s.Recent {
		if i == RecentItems {
			break
		}
		item.Children = append(item.Children, info(e.Line(b.loc)))
	}
	if len(item.Children) == 0 {
		item.Children = append(item.Children, info(i18n.T("menu.nothingYet", "Nothing yet")))
	}
	return item
}

// lockParts are a lock's state words for the menu and the panel alike:
// "Locked", then the mode ("Passage (held open)", "keypad off") and "door
// open" where they apply. A closed door is said only in the lock's
// submenu: every label would grow for what is as it should be.
func lockParts(st *utec.Status) []string {
	var parts []string
	switch st.Lock {
	case utec.LockLocked:
		parts = append(parts, i18n.T("state.locked", "Locked"))
	case utec.LockUnlocked:
		parts = append(parts, i18n.T("state.unlocked", "Unlocked"))
	case utec.LockJammed:
		parts = append(parts, i18n.T("state.jammed", "Jammed"))
	default:
		parts = append(parts, i18n.T("state.unknown", "State unknown"))
	}
	if devices.ModeWords(st) != "" {
		parts = append(parts, modeName(*st.LockMode))
	}
	if st.Door == utec.DoorOpen {
		parts = append(parts, i18n.T("state.doorOpen", "door open"))
	}
	return parts
}

// hhmm writes a time of day in the menu's zone, the person's language's way.
func (b *builder) hhmm(t time.Time) string { return i18n.Clock(t.In(b.loc)) }

func info(label string) Item { return Item{Label: label, Disabled: true} }

func separator() Item { return Item{Separator: true} }

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// modeName is a lock mode as the menu and the panel name it, in the
// person's language; a mode the app does not know keeps devices' words.
func modeName(m utec.LockMode) string {
	switch m {
	case utec.LockModePassage:
		return i18n.T("mode.passage", "Passage (held open)")
	case utec.LockModeLocked:
		return i18n.T("mode.keypadOff", "keypad off")
	}
	return devices.ModeName(m)
}

// doorLine is the door's line at the foot of a lock's submenu.
func doorLine(door utec.DoorState) string {
	switch door {
	case utec.DoorOpen:
		return i18n.T("menu.doorOpen", "Door open")
	case utec.DoorClosed:
		return i18n.T("menu.doorClosed", "Door closed")
	}
	// A state the app does not know keeps the cloud's word.
	return i18n.T("view.doorOther", "Door {{.State}}", map[string]any{"State": string(door)})
}

// powerState is a light's, switch's or plug's state in words: "On at 60%",
// "On", "Off".
func powerState(d *utec.Device, st *utec.Status) string {
	switch {
	case st.On != nil && *st.On && st.Brightness != nil && d.Dimmable():
		return i18n.T("state.onAt", "On at {{.Percent}}%", map[string]any{"Percent": *st.Brightness})
	case st.On != nil && *st.On:
		return i18n.T("state.on", "On")
	case st.On != nil:
		return i18n.T("state.off", "Off")
	}
	return i18n.T("state.unknown", "State unknown")
}
