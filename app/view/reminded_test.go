package view

import (
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/utec"
)

// TestRemindedRowIsMarked: where reminders have no buttons, the reminded
// lock's row says so, and only that row.
func TestRemindedRowIsMarked(t *testing.T) {
	s := snapshot(lock("F", "Front Door", utec.LockUnlocked, 80), lock("B", "Back Door", utec.LockUnlocked, 40))
	s.Reminded = []string{"F"}
	var marked []string
	for _, l := range labels(Build(s).Items, "") {
		if strings.HasSuffix(l, RemindedSuffix) {
			marked = append(marked, l)
		}
	}
	if len(marked) != 1 || !strings.HasPrefix(marked[0], "Front Door: Unlocked") {
		t.Errorf("marked rows %q, want the front door's", marked)
	}
}
