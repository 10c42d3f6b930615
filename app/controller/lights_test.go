package controller

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// switchCommands lists the devices the cloud got the switch command verb
// ("on" or "off") for, in order, and the requests that carried any.
func switchCommands(cloud *utectest.Server, verb string) (ids []string, requests int) {
	for _, r := range cloud.Requests() {
		carried := false
		for _, c := range r.Commands {
			id, cmd, _ := strings.Cut(c, " ")
			if strings.EqualFold(cmd, "st.switch."+verb) {
				ids, carried = append(ids, id), true
			}
		}
		if carried {
			requests++
		}
	}
	return ids, requests
}

// lightsFollow chooses the lamp and the coffee maker to go off when the
// person leaves, and to come back on.
func lightsFollow(o *Options) {
	for _, id := range []string{utectest.BulbID, utectest.PlugID} {
		o.Settings.SetLightOffWhenAway(id, true)
		o.Settings.SetLightBackOn(id, true)
	}
	o.Settings.RemindUnlockedMinutes = 0
}

func switchState(cloud *utectest.Server, id string) string {
	v, _ := cloud.State(id)["st.switch/switch"].(string)
	return v
}

// TestLightsFollowTheScreenLock: the screen lock turns off the chosen
// light that is on (the plug is off already: nothing sent to it), never a
// lock; the unlock turns back on only what utec-tray turned off, and
// Recent activity says both.
func TestLightsFollowTheScreenLock(t *testing.T) {
	g := &guardRec{}
	f := startWatched(t, true, g, lightsFollow)
	f.home()
	if g.last() != [2]bool{true, true} {
		t.Errorf("the guard was told %v, want sleep and screen for the lights", g.last())
	}
	f.cloud.ResetRequests()
	f.ctrl.ScreenLocked()
	f.waitFor("the lamp off", func() bool { return switchState(f.cloud, utectest.BulbID) == "off" })
	f.waitFor("the lamp in Recent activity", func() bool {
		return hasChild(f, "Living Room Lamp turned off (from this computer, screen locked)")
	})
	if off, _ := switchCommands(f.cloud, "off"); !slices.Equal(off, []string{utectest.BulbID}) {
		t.Errorf("Off sent to %q, want the lamp only (the plug was off)", off)
	}
	if locks := lockCommands(f.cloud); len(locks) != 0 {
		t.Errorf("a lock got Lock with only lights chosen: %q", locks)
	}

	f.cloud.ResetRequests()
	f.ctrl.ScreenUnlocked()
	f.waitFor("the lamp back on", func() bool { return switchState(f.cloud, utectest.BulbID) == "on" })
	f.waitFor("the return in Recent activity", func() bool {
		return hasChild(f, "Living Room Lamp turned on (from this computer, you came back)")
	})
	if on, _ := switchCommands(f.cloud, "on"); !slices.Equal(on, []string{utectest.BulbID}) {
		t.Errorf("On sent to %q, want the lamp only: the plug was off before", on)
	}

	// A second unlock is no second return.
	f.cloud.ResetRequests()
	f.ctrl.ScreenUnlocked()
	f.click("Refresh now", "")
	f.ctrl.sync()
	if on, _ := switchCommands(f.cloud, "on"); len(on) != 0 {
		t.Errorf("On sent again to %q", on)
	}
}

// TestLightTurnedOnMeanwhileIsLeftAlone: someone turned the lamp back on
// while the screen was locked: the return sends it nothing, and forgets
// it (it is theirs now: a later return does not turn it on either).
func TestLightTurnedOnMeanwhileIsLeftAlone(t *testing.T) {
	f := startWith(t, true, lightsFollow)
	f.home()
	f.ctrl.ScreenLocked()
	f.waitFor("the lamp off", func() bool { return f.hasLabel("Living Room Lamp: Off") })
	f.cloud.SetState(utectest.BulbID, "st.switch", "switch", "on")
	f.cloud.ResetRequests()
	f.ctrl.ScreenUnlocked()
	f.waitFor("a poll showing the lamp on", func() bool { return f.hasLabel("Living Room Lamp: On") })
	f.ctrl.sync()
	// Someone turns it off by hand; the next screen lock and unlock find
	// nothing of utec-tray's to turn back on.
	f.cloud.SetState(utectest.BulbID, "st.switch", "switch", "off")
	f.click("Refresh now", "")
	f.waitFor("a poll showing the lamp off", func() bool { return f.hasLabel("Living Room Lamp: Off") })
	f.ctrl.ScreenLocked()
	f.ctrl.ScreenUnlocked()
	f.click("Refresh now", "")
	f.ctrl.sync()
	if on, _ := switchCommands(f.cloud, "on"); len(on) != 0 {
		t.Errorf("On sent to %q, which someone else turned on and off", on)
	}
}

