package controller

// This file is the loop's part of "guard the house": it runs the rules of
// app/guard on the loop goroutine (reminders at each poll and tick, the
// locks to lock before sleep and on screen lock, the report after the
// wake) and hands what they say to the desktop.

import (
	"context"
	"slices"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// Guard is the watcher of sleep and screen lock (app/guard): the
// controller tells it which are wanted, so that it holds a sleep
// inhibitor only while a lock is chosen.
type Guard interface {
	Want(sleep, screen bool)
}

// The kinds of this file's notifications.
const (
	KindUnreachable alerts.Kind = "reminders-unreachable"
	KindSlept       alerts.Kind = "locked-for-sleep"
)

// reminderTick is how often reminders are checked between polls, so
// that one falls due on time whatever the poll interval.
const reminderTick = 30 * time.Second

// guardState is the loop's memory for reminders and sleep.
type guardState struct {
	reminders *guard.Tracker
	// marked are the locks reminded about while notifications had no
	// buttons: the menu marks their rows.
	marked map[string]bool
	// slept is what LockForSleep sent; reportAfter is the poll count
	// after which the wake's report is due (-1: none waits).
	slept       []guard.SleepLock
	reportAfter int
}

func newGuardState() guardState {
	return guardState{reminders: guard.New(), marked: map[string]bool{}, reportAfter: -1}
}

// tick returns how often to check reminders: every reminderTick, or
// more often when a one-run override makes the delay seconds.
func (c *Controller) tick() time.Duration {
	if c.opts.ReminderTick > 0 {
		return c.opts.ReminderTick
	}
	if o := c.settings.RemindAfterOverride; o > 0 && o < 4*reminderTick {
		return max(o/4, 100*time.Millisecond)
	}
	return reminderTick
}

// runTicker posts a reminder check to the loop every tick until Stop.
func (c *Controller) runTicker(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
			c.post(func() { c.checkReminders(); c.checkDeparture() })
		}
	}
}

// wantGuard tells the guard what the settings choose.
func (c *Controller) wantGuard() {
	if c.watcher != nil {
		// Lights to turn off need the same watch as locks to lock.
		lights := c.settings.WantsLightsAway()
		c.watcher.Want(c.settings.WantsSleepGuard() || lights, c.settings.WantsScreenGuard() || lights)
	}
}

// checkReminders shows the reminders due now, and renders.
func (c *Controller) checkReminders() {
	defer func() {
		// An unlocked lock with a reminder to come keeps the pace fast.
		c.poller.SetReminderDue(c.guarding.reminders.Pending())
		c.render()
	}()
	if c.signIn.Needed() || c.signingIn {
		return
	}
	now := c.opts.Now()
	if c.pausedUntil.After(now) {
		// Paused: the reminder due waits for the end of the pause.
		c.guarding.reminders.Watch(c.poll, c.settings, now)
		return
	}
	due := c.guarding.reminders.Check(c.poll, c.settings, now)
	if due.Unreachable {
		title, body := guard.Unreachable()
		c.notify(alerts.Alert{Kind: KindUnreachable, Title: title, Body: body})
	}
	for _, r := range due.Reminders {
		c.log.Info("reminder", "device", r.Name, "count", r.Count)
		if !c.desktop.Remind(r) {
			c.guarding.marked[r.LockID] = true
		}
	}
	still := c.guarding.reminders.Reminded()
	for id := range c.guarding.marked {
		if !slices.Contains(still, id) {
			delete(c.guarding.marked, id)
		}
	}
}

