// Package controller is the tray app without its windows: it alone owns
// where the sign-in stands, the devices' last states (through the poller),
// the commands under way and the person's settings, and it makes every
// decision once — what a click does, which locks "Lock all" touches, when
// to notify, when to open the wizard. It knows nothing of Fyne: it talks
// to the desktop through the small Desktop interface, which app/ui/tray
// implements with Fyne and the tests with a recorder. The controller is
// built first, from its Options; the desktop and the watcher of sleep and
// screen lock are attached when it starts, so no face constructs the core.
//
// One goroutine, the loop, owns the state; every entry point posts a
// function to it and returns. After each change the loop publishes an
// immutable View, and hands the desktop the frame built from it, so that
// nothing on the UI goroutine ever waits on the network or the keyring.
package controller

import (
	"context"
	"log/slog"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
)

// Desktop is what the controller asks of the desktop. Every method is
// called from the controller's loop goroutine and must return at once:
// it hands the work to the UI goroutine (or another one) and never waits
// for the person.
type Desktop interface {
	// Show shows a new frame: the menu with its icon and tooltip, the
	// quick panel's rows and the settings window's state. It is called
	// only when the frame changed, and the desktop shows nothing else:
	// it never asks the controller for state.
	Show(view.Frame)
	// Notify shows a desktop notification, with the alert's Actions as
	// buttons where the notifications offer them (the answer comes back
	// through Controller.AlertAnswered).
	Notify(alerts.Alert)
	// Confirm asks the person q (unlock, hold open, lock an open door…);
	// yes runs (on any goroutine) only if they say so.
	Confirm(q devices.Question, yes func())
	// ConfirmSignOut asks the person whether to sign out; yes runs (on
	// any goroutine) only if they say so.
	ConfirmSignOut(yes func())
	// ShowSettings opens the settings window, or raises the open one.
	ShowSettings()
	// ShowWizard opens the first-run wizard, or raises the open one; start
	// says which steps are done.
	ShowWizard(start WizardStart)
	// Quit ends the app.
	Quit()
	// ShowPanel opens the quick panel (the menu's "Open quick panel").
	ShowPanel()
	// ShowCodes opens the guest codes window of the lock, or raises it.
	ShowCodes(lock utec.Device)
	// Remind shows a "still unlocked" reminder, with the buttons Lock
	// and Later (30 minutes) where the notifications offer buttons
	// (the answer comes back through Controller.ReminderAnswered). It
	// reports whether the buttons were offered; without them the menu
	// marks the lock.
	Remind(r guard.Reminder) (withButtons bool)
}

// WizardStart says where the first-run wizard resumes.
type WizardStart struct {
	ClientID  string
	HasSecret bool
	HasToken  bool
	// AtCredentials opens the wizard at its credentials step whatever is
	// stored ("Change credentials…" in the settings window).
	AtCredentials bool
}

// Options configure a Controller. Session is required.
type Options struct {
	Session *session.Session
	// Settings are the settings in force at start (file plus
	// environment); from then on the controller owns them.
	Settings config.Settings
	// ConfigDir holds the device cache; empty keeps none.
	ConfigDir string
	// OpenURL opens the system browser for the sign-in.
	OpenURL func(string) error
	// Confirm tunes the wait for a device's confirmation.
	Confirm utec.ConfirmOptions
	// Poller overrides the poller's timing (tests, the demo); Source,
	// Initial, OnUpdate and Logger are set by the controller, and Interval
	// too unless set here.
	Poller poller.Config
	// SignInAtStart signs in right away when there is no sign-in (the
	// demo). Otherwise the wizard opens then, unless NoWizardAtStart.
	SignInAtStart   bool
	NoWizardAtStart bool
	// Persist saves changed settings (nil in the demo, whose settings
	// point at its own cloud). It runs on the loop goroutine and must be
	// quick (a small file).
	Persist func(config.Settings) error
	// OnSettings is told about every settings change (the log level).
	OnSettings func(config.Settings)
	// StartAtLogin turns starting at login on or off (autostart.Set for
	// this program); nil leaves it alone (the demo, tests).
	StartAtLogin func(on bool) error
	// QuickPanelItem puts "Open quick panel" in the menu, for trays that
	// cannot tell a left click from a right one (view.QuickPanelInMenu).
	QuickPanelItem bool
	// Version is the app's version, for the diagnostics.
	Version string
	Logger  *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// ReminderTick overrides how often reminders are checked between
	// polls (tests).
	ReminderTick time.Duration
}

