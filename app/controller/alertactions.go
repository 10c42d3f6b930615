package controller

// This file answers the buttons on the news from home: "Back Door
// unlocked by someone else" offers Lock, and pressing it does what the
// menu's Lock does, with the same confirmed or failed follow-up.

import (
	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/devices"
)

// AlertAnswered handles a button pressed on a notification of kind about
// deviceID: alerts.ActionLock on a lock's news locks it without a
// question (locking is safe), and the result is notified as usual.
// The offer made on leaving home (KindLeftHome) has Lock and Ignore
// (departure.go). Anything else (a click on the notification itself, a
// key this kind never offered) does nothing. It returns at once.
func (c *Controller) AlertAnswered(kind alerts.Kind, deviceID, key string) {
	if kind == KindLeftHome {
		c.post(func() { c.leftHomeAnswered(deviceID, key) })
		return
	}
	if kind != alerts.LockChanged || key != alerts.ActionLock || deviceID == "" {
		return
	}
	c.post(func() {
		c.log.Info("notification answered: lock", "device", deviceID)
		c.deviceAction(deviceID, devices.Action{Verb: devices.Lock}, false)
	})
}
