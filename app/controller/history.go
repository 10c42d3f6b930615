package controller

import (
	"errors"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/view"
)

func (c *Controller) history() history.Store { return history.Store{Dir: c.opts.ConfigDir} }

// record keeps the changes a poll found in the activity history. The
// person's own commands are left out: whoever sent one records it when the
// device confirms (commandDone here, the command line for its own).
func (c *Controller) record(st poller.State, activity []alerts.Activity) {
	var events []history.Event
	for _, a := range activity {
		if a.Own {
			continue
		}
		by := history.BySomeoneElse
		if d, ok := c.device(a.DeviceID); ok {
			if who := history.ReportedBy(&d.Status); who != "" {
				by = who
			}
		}
		events = append(events, history.Event{Time: st.LastPoll, ID: a.DeviceID, Name: a.Name, Event: a.Event, By: by})
	}
	c.remember(events)
}

// remember shows events in "Recent activity" and appends them to the
// history file, off the loop (another process may hold the file's lock
// for a moment).
func (c *Controller) remember(events []history.Event) {
	if len(events) == 0 {
		return
	}
	for _, e := range events {
		c.recent = append([]history.Event{e}, c.recent...)
	}
	if len(c.recent) > view.RecentItems {
		c.recent = c.recent[:view.RecentItems]
	}
	if c.opts.ConfigDir == "" {
		return
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		err := c.history().Append(events...)
		var damaged *history.DamagedError
		switch {
		case errors.As(err, &damaged):
			// Saved, in a new file: the old one is kept for the person.
			c.log.Warn("the activity history was damaged; it was kept aside and a new one started",
				"kept as", damaged.KeptAs, "err", damaged.Err)
		case err != nil:
			c.log.Warn("the activity history could not be saved", "err", err)
		}
	}()
}
