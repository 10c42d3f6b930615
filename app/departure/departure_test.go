package departure

import (
	"slices"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	home := []HomeNetwork{{UUID: "a1b2"}, {UUID: "c3d4", BSSID: "AA:BB:CC:00:11:22"}}
	tests := []struct {
		name string
		p    Primary
		want Place
	}{
		{"no connection at all", Primary{Path: "/"}, Away},
		{"no path", Primary{}, Away},
		{"home profile", Primary{Path: "/ac/1", UUID: "a1b2"}, Home},
		{"home profile, UUID in capitals", Primary{Path: "/ac/1", UUID: "A1B2"}, Home},
		{"another profile", Primary{Path: "/ac/1", UUID: "ffff"}, Away},
		{"dangling path", Primary{Path: "/ac/1", UUID: "a1b2", Dangling: true}, Unknown},
		{"UUID unreadable", Primary{Path: "/ac/1"}, Unknown},
		{"home SSID at home's access point", Primary{Path: "/ac/2", UUID: "c3d4", BSSID: "aa:bb:cc:00:11:22"}, Home},
		{"home SSID elsewhere", Primary{Path: "/ac/2", UUID: "c3d4", BSSID: "AA:BB:CC:99:99:99"}, Away},
		{"home SSID, access point unreadable", Primary{Path: "/ac/2", UUID: "c3d4"}, Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.p, home); got != tt.want {
				t.Errorf("Classify(%+v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
	if got := Classify(Primary{Path: "/ac/1", UUID: "a1b2"}, nil); got != Away {
		t.Errorf("with no home set: %v, want away", got)
	}
}

// step is one moment of a scenario on the fake clock: at (from the
// start), what was seen ("" nothing new), a wake, and the check made then.
type step struct {
	at    time.Duration
	seen  string
	woke  bool
	open  []string
	offer bool
}

var places = map[string]Place{"home": Home, "away": Away, "unknown": Unknown}

var frontOpen = []string{"Front Door"}

func TestTracker(t *testing.T) {
	const m = time.Minute
	tests := []struct {
		name  string
		steps []step
	}{
		{"home, away, back: one offer after three minutes, nothing on arrival", []step{
			{at: 0, seen: "home", open: frontOpen},
			{at: 1 * m, seen: "away", open: frontOpen},
			{at: 3*m + 59*time.Second, open: frontOpen},
			{at: 4 * m, open: frontOpen, offer: true},
			{at: 5 * m, open: frontOpen},
			{at: 30 * m, seen: "home", open: frontOpen},
			{at: 40 * m, open: frontOpen},
		}},
		{"a second departure offers again", []step{
			{at: 0, seen: "away", open: frontOpen},
			{at: 3 * m, open: frontOpen, offer: true},
			{at: 10 * m, seen: "home", open: frontOpen},
			{at: 11 * m, seen: "away", open: frontOpen},
			{at: 14 * m, open: frontOpen, offer: true},
		}},
		{"flapping Wi-Fi never offers", []step{
			{at: 0, seen: "home", open: frontOpen},
			{at: 1 * m, seen: "away", open: frontOpen},
			{at: 3 * m, seen: "home", open: frontOpen},
			{at: 4 * m, seen: "away", open: frontOpen},
			{at: 6*m + 30*time.Second, seen: "home", open: frontOpen},
			{at: 7 * m, seen: "away", open: frontOpen},
			{at: 9 * m, seen: "home", open: frontOpen},
			{at: 20 * m, open: frontOpen},
		}},
		{"away again and again without home between: the spell goes on", []step{
			{at: 0, seen: "away", open: frontOpen},
			{at: 2 * m, seen: "away", open: frontOpen},
			{at: 3 * m, open: frontOpen, offer: true},
		}},
		{"every lock locked: no offer; one unlocked later in the departure: the offer", []step{
			{at: 0, seen: "away"},
			{at: 5 * m},
			{at: 6 * m, open: frontOpen, offer: true},
			{at: 7 * m, open: []string{"Front Door", "Back Door"}},
		}},
		{"unknown is never left, and ends the spell", []step{
			{at: 0, seen: "unknown", open: frontOpen},
			{at: 10 * m, open: frontOpen},
			{at: 11 * m, seen: "away", open: frontOpen},
			{at: 13 * m, seen: "unknown", open: frontOpen},
			{at: 14 * m, open: frontOpen},
			{at: 14*m + 1, seen: "away", open: frontOpen},
			{at: 16 * m, open: frontOpen},
			{at: 17*m + 1, open: frontOpen, offer: true},
		}},
		{"nothing seen yet is unknown", []step{
			{at: 10 * m, open: frontOpen},
		}},
		{"time asleep is not time away", []step{
			{at: 0, seen: "home", open: frontOpen},
			{at: 1 * m, seen: "away", open: frontOpen},
			{at: 2 * m, woke: true, open: frontOpen},
			{at: 4 * m, open: frontOpen},
			{at: 4*m + 30*time.Second, seen: "home", open: frontOpen},
			{at: 60 * m, open: frontOpen},
		}},
	}
	start := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := New(0)
			for i, s := range tt.steps {
				now := start.Add(s.at)
				if s.woke {
					tr.Woke(now)
				}
				if s.seen != "" {
					tr.Seen(now, places[s.seen])
				}
				offer, ok := tr.Check(now, s.open)
				if ok != s.offer {
					t.Fatalf("step %d (at %v, seen %v, open %q): offer %v, want %v", i, s.at, s.seen, s.open, ok, s.offer)
				}
				if ok {
					if !slices.Equal(offer.Locks, s.open) || offer.Away < DefaultAfter {
						t.Errorf("step %d: offer %+v, want the open locks %q after at least %v", i, offer, s.open, DefaultAfter)
					}
				}
			}
		})
	}
}

// TestDue: the caller's timer fires when the away spell reaches the
// delay, and not at all at home or once this departure's offer is made.
func TestDue(t *testing.T) {
	start := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	tr := New(5 * time.Second) // UTEC_LEFT_HOME_AFTER's kind of delay
	if _, ok := tr.Due(); ok {
		t.Error("due with nothing seen")
	}
	tr.Seen(start, Home)
	if _, ok := tr.Due(); ok {
		t.Error("due at home")
	}
	tr.Seen(start.Add(time.Second), Away)
	if at, ok := tr.Due(); !ok || !at.Equal(start.Add(6*time.Second)) {
		t.Errorf("due %v %v, want 6 s after the start", at, ok)
	}
	if _, ok := tr.Check(start.Add(6*time.Second), frontOpen); !ok {
		t.Fatal("no offer when due")
	}
	if _, ok := tr.Due(); ok {
		t.Error("due again after the offer")
	}
}

// TestSetAfter: a shorter delay set during an away spell counts from the
// spell's start.
func TestSetAfter(t *testing.T) {
	start := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	tr := New(10 * time.Minute)
	tr.Seen(start, Away)
	if _, ok := tr.Check(start.Add(5*time.Minute), frontOpen); ok {
		t.Fatal("offer before the delay")
	}
	tr.SetAfter(4 * time.Minute)
	if _, ok := tr.Check(start.Add(5*time.Minute), frontOpen); !ok {
		t.Error("no offer five minutes into the spell with a delay of four")
	}
	tr.SetAfter(0)
	if tr.after != DefaultAfter {
		t.Errorf("after %v, want the default", tr.after)
	}
}
