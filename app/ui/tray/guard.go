package tray

import (
	"slices"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/ui/wizard"
)

// The guard's windows: its section of the settings window
// (app/ui/settingsui/guard.go) and the wizard's last step
// (app/ui/wizard/guard.go) are told here what this desktop lets the app
// watch. Its rules are in app/guard, its loop in app/controller/guard.go.

// guardAvailability says what this desktop lets the app watch, for the
// settings window and the wizard.
func (t *Tray) guardAvailability() sessionwatch.Availability {
	if t.opts.Watcher == nil {
		return sessionwatch.Availability{Known: true, Reason: i18n.T("guard.reason.notWatching", "the app does not watch this computer in this mode")}
	}
	return t.opts.Watcher.Availability()
}

// guardChoices is the wizard's last step's part, from the settings in
// force.
func (t *Tray) guardChoices(s config.Settings) *wizard.GuardChoices {
	return &wizard.GuardChoices{Availability: t.guardAvailability, Sleep: slices.Clone(s.LockOnSleep),
		Screen: slices.Clone(s.LockOnScreenLock), Save: t.ctrl.SetGuardChoices}
}
