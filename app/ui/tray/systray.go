package tray

import (
	"time"
	"unicode/utf16"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/systray"
)

// TooltipSurface is a Surface that can also set the tray icon's tooltip
// and a template icon (a monochrome image the menu bar colours itself,
// on macOS). The tray uses them when its Surface has them.
type TooltipSurface interface {
	Surface
	SetSystemTrayTooltip(string)
	SetSystemTrayTemplateIcon(template, colour fyne.Resource)
}

// systraySurface is Fyne's desktop.App plus what Fyne v2.8.1 does not
// offer and its systray library (fyne.io/systray, which Fyne's tray runs
// on) does: the tooltip, and a template icon on macOS. Its methods are
// called on the UI goroutine, as the tray calls every Surface method.
//
// fyne.io/systray may be called from any goroutine at any time (a lock on
// Linux, the main thread on macOS). On Linux it keeps a tooltip set before the tray is ready and
// publishes it as the StatusNotifierItem's ToolTip once it is; on macOS
// and Windows what is set before then is lost, and on macOS Fyne puts its
// own (colour) icon back when the tray becomes ready. On Linux, too, an
// icon set while the library is exporting its properties is lost (it reads
// the icon, then publishes, without the lock between: seen as an empty
// IconPixmap under load), which would leave the panel blank until the next
// change. So the surface sets the icon, the tooltip and the template again
// a few times in the first seconds (reapplyAfter).
type systraySurface struct {
	desktop.App
	// menu is the menu shown in place, where the platform has it
	// (ItemsSurface); elsewhere Fyne's SetSystemTrayMenu.
	menu             inPlaceMenu
	tooltip          string
	template, colour fyne.Resource
	reapplyScheduled bool
	// shownIcon is the icon last handed to Fyne: each frame sets the icon,
	// and the same one again would cost a PNG decode, 16 KiB on the bus and
	// the tray host reading the icon anew, for every poll (issue 21).
	shownIcon fyne.Resource
	// tooltipSet says tooltip went out at least once.
	tooltipSet bool
}

var _ TooltipSurface = (*systraySurface)(nil)

// SetSystemTrayIcon sets the icon, unless it shows already.
func (s *systraySurface) SetSystemTrayIcon(icon fyne.Resource) {
	if icon == s.shownIcon {
		return
	}
	s.shownIcon = icon
	s.App.SetSystemTrayIcon(icon)
}

// SetSystemTrayTooltip sets the tooltip, unless it shows already (a
// change of it is a signal the tray host answers by reading it anew).
func (s *systraySurface) SetSystemTrayTooltip(text string) {
	text = clipTooltip(text, maxTooltipUnits)
	if s.tooltipSet && text == s.tooltip {
		return
	}
	s.tooltip, s.tooltipSet = text, true
	systray.SetTooltip(text)
	s.scheduleReapply()
}

func (s *systraySurface) SetSystemTrayTemplateIcon(template, colour fyne.Resource) {
	if template == s.template && colour == s.colour {
		return
	}
	s.template, s.colour = template, colour
	setTemplateIcon(template, colour)
	s.scheduleReapply()
}

// scheduleReapply sets the tooltip and the template icon again, from the UI
// goroutine, at each of reapplyAfter after the first call.
func (s *systraySurface) scheduleReapply() {
	if s.reapplyScheduled || len(reapplyAfter) == 0 {
		return
	}
	s.reapplyScheduled = true
	go func() {
		start := time.Now()
		for _, d := range reapplyAfter {
			time.Sleep(time.Until(start.Add(d)))
			fyne.Do(func() {
				if s.colour != nil {
					s.App.SetSystemTrayIcon(s.colour)
				}
				systray.SetTooltip(s.tooltip)
				if s.template != nil {
					setTemplateIcon(s.template, s.colour)
				}
			})
		}
	}()
}

// clipTooltip shortens text to at most limit UTF-16 code units, ending it
// with "…", when limit is positive. Windows keeps a tooltip in 128 units and
// fyne.io/systray copies a longer one without its terminating NUL; the
// menu's first line still says everything.
func clipTooltip(text string, limit int) string {
	if limit <= 0 || len(utf16.Encode([]rune(text))) <= limit {
		return text
	}
	runes := []rune(text)
	for len(runes) > 0 && len(utf16.Encode(runes))+1 > limit {
		runes = runes[:len(runes)-1]
	}
	return string(runes) + "…"
}
