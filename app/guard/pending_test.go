package guard

import (
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
)

// TestPending: a lock left unlocked is pending from the first reading
// that shows it until it is locked, or until its last reminder went out.
func TestPending(t *testing.T) {
	s := config.Default()
	tr := New()
	if tr.Pending() {
		t.Fatal("pending before any reading")
	}
	tr.Check(home{front: locked, back: locked}.state(), s, start)
	if tr.Pending() {
		t.Error("pending with every lock locked")
	}
	tr.Check(home{front: unlocked, back: locked}.state(), s, start)
	if !tr.Pending() {
		t.Error("not pending with the front door unlocked")
	}
	after := time.Duration(s.RemindUnlockedMinutes) * time.Minute
	at := start
	for range MaxReminders {
		at = at.Add(after)
		tr.Check(home{front: unlocked, back: locked}.state(), s, at)
	}
	if tr.Pending() {
		t.Errorf("still pending after the last of %d reminders", MaxReminders)
	}
	tr.Check(home{front: locked, back: unlocked}.state(), s, at)
	if !tr.Pending() {
		t.Error("not pending with the back door unlocked")
	}
	s.Muted = []string{"B"}
	tr.Check(home{front: locked, back: unlocked}.state(), s, at)
	if tr.Pending() {
		t.Error("pending for a muted lock, which is never reminded of")
	}
}
