package controller

// This file is the loop's part of "lights follow the house" (the rules are
// app/guard's lights.go): the chosen lights, switches and plugs go off
// when the screen locks or the computer sleeps, and those utec-tray
// turned off come back on when the person is back: the screen unlocked,
// or the computer woke with no locked screen to get past. Recent activity
// says each time what was done and why. Locks are never touched here.

import (
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// lightsState is the loop's memory for the lights.
type lightsState struct {
	// turnedOff are the devices utec-tray turned off while they were on,
	// since the person left: the only ones that may come back on.
	turnedOff map[string]bool
	// why is, per device with a command of this file's in flight, who
	// Recent activity says did it once it is done (history.ScreenLocked,
	// CameBack).
	why map[string]string
	// screenLocked is set from a screen lock until its unlock: a wake
	// in between is not yet the person's return.
	screenLocked bool
	// backAfter is the poll count after which the return's lights are
	// due: they come back on a fresh reading (-1: no return waits).
	backAfter int
}

func newLightsState() lightsState {
	return lightsState{turnedOff: map[string]bool{}, why: map[string]string{}, backAfter: -1}
}

// lightsAway turns off the chosen lights that may be on, as the menu
// would, noting which ones utec-tray turned off. The screen lock's way;
// the sleep's is in LockForSleep, inside the sleep's delay.
func (c *Controller) lightsAway(by string) {
	for _, l := range c.lightsToTurnOff() {
		c.log.Info("the person left: turning off", "device", l.Device.Name, "by", by)
		if c.sendLight(l.Device.ID, devices.Off, by) && l.WasOn {
			c.lights.turnedOff[l.Device.ID] = true
		}
	}
}

// lightsToTurnOff is guard's list less the devices already seen to: one
// with a command in flight (the screen lock's Off as the sleep comes),
// and one utec-tray turned off since the person left (the poll may not
// show it off yet).
func (c *Controller) lightsToTurnOff() []guard.LightOff {
	var out []guard.LightOff
	for _, l := range guard.LightsToTurnOff(&c.poll, &c.settings) {
		_, busy := c.pending[l.Device.ID]
		if !busy && !c.lights.turnedOff[l.Device.ID] {
			out = append(out, l)
		}
	}
	return out
}

// personBack marks the lights utec-tray turned off as due to come back on
// after the next good poll (started here), which says whether each is
// still off.
func (c *Controller) personBack() {
	if len(c.lights.turnedOff) == 0 {
		return
	}
	c.lights.backAfter = c.poll.Polls
	c.poller.Refresh(false)
}

// lightsAfterPoll turns back on, on the first good poll after the return,
// what is due and still off; the rest is forgotten (someone turned it on,
// or its state is not known: it is not ours any more).
func (c *Controller) lightsAfterPoll(st *poller.State) {
	if c.lights.backAfter < 0 || st.Polls <= c.lights.backAfter || st.LastErr != nil {
		return
	}
	for _, d := range guard.LightsToTurnBackOn(c.lights.turnedOff, st, &c.settings) {
		c.log.Info("the person is back: turning on", "device", d.Name)
		c.sendLight(d.ID, devices.On, history.CameBack)
	}
	clear(c.lights.turnedOff)
	c.lights.backAfter = -1
}

// sendLight sends the command as the menu does and, when it went out,
// keeps who did it for Recent activity. It reports whether it went out.
func (c *Controller) sendLight(id string, verb devices.Verb, by string) bool {
	c.deviceAction(id, devices.Action{Verb: verb}, false)
	if _, sent := c.pending[id]; !sent {
		return false
	}
	c.lights.why[id] = by
	return true
}

// lightCommandDone writes a finished command of this file's into Recent
// activity; a light that did not turn off is not utec-tray's to turn back
// on. Commands of the person's own are not this file's.
func (c *Controller) lightCommandDone(d utec.Device, a devices.Action, out utec.Outcome, err error) {
	by, ours := c.lights.why[d.ID]
	if !ours {
		return
	}
	delete(c.lights.why, d.ID)
	done := err == nil && out.Reached
	if !done {
		if a.Verb == devices.Off {
			delete(c.lights.turnedOff, d.ID)
		}
		return
	}
	event := history.TurnedOn
	if a.Verb == devices.Off {
		event = history.TurnedOff
	}
	c.remember([]history.Event{{Time: c.opts.Now(), ID: d.ID, Name: d.Name, Event: event, By: by}})
}

// lightsSlept notes what LockForSleep turned off: the lights the cloud
// accepted Off for, in Recent activity at once (a light acts at once,
// unlike a lock), and those that were on as utec-tray's to turn back on.
func (c *Controller) lightsSlept(lights []guard.LightOff, errs []error) {
	var events []history.Event
	for i, l := range lights {
		if errs[i] != nil {
			c.log.Warn("not turned off before sleeping", "device", l.Device.Name, "err", errs[i])
			continue
		}
		if l.WasOn {
			c.lights.turnedOff[l.Device.ID] = true
		}
		events = append(events, history.Event{Time: c.opts.Now(), ID: l.Device.ID, Name: l.Device.Name,
			Event: history.TurnedOff, By: history.BeforeSleeping})
	}
	c.remember(events)
	c.render()
}
