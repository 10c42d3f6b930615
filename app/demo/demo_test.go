package demo

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestLifeUnlocksTheBackDoorEarlyAndLongEnough: the demo's first event is
// someone coming in through the back door, soon after the start, and the
// door stays unlocked for Hold before they lock it behind them, so that a
// tray polling every PollInterval sees it.
func TestLifeUnlocksTheBackDoorEarlyAndLongEnough(t *testing.T) {
	d, err := Start(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	timing := Timing{First: 100 * time.Millisecond, Every: time.Hour, Hold: 300 * time.Millisecond}
	start := time.Now()
	go d.Life(ctx, timing)

	lockState := func() any { return d.Cloud.State(utectest.BackDoorID)["st.lock/lockState"] }
	waitFor := func(want string) time.Duration {
		t.Helper()
		for lockState() != want {
			if time.Since(start) > 5*time.Second {
				t.Fatalf("the back door is %v after 5 s, want %s", lockState(), want)
			}
			time.Sleep(5 * time.Millisecond)
		}
		return time.Since(start)
	}
	if got := lockState(); got != "locked" {
		t.Fatalf("the back door starts %v, want locked", got)
	}
	unlocked := waitFor("unlocked")
	locked := waitFor("locked")
	if unlocked < timing.First || unlocked > timing.First+time.Second {
		t.Errorf("unlocked after %v, want at First (%v)", unlocked, timing.First)
	}
	if held := locked - unlocked; held < timing.Hold-20*time.Millisecond {
		t.Errorf("unlocked for %v, want Hold (%v)", held, timing.Hold)
	}
}

// TestDefaultTimingIsSeenWithinAMinute: with the default pace and the
// demo's poll interval, the back door is unlocked within the first
// minute and for several polls.
func TestDefaultTimingIsSeenWithinAMinute(t *testing.T) {
	if DefaultTiming.First+PollInterval > 30*time.Second {
		t.Errorf("the first event (%v) plus a poll (%v) comes late in the first minute", DefaultTiming.First, PollInterval)
	}
	if DefaultTiming.Hold < 3*PollInterval {
		t.Errorf("a passing state lasts %v, under three polls of %v", DefaultTiming.Hold, PollInterval)
	}
}

// TestDemoHomeHasAPassageLockAndCodes: the demo shows a lock held open in
// Passage mode and a lock with guest codes, so that a newcomer sees what
// the app says of them.
func TestDemoHomeHasAPassageLockAndCodes(t *testing.T) {
	d, err := Start(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	st := d.Cloud.State(SideGateID)
	if mode, ok := st["st.lock/lockMode"]; !ok || fmt.Sprint(mode) != "1" {
		t.Errorf("the side gate's mode is %v, want Passage (1)", mode)
	}
	if n := len(d.Cloud.LockUsers(utectest.FrontDoorID)); n != 2 {
		t.Errorf("the front door has %d guest codes, want the demo's two", n)
	}
}
