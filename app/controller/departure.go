package controller

// This file is the loop's part of "you left home": it feeds
// app/departure the network the watcher read (app/platform/netwatch, on
// the tray's side) and the locks left open, and when the rule says so
// offers — never does — to lock them: one notification with Lock and
// Ignore. Lock does what the news's Lock button does, with the same
// confirmed or failed follow-up; Recent activity says what happened.

import (
	"strconv"
	"strings"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/departure"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
)

// KindLeftHome is the offer's notification: "You left home Wi-Fi —
// Front Door is unlocked".
const KindLeftHome alerts.Kind = "left-home"

// ActionIgnore is the offer's second button: leave the locks as they are.
const ActionIgnore = "ignore"

// Network is what the network watcher read of the primary connection.
type Network struct {
	// Known is false while nothing can tell where the computer is (no
	// NetworkManager, not yet on this system): that is never "left".
	Known   bool
	Primary departure.Primary
	// Wireless is set for a Wi-Fi connection.
	Wireless bool
}

// leavingState is the loop's memory of the comings and goings.
type leavingState struct {
	tracker *departure.Tracker
	// net is the network last read, classified again when the home set
	// changes.
	net Network
	// homeWireless says whether home was last seen on Wi-Fi, for the
	// offer's words.
	homeWireless bool
	// timer posts a check when the away spell reaches the delay.
	timer *time.Timer
	// offer numbers the offers; offered are the locks of the last one,
	// which its buttons answer for.
	offer   int
	offered []string
}

// NetworkChanged hands the controller a new reading of the network. It
// returns at once.
func (c *Controller) NetworkChanged(n Network) {
	c.post(func() { c.networkChanged(n) })
}

func (c *Controller) networkChanged(n Network) {
	d := &c.leaving
	if d.tracker == nil {
		d.tracker = departure.New(c.settings.LeftHomeAfter())
	}
	d.net = n
	place := departure.Unknown
	// No home network marked yet: the feature is off, not "away
	// everywhere".
	if n.Known && len(c.settings.HomeNetworks) > 0 {
		place = departure.Classify(n.Primary, homeSet(c.settings.HomeNetworks))
	}
	if place == departure.Home {
		d.homeWireless = n.Wireless
	}
	c.log.Debug("network", "place", place)
	d.tracker.Seen(c.opts.Now(), place)
	c.checkDeparture()
}

// departureWoke: time asleep is not time away.
func (c *Controller) departureWoke() {
	if c.leaving.tracker != nil {
		c.leaving.tracker.Woke(c.opts.Now())
	}
}

// departureSettings applies a change of the home set or of the delay.
func (c *Controller) departureSettings() {
	if c.leaving.tracker == nil {
		return
	}
	c.leaving.tracker.SetAfter(c.settings.LeftHomeAfter())
	c.networkChanged(c.leaving.net)
}

func homeSet(nets []config.HomeNetwork) []departure.HomeNetwork {
	out := make([]departure.HomeNetwork, len(nets))
	for i, h := range nets {
		out[i] = departure.HomeNetwork{UUID: h.UUID, BSSID: h.BSSID}
	}
	return out
}

// openLocks are the locks known unlocked or held open in Passage mode,
// among those the tray shows: their ids and names, in the menu's order.
func (c *Controller) openLocks() (ids, names []string) {
	s := c.snapshot()
	for _, d := range view.Visible(&s) {
		st := &d.Status
		if d.Device.Kind() != utec.KindLock || d.Err != nil || !st.IsOnline() {
			continue
		}
		if st.Lock == utec.LockUnlocked || st.Passage() {
			ids, names = append(ids, d.Device.ID), append(names, d.Device.Name)
		}
	}
	return ids, names
}

// checkDeparture offers to lock when the rule says so, and sets the
// timer for the moment it will.
func (c *Controller) checkDeparture() {
	d := &c.leaving
	if d.tracker == nil {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	now := c.opts.Now()
	if c.pausedUntil.After(now) {
		// Paused: the offer due waits for the end of the pause, as the
		// reminders do.
		d.timer = time.AfterFunc(c.pausedUntil.Sub(now)+10*time.Millisecond, func() { c.post(c.checkDeparture) })
		return
	}
	ids, names := c.openLocks()
	if o, ok := d.tracker.Check(now, names); ok {
		c.offerToLock(ids, o)
	}
	if at, ok := d.tracker.Due(); ok {
		// The locks may be locked by then: the check asks again.
		d.timer = time.AfterFunc(max(at.Sub(now), 0)+10*time.Millisecond, func() { c.post(c.checkDeparture) })
	}
}

// offerToLock shows the offer and notes it in the activity.
func (c *Controller) offerToLock(ids []string, o departure.Offer) {
	d := &c.leaving
	d.offer++
	d.offered = ids
	c.log.Info("left home: offering to lock", "locks", len(ids), "away", o.Away.Round(time.Second))
	title := i18n.T("home.offer.titleNetwork", "You left your home network")
	if d.homeWireless {
		title = i18n.T("home.offer.titleWiFi", "You left home Wi-Fi")
	}
	body := i18n.Plural("home.offer.body", "{{.Names}} are unlocked", len(o.Locks),
		map[string]any{"Count": len(o.Locks), "Names": joinNames(o.Locks)})
	c.notify(alerts.Alert{Kind: KindLeftHome, DeviceID: strconv.Itoa(d.offer), Title: title, Body: body,
		Actions: []string{alerts.ActionLock, ActionIgnore}})
	c.noteOffered(ids, i18n.T("home.activity.offered", "you left home: offered to lock"))
	c.render()
}

// noteOffered puts one line per lock in Recent activity.
func (c *Controller) noteOffered(ids []string, by string) {
	now := c.opts.Now()
	var events []history.Event
	for _, id := range ids {
		if dev, ok := c.device(id); ok {
			events = append(events, history.Event{Time: now, ID: id, Name: dev.Device.Name, Event: string(dev.Status.Lock), By: by})
		}
	}
	c.remember(events)
}

// leftHomeAnswered answers the offer's buttons: Lock locks the offered
// locks still open (Passage mode left first: the person asked for them
// locked), Ignore notes that they stay as they are. A button on an older
// offer, or any other key, does nothing.
func (c *Controller) leftHomeAnswered(offer, key string) {
	d := &c.leaving
	if offer != strconv.Itoa(d.offer) || len(d.offered) == 0 {
		return
	}
	ids := d.offered
	switch key {
	case alerts.ActionLock:
		d.offered = nil
		c.log.Info("left home: the person chose Lock", "locks", len(ids))
		for _, id := range ids {
			dev, ok := c.device(id)
			if !ok {
				continue
			}
			switch {
			case dev.Status.Passage():
				c.deviceAction(id, devices.Action{Verb: devices.LeavePassageAndLock}, false)
			case dev.Status.Lock == utec.LockUnlocked:
				c.deviceAction(id, devices.Action{Verb: devices.Lock}, false)
			}
		}
	case ActionIgnore:
		d.offered = nil
		c.log.Info("left home: the person chose Ignore", "locks", len(ids))
		c.noteOffered(ids, i18n.T("home.activity.ignored", "you left home: you chose Ignore"))
		c.render()
	}
}

// joinNames lists names for a sentence: "Front Door, Garage and Back Door".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + i18n.T("home.list.and", " and ") + names[len(names)-1]
}
