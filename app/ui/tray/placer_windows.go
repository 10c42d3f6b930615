//go:build windows

package tray

import (
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/systray"

	"github.com/utec-tray/utec-tray/app/platform/popover"
	"github.com/utec-tray/utec-tray/app/ui/panel"
)

// startPlacing makes the quick panel open at its notification icon, as
// Shell_NotifyIconGetRect has it. Not tried on a real Windows yet (the
// README says so); the window calls are tested under Wine.
func startPlacing(p *panel.Panel, logger *slog.Logger) {
	w, err := popover.OpenWindows(systray.NotifyIconID)
	if err != nil {
		logger.Warn("the quick panel opens centred, not at the icon", "err", err)
		return
	}
	// Called from the tray's start, maybe before the app's loop runs:
	// fyne.Do keeps SetPlacer on the UI goroutine either way.
	fyne.Do(func() { p.SetPlacer(w, logger) })
}
