package controller

// The loop's part of guest codes (rules in app/codes, window in
// app/ui/codes): the window asks the cloud through these, off the UI
// goroutine, and what was given or taken back goes to the activity.

import (
	"context"
	"time"

	"github.com/utec-tray/utec-tray/app/codes"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/utec"
)

// codeWait bounds the search for a code just given (the cloud answers add
// with no id; the new code is found by listing).
const codeWait = 30 * time.Second

// LockUsers lists the lock's codes, without the codes themselves. It
// blocks on the network; call it off the UI goroutine.
func (c *Controller) LockUsers(ctx context.Context, lock utec.Device) ([]utec.LockUser, error) {
	client, err := c.sess.Client()
	if err != nil {
		return nil, err
	}
	return client.LockUsers(ctx, lock)
}

// AddLockUser gives a code on the lock, and records who got it (not the
// code). It blocks on the network; call it off the UI goroutine.
func (c *Controller) AddLockUser(ctx context.Context, lock utec.Device, u utec.NewLockUser) (utec.LockUser, error) {
	client, err := c.sess.Client()
	if err != nil {
		return utec.LockUser{}, err
	}
	added, err := client.AddLockUser(ctx, lock, u, codeWait)
	if err != nil {
		c.log.Warn("a guest code was not given", "device", lock.Name, "err", err)
		return added, err
	}
	c.log.Info("guest code given", "device", lock.Name, "user", added.ID)
	c.recordCode(lock, true, added.Name)
	return added, nil
}

// DeleteLockUser takes a code back, and records it. It blocks on the
// network; call it off the UI goroutine.
func (c *Controller) DeleteLockUser(ctx context.Context, lock utec.Device, u utec.LockUser) error {
	client, err := c.sess.Client()
	if err != nil {
		return err
	}
	if err := client.DeleteLockUser(ctx, lock, u.ID); err != nil {
		c.log.Warn("a guest code was not taken back", "device", lock.Name, "err", err)
		return err
	}
	c.log.Info("guest code taken back", "device", lock.Name, "user", u.ID)
	c.recordCode(lock, false, u.Name)
	return nil
}

func (c *Controller) recordCode(lock utec.Device, added bool, name string) {
	e := history.Event{Time: c.opts.Now(), ID: lock.ID, Name: lock.Name, Event: codes.Event(added, name), By: history.ByThisComputer}
	c.post(func() {
		c.remember([]history.Event{e})
		c.render()
	})
}
