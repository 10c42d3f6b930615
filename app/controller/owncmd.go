package controller

import (
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/owncmd"
	"github.com/utec-tray/utec-tray/app/view"
)

// OwnCommand takes in a command given on this computer outside the tray
// (the command line, which tells the tray over its instance socket). The
// command counts as the person's own: a lock or unlock it causes is not
// announced as someone else's. A confirmed state is shown at once, unless
// the tray has read a newer one since. Either way the tray polls now and
// then briskly for a while, as after its own commands. It returns at once.
func (c *Controller) OwnCommand(m owncmd.Message) {
	c.post(func() { c.ownCommand(m) })
}

func (c *Controller) ownCommand(m owncmd.Message) {
	d, ok := c.device(m.DeviceID)
	if !ok {
		// Another account's device, or one the tray has not discovered
		// yet: the poll it asks for finds out.
		c.log.Debug("command from the command line for an unknown device", "device", m.DeviceID)
		c.poller.Burst()
		return
	}
	now := c.opts.Now()
	c.tracker.ExpectOwn(m.DeviceID, m.Action(), now)
	c.log.Info("command from the command line", "device", d.Device.Name, "action", m.Verb, "confirmed", m.Status != nil)
	if m.Status != nil && (m.Verb == devices.Lock || m.Verb == devices.Unlock) {
		// The command line wrote it to the history file; Recent activity
		// shows it now rather than at the tray's next start.
		e := history.Event{Time: m.Done, ID: m.DeviceID, Name: d.Device.Name, Event: string(m.Status.Lock), By: history.ByThisComputer}
		c.recent = append([]history.Event{e}, c.recent...)
		c.recent = c.recent[:min(len(c.recent), view.RecentItems)]
	}
	if m.Status != nil && m.Done.After(d.Updated) {
		d.Status, d.Updated = *m.Status, now
	}
	c.render()
	c.poller.Burst()
}
