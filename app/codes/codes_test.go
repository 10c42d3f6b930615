package codes

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec"
)

func TestGenerate(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c, err := Generate()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != Length || c[0] == '0' || strings.Trim(c, "0123456789") != "" {
			t.Fatalf("code %q", c)
		}
		if err := (utec.NewLockUser{Name: "x", Code: c}).Validate(); err != nil {
			t.Fatalf("a generated code the client refuses: %q: %v", c, err)
		}
		seen[c] = true
	}
	if len(seen) < 190 {
		t.Errorf("only %d different codes in 200", len(seen))
	}
}

func TestParse(t *testing.T) {
	if d, err := ParseDays("Mon, thu,mon"); err != nil || !slices.Equal(d, []time.Weekday{time.Monday, time.Thursday}) {
		t.Errorf("days %v %v", d, err)
	}
	if _, err := ParseDays("mon,funday"); err == nil {
		t.Error("funday accepted")
	}
	if from, to, err := ParseHours("09:00-12:30"); err != nil || from != "09:00" || to != "12:30" {
		t.Errorf("hours %q %q %v", from, to, err)
	}
	for _, bad := range []string{"9-12", "12:00-09:00", "09:00"} {
		if _, _, err := ParseHours(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	end, err := ParseDate("2026-12-20", time.UTC, true)
	if err != nil || end.Format("2006-01-02 15:04") != "2026-12-20 23:59" {
		t.Errorf("end of day %v %v", end, err)
	}
	if _, err := ParseDate("20/12/2026", time.UTC, false); err == nil {
		t.Error("a foreign date format accepted")
	}
}

func TestFind(t *testing.T) {
	users := []utec.LockUser{{ID: 1001, Name: "Cleaner"}, {ID: 1002, Name: "Dog walker"}, {ID: 1003, Name: "dog walker"}}
	if u, err := Find(users, "cleaner"); err != nil || u.ID != 1001 {
		t.Errorf("by name: %v %v", u, err)
	}
	if u, err := Find(users, "1003"); err != nil || u.ID != 1003 {
		t.Errorf("by id: %v %v", u, err)
	}
	if _, err := Find(users, "Dog Walker"); err == nil || !strings.Contains(err.Error(), "2 codes") {
		t.Errorf("two of a name: %v", err)
	}
	if _, err := Find(users, "Nobody"); err == nil {
		t.Error("found nobody")
	}
}

func TestParseEvent(t *testing.T) {
	for _, tc := range []struct {
		event string
		added bool
		name  string
		ok    bool
	}{
		{Event(true, "Ann"), true, "Ann", true},
		{Event(false, "Cleaner of the week"), false, "Cleaner of the week", true},
		{Event(false, "Bob removed"), false, "Bob removed", true},
		{"unlocked", false, "", false},
		{"code given to ", false, "", false},
		{"code of  removed", false, "", false},
	} {
		added, name, ok := ParseEvent(tc.event)
		if added != tc.added || name != tc.name || ok != tc.ok {
			t.Errorf("ParseEvent(%q) = %v, %q, %v; want %v, %q, %v", tc.event, added, name, ok, tc.added, tc.name, tc.ok)
		}
	}
}
