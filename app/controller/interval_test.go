package controller

import (
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
)

// TestFixedPollIntervalOutlivesSettingsChanges: the demo polls its cloud
// every few seconds (Options.Poller.Interval); changing a setting must not
// put it back on the person's idle interval of a minute or more.
func TestFixedPollIntervalOutlivesSettingsChanges(t *testing.T) {
	f := startWith(t, true, func(o *Options) {
		o.Poller.Interval = 50 * time.Millisecond
		o.Poller.FastFor = time.Nanosecond
	})
	f.home()
	f.ctrl.EditSettings(func(s *config.Settings) { s.Notify.OwnActions = !s.Notify.OwnActions })
	f.settle()
	polls := f.polls()
	time.Sleep(500 * time.Millisecond)
	if n := f.polls() - polls; n < 3 {
		t.Errorf("%d polls in 500 ms after a settings change, want one every 50 ms", n)
	}
}
