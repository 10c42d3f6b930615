package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestGuestCodes gives a temporary code from the command line, lists it,
// and takes it back. The code is printed once, at creation, and is in
// neither the list nor the activity history.
func TestGuestCodes(t *testing.T) {
	cloud, secrets := signedIn(t)
	r := runCLI(t, cloud, secrets, "code", "add", "Front Door", "--name", "Cleaner", "--code", "482913",
		"--from", "2026-12-08", "--to", "2026-12-20", "--days", "mon,thu", "--hours", "09:00-12:00", "--uses", "10")
	if r.code != ExitOK || r.stdout != "Code for “Cleaner” on “Front Door”: 482913\n" {
		t.Fatalf("code add: %d %q %q", r.code, r.stdout, r.stderr)
	}
	held := cloud.LockUsers(utectest.FrontDoorID)
	if len(held) != 1 || held[0].Code != 482913 || held[0].Kind != 2 {
		t.Fatalf("the lock holds %+v", held)
	}
	r = runCLI(t, cloud, secrets, "codes", "front door", "--json")
	var listed []codeJSON
	if r.code != ExitOK || json.Unmarshal([]byte(r.stdout), &listed) != nil || len(listed) != 1 ||
		listed[0].Name != "Cleaner" || listed[0].Kind != "temporary" || listed[0].Code != "" {
		t.Fatalf("codes --json: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "482913") {
		t.Error("the list shows the code")
	}
	r = runCLI(t, cloud, secrets, "code", "delete", "Front Door", "cleaner")
	if r.code != ExitOK || len(cloud.LockUsers(utectest.FrontDoorID)) != 0 {
		t.Fatalf("code delete: %d %q %q, held %+v", r.code, r.stdout, r.stderr, cloud.LockUsers(utectest.FrontDoorID))
	}
	events, err := history.Store{Dir: os.Getenv("UTEC_TRAY_CONFIG_DIR")}.Load()
	if err != nil || len(events) != 2 {
		t.Fatalf("history %+v, %v", events, err)
	}
	for _, e := range events {
		if strings.Contains(e.Event, "482913") || !strings.Contains(e.Event, "Cleaner") {
			t.Errorf("history event %q", e.Event)
		}
	}
}

func TestGuestCodeMistakes(t *testing.T) {
	cloud, secrets := signedIn(t)
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"code", "add", "Front Door", "--name", "A", "--code", "0123"}, ExitUsage, "not start with 0"},
		{[]string{"code", "add", "Front Door", "--name", "A", "--from", "2026-12-08"}, ExitUsage, "both --from and --to"},
		{[]string{"code", "add", "Front Door", "--name", "A", "--from", "2026-12-08", "--to", "2026-12-09", "--days", "funday"}, ExitUsage, "not a day"},
		{[]string{"code", "add", "Coffee Maker", "--name", "A"}, ExitFailed, "not a lock"},
		{[]string{"code", "delete", "Front Door", "Nobody"}, ExitFailed, "no code named"},
		{[]string{"code", "frobnicate"}, ExitUsage, "code add LOCK"},
	} {
		r := runCLI(t, cloud, secrets, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.says) {
			t.Errorf("%q: %d %q, want %d saying %q", tc.args, r.code, r.stderr, tc.code, tc.says)
		}
	}
	// A code made for the person: six digits, shown once.
	r := runCLI(t, cloud, secrets, "code", "add", "Back Door", "--name", "Dog walker", "--json")
	var made codeJSON
	if r.code != ExitOK || json.Unmarshal([]byte(r.stdout), &made) != nil || len(made.Code) != 6 || made.Kind != "permanent" {
		t.Errorf("a generated code: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
