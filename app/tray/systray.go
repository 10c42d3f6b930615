package tray

import (
	"time"

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
// fyne.io/systray takes a lock for each call, so calling it at any time is
// safe. On Linux it keeps a tooltip set before the tray is ready and
// publishes it as the StatusNotifierItem's ToolTip once it is; on macOS
// and Windows what is set before then is lost, and on macOS Fyne puts its
// own (colour) icon back when the tray becomes ready. So the surface sets
// both again a few times in the first seconds (reapplyAfter).
type systraySurface struct {
	desktop.App
	tooltip          string
	template, colour fyne.Resource
	reapplyScheduled bool
}

var _ TooltipSurface = (*systraySurface)(nil)

func (s *systraySurface) SetSystemTrayTooltip(text string) {
	s.tooltip = text
	systray.SetTooltip(text)
	s.scheduleReapply()
}

func (s *systraySurface) SetSystemTrayTemplateIcon(template, colour fyne.Resource) {
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
				systray.SetTooltip(s.tooltip)
				if s.template != nil {
					setTemplateIcon(s.template, s.colour)
				}
			})
		}
	}()
}
