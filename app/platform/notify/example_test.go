package notify_test

import (
	"log/slog"
	"strings"

	"github.com/utec-tray/utec-tray/app/platform/notify"
)

// A tray's event loop sends from its own goroutine (Send never waits)
// and hears the buttons on the same select as its other inputs.
func Example() {
	sender := notify.New(notify.Options{Logger: slog.Default()})
	defer sender.Close()

	reminder := notify.Notification{
		Title:   "Front Door still unlocked",
		Body:    "for 10 minutes",
		Urgency: notify.UrgencyCritical,
		Tag:     "remind:front-door", // replaces the previous reminder
	}
	// Without waiting: false until the server has answered.
	if supported, _ := sender.SupportsActionsNow(); supported {
		reminder.Actions = []notify.Action{{Key: "lock", Label: "Lock"}, {Key: "snooze", Label: "Remind me in 30 min"}}
	}
	sender.Send(reminder)

	for ev := range sender.Events() {
		lockID, ok := strings.CutPrefix(ev.Tag, "remind:")
		switch {
		case !ok || ev.Closed:
		case ev.Action == "lock":
			_ = lockID // send Lock, as the menu does
		case ev.Action == "snooze":
			// remind again in 30 minutes
		}
	}
}
