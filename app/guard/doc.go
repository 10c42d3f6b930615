// Package guard holds the rules of "guard the house": when to remind the
// person that a lock is still unlocked (after the lock's delay, again
// every delay, at most MaxReminders times, then not until it has been
// locked once), which locks to lock when this computer sleeps or locks its
// screen, and what the report after the wake says. It knows nothing of
// notifications, D-Bus or the clock: the controller hands it the poller's
// state, the settings and the time, and shows what it returns.
//
// The feature's other rooms: its loop is app/controller/guard.go, the
// watcher of sleep and screen lock app/platform/sessionwatch, and its
// windows app/ui/settingsui/guard.go and app/ui/wizard/guard.go.
package guard
