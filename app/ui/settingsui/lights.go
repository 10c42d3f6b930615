package settingsui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/utec"
)

// LightsWidgets are the Devices tab's "lights follow the house" rows, per
// light, switch or plug: off when the person leaves (screen lock, sleep),
// and back on when they return.
type LightsWidgets struct {
	Off  map[string]*widget.Check
	Back map[string]*widget.Check
}

// addLightsGuard adds the lights' rows to the guard section: nothing when
// the home has no light, switch or plug. The choice needs a screen lock or
// a sleep to watch; where neither can be seen, the boxes say so, disabled.
func (w *Window) addLightsGuard(known []utec.Device, avail sessionwatch.Availability) {
	l, g := &w.Lights, &w.Guard
	l.Off, l.Back = map[string]*widget.Check{}, map[string]*widget.Check{}
	available := avail.Sleep || avail.ScreenLock
	header := false
	for _, d := range devices.Sorted(known, w.s.Order) {
		switch d.Kind() {
		case utec.KindLight, utec.KindSwitch, utec.KindPlug:
		default:
			continue
		}
		if !header {
			header = true
			g.Box.Add(widget.NewSeparator())
			g.Box.Add(widget.NewLabelWithStyle(i18n.T("lights.title", "Lights when you leave"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			g.Box.Add(wrapped(i18n.T("lights.intro", "utec-tray can turn lights and plugs off when this computer locks its screen or goes to sleep, and back on when you return. It never turns on what someone else turned off, and never touches a lock.")))
		}
		id := d.ID
		back := guardCheck(i18n.T("lights.back", "Turn back on when I return (only if utec-tray turned it off)"), available, w.s.TurnsBackOn(id),
			func(on bool) { w.edit(func(s *config.Settings) { s.SetLightBackOn(id, on) }) })
		off := guardCheck(i18n.T("lights.off", "Turn off when this computer locks its screen or sleeps"), available, w.s.TurnsOffWhenAway(id),
			func(on bool) {
				w.edit(func(s *config.Settings) { s.SetLightOffWhenAway(id, on) })
				// Back on means nothing for a light that is never turned off.
				if on && available {
					back.Enable()
				} else {
					back.Disable()
				}
			})
		if !w.s.TurnsOffWhenAway(id) {
			back.Disable()
		}
		l.Off[id], l.Back[id] = off, back
		g.Box.Add(widget.NewLabelWithStyle(d.Name, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
		g.Box.Add(off)
		g.Box.Add(back)
	}
}
