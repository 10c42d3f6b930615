//go:build !darwin

package tray

import (
	"runtime"
	"time"

	"fyne.io/fyne/v2"
)

// reapplyAfter: on Windows fyne.io/systray drops what is set before the
// tray is ready; on Linux and the BSDs it keeps the tooltip but can lose an
// icon set while it exports its properties (see systraySurface). Setting
// them again a few times early costs nothing.
var reapplyAfter = []time.Duration{time.Second, 3 * time.Second, 10 * time.Second}

// setTemplateIcon does nothing: only macOS has template icons; the colour
// icon is set through Fyne.
func setTemplateIcon(template, colour fyne.Resource) {}

// maxTooltipUnits is how long a tooltip Windows keeps, less its NUL.
var maxTooltipUnits = func() int {
	if runtime.GOOS == "windows" {
		return 127
	}
	return 0
}()