// TestLightsOffBeforeSleep: the lights go off in the same request as the
// lock, inside the sleep's delay; a wake with no locked screen is the
// return; a wake onto a locked screen waits for the unlock.
func TestLightsOffBeforeSleep(t *testing.T) {
	for _, screenLocked := range []bool{false, true} {
		name := "wake"
		if screenLocked {
			name = "wake onto a locked screen"
		}
		t.Run(name, func(t *testing.T) {
			f := startWith(t, true, func(o *Options) {
				lightsFollow(o)
				o.Settings.SetLockOnSleep(utectest.FrontDoorID, true)
			})
			f.home()
			f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
			f.cloud.SetState(utectest.PlugID, "st.switch", "switch", "on")
			f.click("Refresh now", "")
			f.waitFor("the unlocked door", func() bool { return f.hasLabel("Front Door unlocked") })
			f.cloud.ResetRequests()
			ctx, cancel := context.WithTimeout(t.Context(), 4*time.Second)
			defer cancel()
			f.ctrl.LockForSleep(ctx)
			off, requests := switchCommands(f.cloud, "off")
			if !slices.Equal(off, []string{utectest.BulbID, utectest.PlugID}) || requests != 1 {
				t.Errorf("before sleeping Off went to %q in %d requests, want lamp and plug", off, requests)
			}
			if n := f.commands(); n != 1 {
				t.Errorf("%d Command requests before sleeping, want the locks and lights in one", n)
			}
			f.waitFor("the lights in Recent activity", func() bool {
				return hasChild(f, "Coffee Maker turned off (from this computer, before sleeping)")
			})
			f.waitFor("the lock to act", func() bool { return f.cloud.State(utectest.FrontDoorID)["st.lock/lockState"] == "locked" })
			if screenLocked {
				// Locked as the computer slept: nothing more to turn off.
				f.cloud.ResetRequests()
				f.ctrl.ScreenLocked()
				f.ctrl.sync()
				if n := f.commands(); n != 0 {
					t.Errorf("the screen lock after the sleep sent %d commands, want none", n)
				}
			}
			f.cloud.ResetRequests()
			f.ctrl.Woke()
			f.waitFor("the sleep's report", func() bool { return f.desk.notified("Locked Front Door before sleeping") })
			f.ctrl.sync()
			if screenLocked {
				if on, _ := switchCommands(f.cloud, "on"); len(on) != 0 {
					t.Fatalf("On sent to %q before the screen was unlocked", on)
				}
				f.ctrl.ScreenUnlocked()
			}
			f.waitFor("both back on", func() bool {
				return switchState(f.cloud, utectest.BulbID) == "on" && switchState(f.cloud, utectest.PlugID) == "on"
			})
		})
	}
}

// TestLightsChoiceIsOptIn: by default nothing is watched for the lights,
// and a lock in the lights' list changes nothing.
func TestLightsChoiceIsOptIn(t *testing.T) {
	g := &guardRec{}
	f := startWatched(t, true, g, func(o *Options) {
		o.Settings.SetLightOffWhenAway(utectest.FrontDoorID, true)
	})
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlocked door", func() bool { return f.hasLabel("Front Door unlocked") })
	f.cloud.ResetRequests()
	f.ctrl.ScreenLocked()
	f.ctrl.sync()
	f.ctrl.ScreenUnlocked()
	f.ctrl.sync()
	if n := f.commands(); n != 0 {
		t.Errorf("%d commands for a lock listed as a light", n)
	}
	f.ctrl.EditSettings(func(s *config.Settings) { s.LightsOffWhenAway = nil })
	f.waitFor("the guard told", func() bool { return g.last() == [2]bool{false, false} })
}
