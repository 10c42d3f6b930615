//go:build linux && !android

package tray

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/platform/notify"
	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// answered records what AnswerButtons hands on: the controller's part,
// tested in app/controller against the fake cloud.
type answered struct {
	mu  sync.Mutex
	got []string
	new chan struct{}
}

func (a *answered) add(s string) {
	a.mu.Lock()
	a.got = append(a.got, s)
	a.mu.Unlock()
	a.new <- struct{}{}
}
func (a *answered) ReminderAnswered(lockID, key string) { a.add("remind " + lockID + " " + key) }
func (a *answered) AlertAnswered(kind alerts.Kind, deviceID, key string) {
	a.add(string(kind) + " " + deviceID + " " + key)
}

// busNotifier is a SenderNotifier on a private session bus with the fake
// notification daemon, which offers buttons when withActions; delivered
// gets every delivery's result.
func busNotifier(t *testing.T, withActions bool) (*SenderNotifier, *dbustest.NotificationServer, <-chan notify.Result) {
	t.Helper()
	bus, conn := dbustest.TestBus(t)
	var opts []dbustest.ServerOption
	if withActions {
		opts = append(opts, dbustest.ServerWithActions())
	}
	daemon, err := dbustest.StartNotificationServer(conn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { daemon.Close() })
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address)
	delivered := make(chan notify.Result, 10)
	sender := notify.New(notify.Options{OnResult: func(r notify.Result) { delivered <- r }})
	t.Cleanup(func() { _ = sender.Close() })
	// Notify never waits for the server: learn what it offers first, as
	// the app does in the seconds before its first news.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if got, err := sender.SupportsActions(ctx); err != nil || got != withActions {
		t.Fatalf("SupportsActions = %v, %v; want %v", got, err, withActions)
	}
	return NewSenderNotifier(sender), daemon, delivered
}

func waitDelivered(t *testing.T, delivered <-chan notify.Result) notify.Result {
	t.Helper()
	select {
	case r := <-delivered:
		if r.Err != nil {
			t.Fatalf("delivery of %q failed: %v", r.Title, r.Err)
		}
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("nothing delivered within 5 s")
	}
	return notify.Result{}
}

// TestNewsOffersLockAndAnswers: "Back Door unlocked" by someone else
// shows a Lock button where the server has buttons, and pressing it
// reaches the controller with the news's kind and device.
func TestNewsOffersLockAndAnswers(t *testing.T) {
	n, daemon, delivered := busNotifier(t, true)
	answers := &answered{new: make(chan struct{}, 10)}
	done := make(chan struct{})
	go func() { defer close(done); n.AnswerButtons(answers) }()
	t.Cleanup(func() { _ = n.sender.Close(); <-done })

	n.Notify(alerts.Alert{Kind: alerts.LockChanged, DeviceID: "back", Title: "Back Door unlocked",
		Body: "By someone else at 10:41, not from this computer.", Actions: []string{alerts.ActionLock}})
	r := waitDelivered(t, delivered)
	note := daemon.Notifications()[0]
	if want := []string{"lock", "Lock"}; !slices.Equal(note.Actions, want) {
		t.Fatalf("buttons %q, want %q", note.Actions, want)
	}
	if err := daemon.EmitActionInvoked(r.ID, "lock"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-answers.new:
	case <-time.After(5 * time.Second):
		t.Fatal("the button press did not reach the controller within 5 s")
	}
	answers.mu.Lock()
	defer answers.mu.Unlock()
	if want := []string{"lock-changed back lock"}; !slices.Equal(answers.got, want) {
		t.Errorf("answers %q, want %q", answers.got, want)
	}
}

// TestNewsWithoutButtons: a server without buttons gets the news plain,
// and so does news that offers nothing.
func TestNewsWithoutButtons(t *testing.T) {
	n, daemon, delivered := busNotifier(t, false)
	n.Notify(alerts.Alert{Kind: alerts.LockChanged, DeviceID: "back", Title: "Back Door unlocked", Actions: []string{alerts.ActionLock}})
	waitDelivered(t, delivered)
	if got := daemon.Notifications()[0].Actions; len(got) != 0 {
		t.Errorf("buttons %q on a server without buttons", got)
	}
}

// maxLabelRunes is the longest button label that lxqt-notificationd
// shows whole; "Remind me in 30 min" became "Remind me…".
const maxLabelRunes = 8

// TestReminderButtonsAreShort: a reminder offers Lock and Later, and
// every label fits the narrowest server's buttons.
func TestReminderButtonsAreShort(t *testing.T) {
	n, daemon, delivered := busNotifier(t, true)
	if !n.Remind(guard.Reminder{LockID: "front", Title: "Front Door still unlocked", Body: "for 10 minutes"}) {
		t.Fatal("Remind says no buttons although the server has them")
	}
	waitDelivered(t, delivered)
	got := daemon.Notifications()[0].Actions
	if want := []string{guard.ActionLock, "Lock", guard.ActionSnooze, "Later"}; !slices.Equal(got, want) {
		t.Errorf("buttons %q, want %q", got, want)
	}
	// The English words; German and French ("Verriegeln", "Verrouiller")
	// are longer, as the glossary's verb for Lock must not change.
	for _, key := range actionKeys {
		label, _ := actionLabel(key)
		if n := len([]rune(label)); n > maxLabelRunes {
			t.Errorf("the %q button's label %q has %d characters, more than %d", key, label, n, maxLabelRunes)
		}
	}
}

// TestRouteEvent: which events reach which answer.
func TestRouteEvent(t *testing.T) {
	for _, tc := range []struct {
		ev   notify.Event
		want []string
	}{
		{notify.Event{Tag: "remind:front", Action: guard.ActionSnooze}, []string{"remind front snooze"}},
		{notify.Event{Tag: "lock-changed:back", Action: "lock"}, []string{"lock-changed back lock"}},
		{notify.Event{Tag: "lock-changed:id:with:colons", Action: "default"}, []string{"lock-changed id:with:colons default"}},
		{notify.Event{Tag: "lock-changed:back", Closed: true}, nil},
		{notify.Event{Tag: "", Action: "lock"}, nil},
		{notify.Event{Tag: "lock-changed:", Action: "lock"}, nil},
		{notify.Event{Tag: ":back", Action: "lock"}, nil},
	} {
		a := &answered{new: make(chan struct{}, 10)}
		routeEvent(tc.ev, a)
		if !slices.Equal(a.got, tc.want) {
			t.Errorf("%+v: answers %q, want %q", tc.ev, a.got, tc.want)
		}
	}
}

// FuzzRouteEvent: whatever key a server sends, an event reaches at most
// one answer, and only for a tag of this app's shape.
func FuzzRouteEvent(f *testing.F) {
	f.Add("lock-changed:back", "lock")
	f.Add("remind:front", "snooze")
	f.Add(":", "")
	f.Fuzz(func(t *testing.T, tag, key string) {
		a := &answered{new: make(chan struct{}, 10)}
		routeEvent(notify.Event{Tag: tag, Action: key}, a)
		if len(a.got) > 1 {
			t.Fatalf("one event gave %d answers", len(a.got))
		}
		if len(a.got) == 1 && (key == "" || tag == "") {
			t.Fatalf("tag %q key %q answered %q", tag, key, a.got)
		}
	})
}
