package controller

import (
	"context"
	"testing"
	"time"

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
