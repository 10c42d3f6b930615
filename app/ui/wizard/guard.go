package wizard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/utec"
)

// GuardChoices let the last step offer locking the shown locks when this
// computer sleeps or locks its screen (off by default).
type GuardChoices struct {
	// Availability says what this desktop offers; nil: nothing.
	Availability func() sessionwatch.Availability
	// Sleep and Screen are the locks chosen so far.
	Sleep, Screen []string
	// Save keeps new choices; it must not block.
	Save func(sleep, screen []string)
}

// guardBox is the last step's section, filled when the step shows.
func (w *Wizard) guardBox() fyne.CanvasObject {
	w.GuardBox = container.NewVBox()
	w.GuardChecks = map[string]*widget.Check{}
	return w.GuardBox
}

// fillGuard offers, for each lock the tray shows, "Lock Front Door when
// this computer goes to sleep" and "… locks its screen".
func (w *Wizard) fillGuard() {
	g := w.deps.Guard
	w.GuardBox.Objects = nil
	w.GuardChecks = map[string]*widget.Check{}
	if g == nil || w.list == nil {
		w.GuardBox.Refresh()
		return
	}
	avail := sessionwatch.Availability{}
	if g.Availability != nil {
		avail = g.Availability()
	}
	sleep, screen := map[string]bool{}, map[string]bool{}
	for _, id := range g.Sleep {
		sleep[id] = true
	}
	for _, id := range g.Screen {
		screen[id] = true
	}
	save := func() {
		if g.Save == nil {
			return
		}
		var s, sc []string
		for _, d := range w.list.Devices() {
			if sleep[d.ID] {
				s = append(s, d.ID)
			}
			if screen[d.ID] {
				sc = append(sc, d.ID)
			}
		}
		g.Save(s, sc)
	}
	add := func(key, label string, available bool, chosen map[string]bool, id string) {
		if !available {
			label += " (" + i18n.T("guard.unavailable", "unavailable on this desktop") + ")"
		}
		c := widget.NewCheck(label, nil)
		c.Checked = chosen[id]
		c.OnChanged = func(on bool) { chosen[id] = on; save() }
		if !available {
			c.Disable()
		}
		w.GuardChecks[key] = c
		w.GuardBox.Add(c)
	}
	for _, d := range w.list.Devices() {
		if d.Kind() != utec.KindLock || w.hidden[d.ID] {
			continue
		}
		named := map[string]any{"Name": d.Name}
		add("sleep:"+d.ID, i18n.T("wizard.lockOnSleep", "Lock {{.Name}} when this computer goes to sleep", named), avail.Sleep, sleep, d.ID)
		add("screen:"+d.ID, i18n.T("wizard.lockOnScreenLock", "Lock {{.Name}} when this computer locks its screen", named), avail.ScreenLock, screen, d.ID)
	}
	w.GuardBox.Refresh()
}
