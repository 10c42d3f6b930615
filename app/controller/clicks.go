package controller

import (
	"context"
	"time"

	"github.com/utec-tray/utec-tray/app/action"
	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/signin"
	"github.com/utec-tray/utec-tray/app/traymenu"
	"github.com/utec-tray/utec-tray/utec"
)

// pauseFor is how long "Pause notifications" lasts.
const pauseFor = time.Hour

// commandTimeout bounds one command from the click to the device's
// confirmation (U-Tec's locks have been seen to take 40 s).
const commandTimeout = 2 * time.Minute

// Click handles a click on a menu item. It returns at once.
func (c *Controller) Click(a traymenu.Action) {
	c.post(func() { c.click(a) })
}

func (c *Controller) click(a traymenu.Action) {
	switch a.Kind {
	case traymenu.DeviceAction:
		c.deviceAction(a.DeviceID, a.Do, a.Confirm)
	case traymenu.LockAll:
		s := c.snapshot()
		for _, id := range traymenu.LockAllTargets(&s) {
			c.deviceAction(id, action.Action{Verb: action.Lock}, false)
		}
	case traymenu.RefreshNow:
		c.poller.Refresh(true)
	case traymenu.OpenSettings:
		c.desktop.ShowSettings()
	case traymenu.StartSignIn:
		c.startSignIn()
	case traymenu.StartSignOut:
		// Signing out stops the tray until the person signs in again:
		// ask first.
		c.desktop.ConfirmSignOut(func() { c.post(func() { c.signOut(false, nil) }) })
	case traymenu.PauseNotifications:
		c.pausedUntil = c.opts.Now().Add(pauseFor)
		c.render()
		c.wg.Add(1)
		go func() {
			// Show that the pause is over without waiting for another change.
			defer c.wg.Done()
			select {
			case <-time.After(pauseFor):
				c.post(c.render)
			case <-c.ctx.Done():
			}
		}()
	case traymenu.ResumeNotifications:
		c.pausedUntil = time.Time{}
		c.render()
	case traymenu.OpenQuickPanel:
		c.desktop.ShowPanel()
	case traymenu.Quit:
		c.cancel()
		c.desktop.Quit()
	}
}

// deviceAction sends a person's command to a device, after asking when
// ask is set (unlocking). One command per device at a time.
func (c *Controller) deviceAction(id string, a action.Action, ask bool) {
	d, ok := c.device(id)
	if !ok {
		return
	}
	if _, busy := c.pending[id]; busy {
		return
	}
	if err := a.Fits(&d.Device); err != nil {
		c.notify(alerts.Alert{Kind: alerts.CommandFailed, DeviceID: id, Title: err.Error()})
		return
	}
	if ask {
		c.desktop.ConfirmUnlock(d.Device.Name, func() {
			c.post(func() { c.deviceAction(id, a, false) })
		})
		return
	}
	device := d.Device
	c.pending[id] = a
	c.tracker.ExpectOwn(id, a, c.opts.Now())
	c.render()
	c.poller.Burst()
	c.log.Info("command", "device", device.Name, "action", a.Verb)
	go func() {
		out, err := c.execute(device, a)
		c.post(func() { c.commandDone(device, a, out, err) })
	}()
}

// execute sends the command and waits for the device, off the loop.
func (c *Controller) execute(d utec.Device, a action.Action) (utec.Outcome, error) {
	client, err := c.sess.Client()
	if err != nil {
		return utec.Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(c.ctx, commandTimeout)
	defer cancel()
	return client.Execute(ctx, d, a.Command(), c.opts.Confirm)
}

func (c *Controller) commandDone(d utec.Device, a action.Action, out utec.Outcome, err error) {
	delete(c.pending, d.ID)
	if err == nil && out.Status.DeviceID != "" && out.Status.Err == nil {
		// Show the confirmed state now rather than at the next poll.
		if pd, ok := c.device(d.ID); ok {
			pd.Status, pd.Updated = out.Status, c.opts.Now()
		}
	}
	if err != nil {
		c.log.Warn("command failed", "device", d.Name, "action", a.Verb, "err", err)
	}
	if err == nil && out.Reached && (a.Verb == action.Lock || a.Verb == action.Unlock) {
		// The person's own doing is history now, written by whoever sent
		// it (the command line writes its own).
		c.remember([]history.Event{{Time: c.opts.Now(), ID: d.ID, Name: d.Name, Event: string(out.Status.Lock), By: history.ByThisComputer}})
	}
	if alert := alerts.ForCommand(&d, a, out, err, c.settings); alert != nil {
		c.notify(*alert)
	}
	if st := signin.Of(err); st.Needed() {
		c.signIn = st
	}
	c.render()
}
