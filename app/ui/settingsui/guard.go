package settingsui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/utec"
)

// RemindChoices are the reminder delays offered, in minutes; 0 is off.
var RemindChoices = []int{0, 5, 10, 15, 30, 60}

// PassageRemindChoices are the delays offered for a lock held open in
// Passage mode, which is chosen on purpose and so waits longer.
var PassageRemindChoices = []int{0, 30, 60, 120, 240}

// GuardWidgets are the Devices tab's guard section: reminders about locks
// left unlocked, and locking on sleep or screen lock, per lock.
type GuardWidgets struct {
	Box       *fyne.Container
	RemindAll *widget.Select
	// PassageAll is the delay for locks held open in Passage mode;
	// Passage, per lock, turns that reminder on or off.
	PassageAll *widget.Select
	Passage    map[string]*widget.Check
	Remind     map[string]*widget.Select
	Sleep      map[string]*widget.Check
	Screen     map[string]*widget.Check
	// Unavailable says why locking on sleep or screen lock is not offered;
	// hidden when both are.
	Unavailable *widget.Label
}

func remindLabel(m int) string {
	switch {
	case m == 0:
		return i18n.T("guard.remindOff", "Off")
	case m >= 60 && m%60 == 0:
		return i18n.T("guard.afterHours", "after {{.Hours}} h", map[string]any{"Hours": m / 60})
	}
	return i18n.T("guard.afterMinutes", "after {{.Minutes}} min", map[string]any{"Minutes": m})
}

// remindSelect offers offered (and the current value, when a hand edit
// chose another) and calls set with the minutes chosen.
func remindSelect(offered []int, current int, set func(int)) *widget.Select {
	choices := slices.Clone(offered)
	if !slices.Contains(choices, current) {
		choices = append(choices, current)
		slices.Sort(choices)
	}
	labels := make([]string, len(choices))
	for i, m := range choices {
		labels[i] = remindLabel(m)
	}
	s := widget.NewSelect(labels, nil)
	s.SetSelected(remindLabel(current))
	s.OnChanged = func(label string) {
		if i := slices.Index(labels, label); i >= 0 {
			set(choices[i])
		}
	}
	return s
}

// guardSection builds the section; fillGuard fills it with the locks.
func (w *Window) guardSection() fyne.CanvasObject {
	w.Guard.Box = container.NewVBox()
	w.fillGuard(w.list.Devices())
	return w.Guard.Box
}

// fillGuard (re)builds the section for the devices that are locks, in
// the person's order.
func (w *Window) fillGuard(known []utec.Device) {
	g := &w.Guard
	if g.Box == nil {
		return // the tab is being built: guardSection fills it
	}
	g.Remind, g.Sleep, g.Screen = map[string]*widget.Select{}, map[string]*widget.Check{}, map[string]*widget.Check{}
	g.Passage = map[string]*widget.Check{}
	avail := sessionwatch.Availability{Known: true, Reason: i18n.T("guard.reason.noWatcher", "this build cannot watch the computer")}
	if w.deps.Guard != nil {
		avail = w.deps.Guard()
	}
	if !avail.Known {
		avail.Reason = i18n.T("guard.reason.checking", "this desktop is still being checked; open Settings again in a moment")
	}
	g.RemindAll = remindSelect(RemindChoices, w.s.RemindUnlockedMinutes, func(m int) { w.edit(func(s *config.Settings) { s.RemindUnlockedMinutes = m }) })
	g.PassageAll = remindSelect(PassageRemindChoices, w.s.RemindPassageMinutes, func(m int) {
		w.edit(func(s *config.Settings) { s.RemindPassageMinutes = m })
	})
	g.Box.Objects = nil
	g.Box.Add(widget.NewSeparator())
	g.Box.Add(widget.NewLabelWithStyle(i18n.T("guard.heading", "Locks left unlocked"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	g.Box.Add(widget.NewForm(widget.NewFormItem(i18n.T("guard.remindAll", "All locks: remind me"), g.RemindAll),
		widget.NewFormItem(i18n.T("guard.heldOpen", "Held open (Passage mode)"), g.PassageAll)))
	g.Unavailable = wrapped("")
	if text := unavailableText(avail); text != "" {
		g.Unavailable.SetText(text)
		g.Box.Add(g.Unavailable)
	}
	for _, d := range devices.Sorted(known, w.s.Order) {
		if d.Kind() != utec.KindLock {
			continue
		}
		w.addLockGuard(d, avail)
	}
	w.addLightsGuard(known, avail)
	g.Box.Refresh()
}

// addLockGuard adds one lock's rows: its reminder's delay, its Passage
// reminder, and locking on sleep and screen lock.
func (w *Window) addLockGuard(d utec.Device, avail sessionwatch.Availability) {
	g, id := &w.Guard, d.ID
	minutes, ok := w.s.RemindUnlockedMinutesPerLock[id]
	if !ok {
		minutes = w.s.RemindUnlockedMinutes
	}
	g.Remind[id] = remindSelect(RemindChoices, minutes, func(m int) { w.edit(func(s *config.Settings) { s.SetRemindMinutes(id, m) }) })
	g.Passage[id] = widget.NewCheck(i18n.T("guard.remindPassage", "Remind me when it is held open in Passage mode"), nil)
	g.Passage[id].Checked = !slices.Contains(w.s.PassageRemindersOff, id)
	g.Passage[id].OnChanged = func(on bool) { w.edit(func(s *config.Settings) { s.SetPassageReminders(id, on) }) }
	g.Sleep[id] = guardCheck(i18n.T("guard.lockOnSleep", "Lock when this computer goes to sleep"), avail.Sleep, w.s.LocksOnSleep(id),
		func(on bool) { w.edit(func(s *config.Settings) { s.SetLockOnSleep(id, on) }) })
	g.Screen[id] = guardCheck(i18n.T("guard.lockOnScreenLock", "Lock when this computer locks its screen"), avail.ScreenLock, w.s.LocksOnScreenLock(id),
		func(on bool) { w.edit(func(s *config.Settings) { s.SetLockOnScreenLock(id, on) }) })
	g.Box.Add(widget.NewLabelWithStyle(d.Name, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	g.Box.Add(widget.NewForm(widget.NewFormItem(i18n.T("guard.remindMe", "Remind me"), g.Remind[id])))
	g.Box.Add(g.Passage[id])
	g.Box.Add(g.Sleep[id])
	g.Box.Add(g.Screen[id])
}

// unavailableText says which of locking on sleep and on screen lock this
// desktop does not offer, and why; "" when it offers both.
func unavailableText(avail sessionwatch.Availability) string {
	data := map[string]any{"Unavailable": unavailable(), "Reason": unavailableReason(avail.Reason)}
	switch {
	case !avail.Sleep && !avail.ScreenLock:
		return i18n.T("guard.noSleepNoScreen", "Locking on sleep or screen lock is {{.Unavailable}}: {{.Reason}}.", data)
	case !avail.Sleep:
		return i18n.T("guard.noSleep", "Locking on sleep is {{.Unavailable}}: {{.Reason}}.", data)
	case !avail.ScreenLock:
		return i18n.T("guard.noScreen", "Locking on screen lock is {{.Unavailable}}: {{.Reason}}.", data)
	}
	return ""
}

// guardCheck is a check box that says so, disabled, when this desktop
// does not offer what it turns on.
func guardCheck(label string, available, checked bool, set func(bool)) *widget.Check {
	if !available {
		label += " (" + unavailable() + ")"
	}
	c := widget.NewCheck(label, nil)
	c.Checked = checked
	c.OnChanged = set
	if !available {
		c.Disable()
	}
	return c
}
