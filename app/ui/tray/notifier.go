package tray

import (
	"strings"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/platform/notify"
)

// remindTag prefixes a reminder's notification tag; the lock's id
// follows, so that a button pressed names its lock.
const remindTag = "remind:"

// SenderNotifier is the program's Notifier: notifications through a
// notify.Sender on the session bus.
type SenderNotifier struct {
	sender *notify.Sender
}

var _ Notifier = (*SenderNotifier)(nil)

// NewSenderNotifier returns a Notifier over sender.
func NewSenderNotifier(sender *notify.Sender) *SenderNotifier {
	return &SenderNotifier{sender: sender}
}

// Notify shows a notification; a newer word on the same device replaces
// the one on screen.
func (n *SenderNotifier) Notify(a alerts.Alert) {
	note := notify.Notification{Title: a.Title, Body: a.Body}
	if a.DeviceID != "" {
		note.Tag = string(a.Kind) + ":" + a.DeviceID
	}
	n.sender.Send(note)
}

// Remind shows a "still unlocked" reminder: with the buttons Lock and
// "Remind me in 30 min" where the server offers buttons, plain otherwise.
// It never waits: SupportsActionsNow answers from what the Sender last
// learnt.
func (n *SenderNotifier) Remind(r guard.Reminder) bool {
	note := notify.Notification{Title: r.Title, Body: r.Body, Tag: remindTag + r.LockID}
	buttons, _ := n.sender.SupportsActionsNow()
	if buttons {
		note.Actions = []notify.Action{
			{Key: guard.ActionLock, Label: "Lock"},
			{Key: guard.ActionSnooze, Label: "Remind me in 30 min"},
		}
	}
	n.sender.Send(note)
	return buttons
}

// AnswerReminders hands the buttons pressed on reminders to answered (the
// controller's ReminderAnswered) until the Sender closes its events. It
// blocks; run it on a goroutine of its own.
func (n *SenderNotifier) AnswerReminders(answered func(lockID, key string)) {
	for ev := range n.sender.Events() {
		id, ok := strings.CutPrefix(ev.Tag, remindTag)
		if !ok || ev.Action == "" || id == "" {
			continue
		}
		answered(id, ev.Action)
	}
}
