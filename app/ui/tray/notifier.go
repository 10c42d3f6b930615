package tray

import (
	"strings"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/notify"
)

// remindKind is a reminder's kind in its notification tag. A tag is
// "kind:device id", so that a button pressed names its device and which
// news it was on; no alerts.Kind holds a colon.
const remindKind = "remind"

// actionLabel is a button's words, by action key (a reminder's Lock
// and the news's Lock share the key "lock"): short, because some servers
// (lxqt-notificationd) cut a long label to "Remind me…".
// A function, not a table: the words are in the person's language, known
// only once the translations have loaded.
func actionLabel(key string) (string, bool) {
	switch key {
	case alerts.ActionLock:
		return i18n.T("notify.buttonLock", "Lock"), true
	case guard.ActionSnooze:
		return i18n.T("notify.buttonLater", "Later"), true
	case controller.ActionIgnore:
		return i18n.T("home.button.ignore", "Ignore"), true
	}
	return "", false
}

// actionKeys are the keys actionLabel knows.
var actionKeys = []string{alerts.ActionLock, guard.ActionSnooze, controller.ActionIgnore}

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

// Notify shows a notification, with the alert's actions as buttons where
// the server offers buttons; a newer word on the same device replaces the
// one on screen. It never waits (see Remind).
func (n *SenderNotifier) Notify(a alerts.Alert) {
	note := notify.Notification{Title: a.Title, Body: a.Body}
	if a.DeviceID != "" {
		note.Tag = string(a.Kind) + ":" + a.DeviceID
		if buttons, _ := n.sender.SupportsActionsNow(); buttons {
			note.Actions = buttonsFor(a.Actions)
		}
	}
	n.sender.Send(note)
}

// Remind shows a "still unlocked" reminder: with the buttons Lock and
// Later (guard.SnoozeFor) where the server offers buttons, plain otherwise.
// It never waits: SupportsActionsNow answers from what the Sender last
// learnt.
func (n *SenderNotifier) Remind(r guard.Reminder) bool {
	note := notify.Notification{Title: r.Title, Body: r.Body, Tag: remindKind + ":" + r.LockID}
	buttons, _ := n.sender.SupportsActionsNow()
	if buttons {
		note.Actions = buttonsFor([]string{guard.ActionLock, guard.ActionSnooze})
	}
	n.sender.Send(note)
	return buttons
}

func buttonsFor(keys []string) []notify.Action {
	var out []notify.Action
	for _, k := range keys {
		if label, ok := actionLabel(k); ok {
			out = append(out, notify.Action{Key: k, Label: label})
		}
	}
	return out
}

// Answers is who hears of the buttons pressed: the controller.
type Answers interface {
	ReminderAnswered(lockID, key string)
	AlertAnswered(kind alerts.Kind, deviceID, key string)
}

// AnswerButtons hands the buttons pressed on reminders and on news to
// answers until the Sender closes its events. It blocks; run it on a
// goroutine of its own.
func (n *SenderNotifier) AnswerButtons(answers Answers) {
	for ev := range n.sender.Events() {
		routeEvent(ev, answers)
	}
}

// routeEvent hands one event to answers when it is a button pressed (or
// a click on the notification) on one of this app's tagged notifications.
// The action key comes from the notification server: the controller
// ignores keys it never offered.
func routeEvent(ev notify.Event, answers Answers) {
	kind, id, ok := strings.Cut(ev.Tag, ":")
	if !ok || ev.Action == "" || id == "" || kind == "" {
		return
	}
	if kind == remindKind {
		answers.ReminderAnswered(id, ev.Action)
		return
	}
	answers.AlertAnswered(alerts.Kind(kind), id, ev.Action)
}
