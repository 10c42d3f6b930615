package pace

import (
	"testing"
	"time"
)

func TestDecide(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	iv := Defaults
	cases := []struct {
		name     string
		f        Facts
		mode     Mode
		interval time.Duration
	}{
		{"fresh input is here", Facts{Idle: 0, Now: now}, Here, 10 * time.Second},
		{"just under away threshold", Facts{Idle: 5*time.Minute - time.Second, Now: now}, Here, 10 * time.Second},
		{"at away threshold", Facts{Idle: 5 * time.Minute, Now: now}, Away, time.Minute},
		{"locked beats idle", Facts{Idle: time.Hour, Locked: true, Now: now}, Locked, 5 * time.Minute},
		{"locked with fresh input", Facts{Locked: true, Now: now}, Locked, 5 * time.Minute},
		{"away but reminder pending stays fast", Facts{Idle: time.Hour, ReminderDue: true, Now: now}, Away, 10 * time.Second},
		{"locked but reminder pending stays fast", Facts{Locked: true, ReminderDue: true, Now: now}, Locked, 10 * time.Second},
		{"away within 2 min of a command", Facts{Idle: time.Hour, LastCommand: now.Add(-119 * time.Second), Now: now}, Away, 10 * time.Second},
		{"away 2 min after a command", Facts{Idle: time.Hour, LastCommand: now.Add(-2 * time.Minute), Now: now}, Away, time.Minute},
		{"locked within 2 min of a command", Facts{Locked: true, LastCommand: now.Add(-time.Second), Now: now}, Locked, 10 * time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mode, d := iv.Decide(c.f)
			if mode != c.mode || d != c.interval {
				t.Errorf("Decide = %v, %v; want %v, %v", mode, d, c.mode, c.interval)
			}
		})
	}
}

func TestQueryNowOnReturn(t *testing.T) {
	cases := []struct {
		before, after Mode
		want          bool
	}{
		{Away, Here, true}, {Locked, Here, true}, {Here, Here, false},
		{Here, Away, false}, {Here, Locked, false}, {Away, Locked, false},
	}
	for _, c := range cases {
		if got := QueryNow(c.before, c.after); got != c.want {
			t.Errorf("QueryNow(%v, %v) = %v, want %v", c.before, c.after, got, c.want)
		}
	}
}

func TestModeWords(t *testing.T) {
	for m, want := range map[Mode]string{Here: "here", Away: "away", Locked: "screen locked"} {
		if m.String() != want {
			t.Errorf("%d.String() = %q, want %q", m, m.String(), want)
		}
	}
}
