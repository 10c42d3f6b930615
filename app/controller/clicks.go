package controller

import (
	"context"
	"strings"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
)

// pauseFor is how long "Pause notifications" lasts.
const pauseFor = time.Hour

// commandTimeout bounds one command from the click to the device's
// confirmation (U-Tec's locks have been seen to take 40 s).
const commandTimeout = 2 * time.Minute

// Click handles a click on a menu item. It returns at once.
func (c *Controller) Click(a view.Action) {
	c.post(func() { c.click(a) })
}

func (c *Controller) click(a view.Action) {
	switch a.Kind {
	case view.DeviceAction:
		c.deviceAction(a.DeviceID, a.Do, a.Confirm)
	case view.LockAll:
		s := c.snapshot()
		c.lockAll(view.LockAllTargets(&s), guard.PassageLocks(&c.poll, &c.settings, func(string) bool { return true }, true))
	case view.RefreshNow:
		c.poller.Refresh(true)
	case view.OpenSettings:
		c.desktop.ShowSettings()
	case view.StartSignIn:
		c.startSignIn()
	case view.StartSignOut:
		// Signing out stops the tray until the person signs in again:
		// ask first.
		c.desktop.ConfirmSignOut(func() { c.post(func() { c.signOut(false, nil) }) })
	case view.PauseNotifications:
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
	case view.ResumeNotifications:
		c.pausedUntil = time.Time{}
		c.render()
	case view.OpenQuickPanel:
		c.desktop.ShowPanel()
	case view.OpenCodes:
		if d, ok := c.device(a.DeviceID); ok && d.Device.Kind() == utec.KindLock {
			c.desktop.ShowCodes(d.Device)
		}
	case view.Quit:
		c.cancel()
		c.desktop.Quit()
	}
}

// lockAll locks the locks ids without asking (an open door included:
// the person asked for all of them) and says which were open and which,
// held open in Passage mode, were not locked.
func (c *Controller) lockAll(ids []string, passage []utec.Device) {
	var open []string
	for _, id := range ids {
		if d, ok := c.device(id); ok && d.Status.Door == utec.DoorOpen {
			open = append(open, d.Device.Name)
		}
		c.deviceAction(id, devices.Action{Verb: devices.Lock}, false)
	}
	c.noteSkipped(passage, open)
}

// noteSkipped tells the person, in one notification, which locks stayed
// open in Passage mode and which were locked on an open door.
func (c *Controller) noteSkipped(passage []utec.Device, openDoors []string) {
	var lines []string
	if len(passage) > 0 {
		lines = append(lines, devices.PassageNotice(guard.Names(passage)))
	}
	if len(openDoors) > 0 {
		lines = append(lines, devices.OpenDoorNotice(openDoors))
	}
	if len(lines) == 0 {
		return
	}
	body := ""
	if len(passage) > 0 {
		body = i18n.T("notice.leavePassageToLock", "Choose Leave Passage and lock… in its menu to lock it.")
	}
	c.notify(alerts.Alert{Kind: alerts.CommandFailed, Title: strings.Join(lines, "; "), Body: body})
}

// deviceAction sends a person's command to a device, after asking when
// ask is set (unlocking). One command per device at a time.
func (c *Controller) deviceAction(id string, a devices.Action, ask bool) {
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
	if q, needed := devices.Ask(&d.Device, &d.Status, a); ask && needed {
		c.desktop.Confirm(q, func() {
			c.post(func() { c.deviceAction(id, a, false) })
		})
		return
	}
	device := d.Device
	c.pending[id] = a
	c.tracker.ExpectOwn(id, a, c.opts.Now())
	c.render()
	// The command's own re-queries confirm it (utec.Execute); the poller
	// only keeps the fast pace for a while.
	c.poller.Commanded()
	c.log.Info("command", "device", device.Name, "action", a.Verb)
	go func() {
		last, out, err := c.execute(device, a)
		c.post(func() { c.commandDone(device, last, out, err) })
	}()
}

// execute sends the command and waits for the device, off the loop. It
// returns the action whose outcome it reports: Leave Passage and lock is
// two, the mode and then the Lock, each confirmed before the next, and it
// reports the step that ended it. A panic while handling the cloud's
// answers ends the command with an internal error (logged with its stack)
// instead of the app.
func (c *Controller) execute(d utec.Device, a devices.Action) (done devices.Action, out utec.Outcome, err error) {
	defer panics.Recover(c.log, "command", &err)
	done = a
	client, err := c.sess.Client()
	if err != nil {
		return a, utec.Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(c.ctx, commandTimeout)
	defer cancel()
	out, err = client.Execute(ctx, d, a.Command(), c.opts.Confirm)
	if a.Verb != devices.LeavePassageAndLock || err != nil || !out.Reached {
		return a, out, err
	}
	lock := devices.Action{Verb: devices.Lock}
	done = lock // what a panic from here on reports
	c.post(func() {
		if _, busy := c.pending[d.ID]; busy {
			c.pending[d.ID] = lock
			c.render()
		}
	})
	out, err = client.Execute(ctx, d, lock.Command(), c.opts.Confirm)
	return lock, out, err
}

func (c *Controller) commandDone(d utec.Device, a devices.Action, out utec.Outcome, err error) {
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
	if err == nil && out.Reached && (a.Verb == devices.Lock || a.Verb == devices.Unlock) {
		// The person's own doing is history now, written by whoever sent
		// it (the command line writes its own).
		c.remember([]history.Event{{Time: c.opts.Now(), ID: d.ID, Name: d.Name, Event: string(out.Status.Lock), By: history.ByThisComputer}})
	}
	c.lightCommandDone(d, a, out, err)
	if alert := alerts.ForCommand(&d, a, out, err, c.settings); alert != nil {
		c.notify(*alert)
	}
	if st := signin.Of(err); st.Needed() {
		c.signIn = st
	}
	c.render()
}
