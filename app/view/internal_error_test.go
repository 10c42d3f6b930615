package view

import (
	"slices"
	"testing"

	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/utec"
)

// A poll that panicked is a bug in this app, not a cloud that cannot be
// reached: the first line says so and where to look, and the "Cloud
// unreachable since" line does not appear.
func TestInternalErrorInTheFirstLine(t *testing.T) {
	t.Parallel()
	s := snapshot(lock("L1", "Front Door", utec.LockUnlocked, 80))
	s.Poll.FailingSince = now
	s.Poll.LastErr = &panics.Error{Where: "poll", Value: "boom"}
	m := Build(s)
	if want := "Front Door unlocked · Internal error — details in the log"; m.Summary != want || m.Items[0].Label != want {
		t.Errorf("first line %q, want %q", m.Items[0].Label, want)
	}
	if slices.ContainsFunc(m.Items, func(it Item) bool { return it.Label == "Cloud unreachable since 14:05, retrying" }) {
		t.Errorf("an internal error is shown as the cloud failing: %q", labels(m.Items, ""))
	}
}
