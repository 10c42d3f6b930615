package controller

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/departure"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// The networks of these tests, as the watcher reports them.
var (
	homeWiFi = Network{Known: true, Wireless: true, Primary: departure.Primary{Path: "/ac/1", UUID: "home-uuid", BSSID: "AA:BB:CC:00:11:22"}}
	cafeWiFi = Network{Known: true, Wireless: true, Primary: departure.Primary{Path: "/ac/2", UUID: "cafe-uuid", BSSID: "DE:AD:BE:EF:00:01"}}
	offline  = Network{Known: true, Primary: departure.Primary{Path: "/"}}
	dangling = Network{Known: true, Primary: departure.Primary{Path: "/ac/1", Dangling: true}}
	noNM     = Network{}
)

// startLeaving starts the controller on a moving clock with the home
// Wi-Fi marked as home, no reminders, and the given locks unlocked.
func startLeaving(t *testing.T, unlocked ...string) (*fixture, *clock) {
	t.Helper()
	clk := &clock{now: time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)}
	f := startWith(t, true, func(o *Options) {
		o.Now = clk.Now
		o.ReminderTick = 10 * time.Millisecond
		o.Settings.RemindUnlockedMinutes = 0
		o.Settings.Notify.OwnActions = true // the Lock's follow-up
		o.Settings.AddHomeNetwork(config.HomeNetwork{UUID: "home-uuid"})
	})
	f.home()
	for _, id := range unlocked {
		f.cloud.SetState(id, "st.lock", "lockState", "unlocked")
	}
	if len(unlocked) > 0 {
		f.click("Refresh now", "")
		f.waitFor("the unlocked lock", func() bool { return f.hasLabel("Front Door: Unlocked") })
	}
	return f, clk
}

func (f *fixture) offers() []alerts.Alert {
	var out []alerts.Alert
	for _, a := range f.desk.notifications() {
		if a.Kind == KindLeftHome {
			out = append(out, a)
		}
	}
	return out
}

// settleLoop lets the loop and its 10 ms ticks run on the moved clock.
func settleLoop() { time.Sleep(100 * time.Millisecond) }

func (f *fixture) recentHas(part string) bool {
	for _, e := range f.ctrl.View().Snapshot.Recent {
		if strings.Contains(e.Line(time.UTC), part) {
			return true
		}
	}
	return false
}

// TestLeftHomeOfferLock: three minutes off the home Wi-Fi with the front
// door unlocked give one offer, with Lock and Ignore; Lock locks the door
// as the news's Lock does, without a question, and Recent activity says
// so.
func TestLeftHomeOfferLock(t *testing.T) {
	f, clk := startLeaving(t, utectest.FrontDoorID)
	f.ctrl.NetworkChanged(homeWiFi)
	f.ctrl.NetworkChanged(offline)
	settleLoop()
	clk.add(2*time.Minute + 59*time.Second)
	settleLoop()
	if got := f.offers(); len(got) != 0 {
		t.Fatalf("offered before three minutes: %+v", got)
	}
	clk.add(time.Second)
	f.waitFor("the offer", func() bool { return len(f.offers()) == 1 })
	offer := f.offers()[0]
	if offer.Title != "You left home Wi-Fi" || offer.Body != "Front Door is unlocked" {
		t.Errorf("offer %q / %q", offer.Title, offer.Body)
	}
	if !slices.Equal(offer.Actions, []string{alerts.ActionLock, ActionIgnore}) {
		t.Errorf("buttons %q, want Lock and Ignore", offer.Actions)
	}
	f.waitFor("the offer in Recent activity", func() bool {
		return f.recentHas("Front Door unlocked (you left home: offered to lock)")
	})
	f.ctrl.NetworkChanged(cafeWiFi) // another network, the same departure
	clk.add(30 * time.Minute)
	settleLoop()
	if n := len(f.offers()); n != 1 {
		t.Fatalf("%d offers in one departure, want 1", n)
	}
	if got := lockCommands(f.cloud); len(got) != 0 {
		t.Fatalf("locked before the button: %q", got)
	}
	f.ctrl.AlertAnswered(offer.Kind, offer.DeviceID, "default") // a click on the notification itself
	f.ctrl.AlertAnswered(offer.Kind, offer.DeviceID, alerts.ActionLock)
	f.waitFor("locked", func() bool { return f.hasLabel("Front Door: Locked") })
	if got := lockCommands(f.cloud); !slices.Equal(got, []string{utectest.FrontDoorID}) {
		t.Errorf("Lock commands %q, want the front door's once", got)
	}
	if len(f.desk.confirms) != 0 {
		t.Error("locking from the offer asked a question")
	}
	f.waitFor("the follow-up", func() bool {
		return slices.ContainsFunc(f.desk.notifications(), func(a alerts.Alert) bool {
			return a.Kind == alerts.CommandDone && strings.HasPrefix(a.Title, "Front Door is locked")
		})
	})
	// A second press (the server repeats it) locks nothing more.
	f.ctrl.AlertAnswered(offer.Kind, offer.DeviceID, alerts.ActionLock)
	settleLoop()
	if got := lockCommands(f.cloud); len(got) != 1 {
		t.Errorf("Lock commands %q after a second press, want one", got)
	}
}

