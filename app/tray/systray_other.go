//go:build !darwin

package tray

import (
	"runtime"
	"time"

	"fyne.io/fyne/v2"
)

// reapplyAfter: on Linux and the BSDs fyne.io/systray keeps what is set
// before the tray is ready; on Windows it drops it.
var reapplyAfter = func() []time.Duration {
	if runtime.GOOS == "windows" {
		return []time.Duration{time.Second, 3 * time.Second, 10 * time.Second}
	}
	return nil
}()

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