// View is what the controller last published: the snapshot and the frame
// built from it. It is immutable; the command line's diagnostics and the
// tests read it at any time (the desktop is handed each frame).
type View struct {
	Snapshot view.Snapshot
	Frame    view.Frame
}

// Controller runs the tray's logic. Its exported methods are safe to call
// from any goroutine, the UI goroutine included: none waits for the
// network or the keyring unless its comment says it blocks.
type Controller struct {
	opts Options
	log  *slog.Logger
	// desktop and watcher are attached by Start.
	desktop Desktop
	watcher Guard
	sess    *session.Session
	poller  *poller.Poller
	mailbox chan func()
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	view    atomic.Pointer[View]

	// Owned by the loop goroutine.
	signIn    signin.State
	signingIn bool
	poll      poller.State
	pending   map[string]devices.Action
	settings  config.Settings
	tracker   *alerts.Tracker
	cacheKey  string
	// started is set once the first poll said whether there is a sign-in.
	started bool
	// shown is the frame last given to the desktop.
	shown *view.Frame
	// recent is the latest activity, newest first, for the menu; the
	// whole history is in the history file.
	recent []history.Event
	// pausedUntil silences news from home until then.
	pausedUntil time.Time
	// guarding is the reminders' and the sleep's state (guard.go).
	guarding guardState
	// lights is the lights' memory while the person is away (lights.go).
	lights lightsState
	// noTray is set while no tray shows the icon (trayhost.go).
	noTray bool
	// leaving is "you left home"'s state (departure.go).
	leaving leavingState
}

// New returns a Controller; Start runs it.
func New(opts Options) *Controller {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &Controller{
		opts:     opts,
		log:      opts.Logger,
		sess:     opts.Session,
		tracker:  alerts.NewTracker(),
		mailbox:  make(chan func(), 64),
		pending:  map[string]devices.Action{},
		settings: opts.Settings,
		guarding: newGuardState(),
		lights:   newLightsState(),
	}
	c.sess.UpdateService(opts.Settings.Service)
	c.ctx, c.cancel = context.WithCancel(context.Background())
	return c
}

// Start attaches the desktop and the watcher of sleep and screen lock (nil:
// nothing watches), shows the first frame and starts the poller and the
// loop. It does not block. The first frame is handed to the desktop before
// Start returns, on the calling goroutine (Fyne starts its tray only if a
// menu is set before Run).
func (c *Controller) Start(desktop Desktop, watcher Guard) {
	c.desktop, c.watcher = desktop, watcher
	pc := c.opts.Poller
	pc.Source = c.sess
	if pc.Interval <= 0 {
		// No interval fixed by the options (the demo's): the pace of the
		// settings, fed by Poller.Presence when the face gives one.
		pc.Interval = c.settings.PollInterval()
		pc.Pace = c.settings.Pace()
	}
	pc.Initial = loadCache(c.opts.ConfigDir, c.log)
	// Applied at each start: the entry follows the program when it moved,
	// and a setting changed in the file by hand takes effect.
	c.applyStartAtLogin(c.settings.StartAtLogin)
	if events, err := c.history().Load(); err != nil {
		c.log.Warn("the activity history cannot be read", "err", err)
	} else {
		c.recent = history.Recent(events, view.RecentItems)
	}
	pc.OnUpdate = func(st poller.State) { c.post(func() { c.pollUpdate(st) }) }
	pc.Logger = c.log
	c.poller = poller.New(pc)

	// The keyring is read by the poller's first poll, off this goroutine:
	// a locked keyring can take seconds to answer. Until then the menu
	// says it is connecting.
	c.render()
	c.wantGuard()
	tick := c.tick()
	c.wg.Add(3)
	go func() { defer c.wg.Done(); c.loop() }()
	go func() { defer c.wg.Done(); c.poller.Run(c.ctx) }()
	go func() { defer c.wg.Done(); c.runTicker(tick) }()
}