// TestLeftHomeIgnore: two locks open are named in one offer; Ignore
// locks nothing and says so in Recent activity. Back home, nothing; the
// next departure offers again.
func TestLeftHomeIgnore(t *testing.T) {
	f, clk := startLeaving(t, utectest.FrontDoorID, utectest.BackDoorID)
	f.ctrl.NetworkChanged(homeWiFi)
	f.ctrl.NetworkChanged(offline)
	settleLoop()
	clk.add(3 * time.Minute)
	f.waitFor("the offer", func() bool { return len(f.offers()) == 1 })
	offer := f.offers()[0]
	if !strings.Contains(offer.Body, " and ") || !strings.HasSuffix(offer.Body, " are unlocked") ||
		!strings.Contains(offer.Body, "Front Door") || !strings.Contains(offer.Body, "Back Door") {
		t.Errorf("body %q, want both doors and the plural", offer.Body)
	}
	f.ctrl.AlertAnswered(offer.Kind, offer.DeviceID, ActionIgnore)
	f.waitFor("the ignore noted", func() bool { return f.recentHas("Back Door unlocked (you left home: you chose Ignore)") })
	if got := lockCommands(f.cloud); len(got) != 0 {
		t.Errorf("Ignore locked %q", got)
	}
	f.ctrl.NetworkChanged(homeWiFi)
	clk.add(time.Hour)
	settleLoop()
	if n := len(f.offers()); n != 1 {
		t.Fatalf("%d offers after coming home, want still 1", n)
	}
	f.ctrl.NetworkChanged(offline)
	settleLoop()
	clk.add(3 * time.Minute)
	f.waitFor("the second departure's offer", func() bool { return len(f.offers()) == 2 })
	// The first offer's buttons are spent.
	f.ctrl.AlertAnswered(offer.Kind, offer.DeviceID, alerts.ActionLock)
	settleLoop()
	if got := lockCommands(f.cloud); len(got) != 0 {
		t.Errorf("the old offer's Lock locked %q", got)
	}
}

// TestLeftHomeNever: what is not "left" never offers — a dangling or
// unreadable connection, no NetworkManager, every lock locked, no home
// network marked yet — and marking the network home ends a spell.
func TestLeftHomeNever(t *testing.T) {
	tests := []struct {
		name     string
		unlocked bool
		seen     []Network
		edit     func(*config.Settings)
	}{
		{"dangling after home", true, []Network{homeWiFi, dangling}, nil},
		{"no NetworkManager", true, []Network{noNM}, nil},
		{"every lock locked", false, []Network{homeWiFi, offline}, nil},
		{"this network marked home while away", true, []Network{cafeWiFi},
			func(s *config.Settings) { s.AddHomeNetwork(config.HomeNetwork{UUID: "cafe-uuid"}) }},
		{"arrival", true, []Network{offline, homeWiFi}, nil},
		{"no home network marked", true, []Network{homeWiFi, offline},
			func(s *config.Settings) { s.RemoveHomeNetwork(config.HomeNetwork{UUID: "home-uuid"}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f *fixture
			var clk *clock
			if tt.unlocked {
				f, clk = startLeaving(t, utectest.FrontDoorID)
			} else {
				f, clk = startLeaving(t)
			}
			for _, n := range tt.seen {
				f.ctrl.NetworkChanged(n)
			}
			if tt.edit != nil {
				f.ctrl.EditSettings(tt.edit)
			}
			settleLoop()
			clk.add(time.Hour)
			settleLoop()
			if got := f.offers(); len(got) != 0 {
				t.Errorf("offered %+v", got)
			}
		})
	}
}

// TestLeftHomeDelaySetting: the delay is the setting's.
func TestLeftHomeDelaySetting(t *testing.T) {
	f, clk := startLeaving(t, utectest.FrontDoorID)
	f.ctrl.EditSettings(func(s *config.Settings) { s.LeftHomeMinutes = 10 })
	f.ctrl.NetworkChanged(homeWiFi)
	f.ctrl.NetworkChanged(offline)
	settleLoop()
	clk.add(9 * time.Minute)
	settleLoop()
	if got := f.offers(); len(got) != 0 {
		t.Fatalf("offered after 9 of 10 minutes: %+v", got)
	}
	clk.add(time.Minute)
	f.waitFor("the offer", func() bool { return len(f.offers()) == 1 })
	if f.offers()[0].Title != "You left home Wi-Fi" {
		t.Errorf("title %q", f.offers()[0].Title)
	}
}

// TestLeftHomeWaitsForThePause: with notifications paused the offer waits
// for the end of the pause, and then comes once.
func TestLeftHomeWaitsForThePause(t *testing.T) {
	f, clk := startLeaving(t, utectest.FrontDoorID)
	f.click("Pause notifications for 1 hour", "")
	f.ctrl.NetworkChanged(homeWiFi)
	f.ctrl.NetworkChanged(offline)
	settleLoop()
	clk.add(30 * time.Minute)
	settleLoop()
	if got := f.offers(); len(got) != 0 {
		t.Fatalf("offered during the pause: %+v", got)
	}
	clk.add(31 * time.Minute)
	f.waitFor("the offer after the pause", func() bool { return len(f.offers()) == 1 })
	clk.add(time.Hour)
	settleLoop()
	if n := len(f.offers()); n != 1 {
		t.Errorf("%d offers, want 1", n)
	}
}
