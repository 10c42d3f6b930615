//go:build darwin

package tray

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/systray"
)

// reapplyAfter: macOS drops a tooltip or icon set before the status item
// exists, and Fyne sets its colour icon once it does.
var reapplyAfter = []time.Duration{time.Second, 3 * time.Second, 10 * time.Second}

// setTemplateIcon shows the template image in the menu bar, which macOS
// tints to suit a light or dark bar. Untested: this project has no Mac to
// run it on; it is compiled only.
func setTemplateIcon(template, colour fyne.Resource) {
	systray.SetTemplateIcon(template.Content(), colour.Content())
}

// maxTooltipUnits: macOS takes a tooltip of any length.
const maxTooltipUnits = 0
