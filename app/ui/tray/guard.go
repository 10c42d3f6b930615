package tray

import (
	"context"
	"log/slog"
	"slices"
	"strings"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/platform/notify"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/ui/wizard"
)

// remindTag prefixes a reminder's notification tag; the lock's id
// follows, so that a button pressed names its lock.
const remindTag = "remind:"

// Remind shows a "still unlocked" reminder (controller.Desktop): with
// the buttons Lock and "Remind me in 30 min" where the server offers
// buttons, plain otherwise. It never waits: SupportsActionsNow answers
// from what the Sender last learnt.
func (t *Tray) Remind(r guard.Reminder) bool {
	if t.opts.Remind != nil {
		return t.opts.Remind(r)
	}
	if t.opts.Notify != nil {
		t.opts.Notify(alerts.Alert{Kind: "reminder", DeviceID: r.LockID, Title: r.Title, Body: r.Body})
		return false
	}
	n := notify.Notification{Title: r.Title, Body: r.Body, Tag: remindTag + r.LockID}
	buttons, _ := t.sender.SupportsActionsNow()
	if buttons {
		n.Actions = []notify.Action{
			{Key: guard.ActionLock, Label: "Lock"},
			{Key: guard.ActionSnooze, Label: "Remind me in 30 min"},
		}
	}
	t.sender.Send(n)
	return buttons
}

// answerReminders hands the buttons pressed on reminders to the
// controller until the Sender closes its events.
func (t *Tray) answerReminders() {
	for ev := range t.sender.Events() {
		id, ok := strings.CutPrefix(ev.Tag, remindTag)
		if !ok || ev.Action == "" || id == "" {
			continue
		}
		t.ctrl.ReminderAnswered(id, ev.Action)
	}
}

// newGuard returns the watcher of sleep and screen lock, and the function
// that connects it to the controller once there is one (the controller
// needs the watcher in its options, the watcher the controller's entry
// points).
func newGuard(logger *slog.Logger) (*sessionwatch.Watcher, func(*controller.Controller)) {
	var ctrl *controller.Controller
	w := sessionwatch.New(sessionwatch.Options{Logger: logger.With("part", "guard"), Handlers: sessionwatch.Handlers{
		BeforeSleep:  func(ctx context.Context) { ctrl.LockForSleep(ctx) },
		AfterSleep:   func() { ctrl.Woke() },
		ScreenLocked: func() { ctrl.ScreenLocked() },
	}})
	return w, func(c *controller.Controller) { ctrl = c }
}

// guardAvailability says what this desktop lets the app watch, for the
// settings window and the wizard.
func (t *Tray) guardAvailability() sessionwatch.Availability {
	if t.opts.Guard == nil {
		return sessionwatch.Availability{Known: true, Reason: "the app does not watch this computer in this mode"}
	}
	return t.opts.Guard.Availability()
}

// guardChoices is the wizard's last step's part, from the settings in
// force.
func (t *Tray) guardChoices(s config.Settings) *wizard.GuardChoices {
	return &wizard.GuardChoices{Availability: t.guardAvailability, Sleep: slices.Clone(s.LockOnSleep),
		Screen: slices.Clone(s.LockOnScreenLock), Save: t.ctrl.SetGuardChoices}
}