// markedList is the menu's list of reminded locks.
func (c *Controller) markedList() []string {
	if len(c.guarding.marked) == 0 {
		return nil
	}
	out := make([]string, 0, len(c.guarding.marked))
	for id := range c.guarding.marked {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// ReminderAnswered handles a button pressed on a reminder: "lock" locks
// the lock as the menu does (no question: locking is safe), and the
// result is notified as usual; "snooze" puts the next reminder off by
// guard.SnoozeFor. Anything else (a click on the notification
// itself) does nothing. It returns at once.
func (c *Controller) ReminderAnswered(lockID, key string) {
	c.post(func() {
		switch key {
		case guard.ActionLock:
			c.log.Info("reminder answered: lock", "device", lockID)
			c.deviceAction(lockID, devices.Action{Verb: devices.Lock}, false)
		case guard.ActionSnooze:
			c.log.Info("reminder answered: snooze", "device", lockID)
			c.guarding.reminders.Snooze(lockID, c.opts.Now())
			delete(c.guarding.marked, lockID)
			c.render()
		}
	})
}

// ScreenLocked locks the locks chosen for the screen lock that may be
// unlocked, as the menu does, and turns off the lights chosen to follow
// the house; the results are notified as usual. It returns at once.
func (c *Controller) ScreenLocked() {
	c.post(func() {
		c.lights.screenLocked = true
		c.lightsAway(history.ScreenLocked)
		var open []string
		for _, d := range guard.LocksToLock(&c.poll, &c.settings, c.settings.LocksOnScreenLock, c.settings.LockAllOnScreenLock) {
			c.log.Info("screen locked: locking", "device", d.Name)
			if pd, ok := c.device(d.ID); ok && pd.Status.Door == utec.DoorOpen {
				open = append(open, d.Name)
			}
			c.deviceAction(d.ID, devices.Action{Verb: devices.Lock}, false)
		}
		c.noteSkipped(guard.PassageLocks(&c.poll, &c.settings, c.settings.LocksOnScreenLock, c.settings.LockAllOnScreenLock), open)
	})
}

// ScreenUnlocked is the person's return after a screen lock: the lights
// utec-tray turned off come back on. It returns at once.
func (c *Controller) ScreenUnlocked() {
	c.post(func() {
		c.lights.screenLocked = false
		c.personBack()
	})
}

// LockForSleep sends Lock to the locks chosen for sleep that may be
// unlocked, and Off to the lights chosen to follow the house, in one
// request, and waits until the cloud has accepted each command (not for
// the locks to confirm: the computer sleeps meanwhile), or until ctx
// ends. It blocks; the guard calls it while the sleep waits. What it did
// is reported after the wake (Woke).
func (c *Controller) LockForSleep(ctx context.Context) {
	// Nothing here marks the locks pending: if ctx ends between the
	// loop's answer and this goroutine's reading it, no one would unmark
	// them. Nobody looks at the menu of a computer going to sleep.
	type plan struct {
		lock, passage []utec.Device
		lights        []guard.LightOff
	}
	p, ok := ask(c, ctx, func() plan {
		ds := guard.LocksToLock(&c.poll, &c.settings, c.settings.LocksOnSleep, c.settings.LockAllOnSleep)
		for _, d := range ds {
			c.tracker.ExpectOwn(d.ID, devices.Action{Verb: devices.Lock}, c.opts.Now())
		}
		lights := c.lightsToTurnOff()
		for _, l := range lights {
			c.tracker.ExpectOwn(l.Device.ID, devices.Action{Verb: devices.Off}, c.opts.Now())
		}
		return plan{ds, guard.PassageLocks(&c.poll, &c.settings, c.settings.LocksOnSleep, c.settings.LockAllOnSleep), lights}
	})
	if !ok || len(p.lock)+len(p.passage)+len(p.lights) == 0 {
		return
	}
	began := time.Now()
	cmds := make([]utec.DeviceCommand, 0, len(p.lock)+len(p.lights))
	for _, d := range p.lock {
		cmds = append(cmds, utec.DeviceCommand{Device: d, Command: utec.Lock()})
	}
	for _, l := range p.lights {
		cmds = append(cmds, utec.DeviceCommand{Device: l.Device, Command: utec.TurnOff()})
	}
	errs := c.commandsAccepted(ctx, cmds)
	results := make([]guard.SleepLock, len(p.lock))
	for i, d := range p.lock {
		results[i] = guard.SleepLock{Device: d, Err: errs[i]}
	}
	if len(p.lights) > 0 {
		lightErrs := errs[len(p.lock):]
		c.post(func() { c.lightsSlept(p.lights, lightErrs) })
	}
	for _, r := range results {
		c.log.Info("locked for sleep", "device", r.Device.Name, "accepted", r.Err == nil, "err", r.Err,
			"took", time.Since(began).Round(time.Millisecond))
	}
	for _, d := range p.passage {
		// Lock is ignored in Passage mode: the wake report names the lock.
		c.log.Info("not locked for sleep: in Passage mode", "device", d.Name)
		results = append(results, guard.SleepLock{Device: d, Passage: true})
	}
	// Posted before returning, so that the wake (posted later) sees it.
	c.post(func() { c.guarding.slept = results })
}

// commandsAccepted sends the commands in one Command call (or as few
// as the batch size allows) and returns, for each, nil when the cloud
// accepted it or why not.
func (c *Controller) commandsAccepted(ctx context.Context, cmds []utec.DeviceCommand) []error {
	out := make([]error, len(cmds))
	if len(cmds) == 0 {
		return out
	}
	client, err := c.sess.Client()
	if err != nil {
		for i := range out {
			out[i] = err
		}
		return out
	}
	results, err := client.Commands(ctx, cmds)
	for i, r := range results {
		if r.Err != nil {
			out[i] = r.Err
		}
	}
	if err != nil {
		// The batches after the failed one were not sent.
		for i := len(results); i < len(out); i++ {
			out[i] = err
		}
	}
	return out
}

// Woke polls at once after the computer woke up; the first good poll
// reports what LockForSleep did. It returns at once.
func (c *Controller) Woke() {
	c.post(func() {
		c.departureWoke()
		if len(c.guarding.slept) > 0 {
			c.guarding.reportAfter = c.poll.Polls
			// The locks moved while the computer slept: their change is
			// this computer's doing, not news of someone else.
			for _, r := range c.guarding.slept {
				if r.Err == nil && !r.Passage {
					c.tracker.ExpectOwn(r.Device.ID, devices.Action{Verb: devices.Lock}, c.opts.Now())
				}
			}
		}
		if !c.lights.screenLocked {
			// No locked screen to get past: the wake is the return.
			c.personBack()
		}
		c.poller.Refresh(false)
	})
}

// afterPoll runs the guard's part of a poll: reminders, and the report
// of the locks locked for sleep once a poll after the wake worked.
func (c *Controller) afterPoll(st poller.State) {
	if c.guarding.reportAfter >= 0 && st.Polls > c.guarding.reportAfter && st.LastErr == nil {
		title, body := guard.SleepReport(c.guarding.slept, &st)
		c.notify(alerts.Alert{Kind: KindSlept, Title: title, Body: body})
		// This computer's own doing, so the poll left it out of the
		// history: it is recorded here, once confirmed.
		var events []history.Event
		for _, r := range c.guarding.slept {
			if _, locked := guard.LockConfirmation(&r.Device, &st); r.Err == nil && !r.Passage && locked {
				events = append(events, history.Event{Time: st.LastPoll, ID: r.Device.ID, Name: r.Device.Name,
					Event: string(utec.LockLocked), By: history.BeforeSleeping})
			}
		}
		c.remember(events)
		c.guarding.slept, c.guarding.reportAfter = nil, -1
	}
	c.lightsAfterPoll(&st)
	c.checkReminders()
}

// ask runs f on the loop and returns its answer, or false when ctx ends
// or the controller stops first.
func ask[T any](c *Controller, ctx context.Context, f func() T) (T, bool) {
	answer := make(chan T, 1)
	var zero T
	select {
	case c.mailbox <- func() { answer <- f() }:
	case <-ctx.Done():
		return zero, false
	case <-c.ctx.Done():
		return zero, false
	}
	select {
	case v := <-answer:
		return v, true
	case <-ctx.Done():
		return zero, false
	case <-c.ctx.Done():
		return zero, false
	}
}

// SetGuardChoices keeps which locks to lock when this computer sleeps or
// locks its screen (the wizard's last step). It returns at once.
func (c *Controller) SetGuardChoices(sleep, screen []string) {
	sleep, screen = slices.Clone(sleep), slices.Clone(screen)
	c.EditSettings(func(s *config.Settings) { s.LockOnSleep, s.LockOnScreenLock = sleep, screen })
}
