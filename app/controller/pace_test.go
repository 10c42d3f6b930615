package controller

import (
	"context"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/pace"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// awayPresence is a fake presence source (the real ones, in
// app/platform/presence, are tested on their own): nobody has touched the
// computer for an hour.
type awayPresence struct{}

func (awayPresence) Sample(context.Context) (time.Duration, bool) { return time.Hour, false }

// TestNeverSlowWhileUnlocked: with the person away the poller slows to the
// away pace; a lock unlocked by someone else, with its reminder to come,
// brings the pace back to fast until it is locked again.
func TestNeverSlowWhileUnlocked(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Poller.Presence = awayPresence{} })
	f.home()
	interval := func(want time.Duration) func() bool {
		return func() bool {
			mode, d := f.ctrl.poller.Pace()
			return mode == pace.Away && d == want
		}
	}
	f.waitFor("the away pace", interval(time.Minute))

	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.ctrl.Click(view.Action{Kind: view.RefreshNow})
	f.waitFor("the fast pace while the Front Door is unlocked", interval(10*time.Second))

	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "locked")
	f.ctrl.Click(view.Action{Kind: view.RefreshNow})
	f.waitFor("the away pace again once it is locked", interval(time.Minute))
}

// herePresence is a fake presence source: someone is typing.
type herePresence struct{}

func (herePresence) Sample(context.Context) (time.Duration, bool) { return 0, false }

// TestPaceFollowsTheSettings: the pace set in Settings → Checking applies
// from the next wait.
func TestPaceFollowsTheSettings(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Poller.Presence = herePresence{} })
	f.home()
	here := func(want time.Duration) func() bool {
		return func() bool {
			mode, d := f.ctrl.poller.Pace()
			return mode == pace.Here && d == want
		}
	}
	f.waitFor("the default pace while here", here(10*time.Second))
	f.ctrl.EditSettings(func(s *config.Settings) { s.PollHereSeconds = 30 })
	f.ctrl.Click(view.Action{Kind: view.RefreshNow})
	f.waitFor("the pace of the settings", here(30*time.Second))
}