// Stop ends the loop, the poller and the commands under way, and waits
// for the loop and the poller.
func (c *Controller) Stop() {
	c.cancel()
	c.wg.Wait()
}

// View returns what the controller last published. It never blocks.
func (c *Controller) View() View {
	if v := c.view.Load(); v != nil {
		return *v
	}
	return View{}
}

// post runs f on the loop goroutine. It returns at once unless the mailbox
// is full, and never after Stop.
func (c *Controller) post(f func()) {
	select {
	case c.mailbox <- f:
	case <-c.ctx.Done():
	}
}

func (c *Controller) loop() {
	for {
		select {
		case <-c.ctx.Done():
			return
		case f := <-c.mailbox:
			f()
		}
	}
}

// snapshot is the menu's input now.
func (c *Controller) snapshot() view.Snapshot {
	pending := make(map[string]devices.Action, len(c.pending))
	for k, v := range c.pending {
		pending[k] = v
	}
	poll := c.poll
	poll.Devices = append([]poller.Device(nil), c.poll.Devices...)
	return view.Snapshot{SignIn: c.signIn, SigningIn: c.signingIn, Poll: poll, Settings: c.settings, Pending: pending,
		Recent: c.recent, PausedUntil: c.pausedUntil, Now: c.opts.Now(), QuickPanelItem: c.opts.QuickPanelItem,
		Reminded: c.markedList()}
}

// render builds the frame of the state now, once, publishes it and gives
// it to the desktop when it changed.
func (c *Controller) render() {
	s := c.snapshot()
	f := view.BuildFrame(s)
	c.view.Store(&View{Snapshot: s, Frame: f})
	if c.shown != nil && reflect.DeepEqual(*c.shown, f) {
		return
	}
	c.shown = &f
	c.desktop.Show(f)
}

func (c *Controller) notify(a alerts.Alert) {
	if a.Kind.Pausable() && c.pausedUntil.After(c.opts.Now()) {
		c.log.Info("notification held back: notifications are paused", "kind", a.Kind, "title", a.Title)
		return
	}
	c.log.Info("notification", "kind", a.Kind, "title", a.Title)
	c.desktop.Notify(a)
}

func (c *Controller) pollUpdate(st poller.State) {
	c.poll = st
	if st.Polls > 0 && !c.signingIn {
		c.signIn = st.SignIn
	}
	if !c.started && st.Polls > 0 {
		c.firstPoll(st)
	}
	for _, a := range c.tracker.Observe(st, c.settings, c.opts.Now()) {
		c.notify(a)
	}
	c.record(st, c.tracker.TakeActivity())
	c.checkDeparture() // a lock unlocked while away is offered too
	if st.Loaded && st.LastErr == nil {
		c.cacheKey = saveCache(c.opts.ConfigDir, st, c.cacheKey, c.log)
	}
	c.afterPoll(st) // renders
}

// firstPoll settles what the first poll says about the sign-in: none at
// all opens the wizard (or, in the demo, signs in), and a keyring that
// cannot be read is announced once.
func (c *Controller) firstPoll(st poller.State) {
	c.started = true
	switch st.SignIn {
	case signin.SignedOut:
		if c.opts.SignInAtStart {
			c.startSignIn()
		} else if !c.opts.NoWizardAtStart {
			// A fresh install (or one signed out) opens the wizard, which
			// resumes at the first step not done.
			c.showWizard()
		}
	case signin.KeyringUnavailable:
		c.notify(alerts.Alert{Kind: alerts.SignIn, Title: i18n.T("notice.cannotReadSignIn", "Cannot read the sign-in"), Body: tokenstore.Said(st.LastErr)})
	}
}

func (c *Controller) device(id string) (*poller.Device, bool) {
	for i := range c.poll.Devices {
		if c.poll.Devices[i].Device.ID == id {
			return &c.poll.Devices[i], true
		}
	}
	return nil, false
}
