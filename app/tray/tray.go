// Package tray is the desktop shell: it owns the tray menu and icon, turns
// clicks into commands sent off the UI goroutine, feeds the poller's states
// to the menu model and the notification rules, and opens the few windows
// the tray needs (confirming an unlock, settings). One goroutine owns the
// state; everything else posts to it, and the UI is touched only through
// fyne.Do.
package tray

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"reflect"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/home"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/tokenstore"
	"github.com/utec-tray/utec-tray/app/traymenu"
	"github.com/utec-tray/utec-tray/utec"
)

// Surface is where the tray shows: desktop.App in the program, a recorder
// in tests (Fyne's test app has no tray).
type Surface interface {
	SetSystemTrayMenu(*fyne.Menu)
	SetSystemTrayIcon(fyne.Resource)
}

// Options configure a Controller. App, Surface and Session are required.
type Options struct {
	App     fyne.App
	Surface Surface
	Session *session.Session
	// ConfigDir holds the settings and the device cache.
	ConfigDir string
	// OpenURL opens the system browser for the sign-in; default the app's
	// OpenURL.
	OpenURL func(string) error
	// Confirm tunes the wait for a device's confirmation.
	Confirm utec.ConfirmOptions
	// Poller overrides the poller's timing (tests, the demo); Source,
	// Initial, OnUpdate and Logger are set by the controller, and Interval
	// too unless set here.
	Poller poller.Config
	// SignInAtStart signs in right away when there is no sign-in (the demo).
	// Otherwise the wizard opens then, unless NoSetupAtStart.
	SignInAtStart  bool
	NoSetupAtStart bool
	// ShowSetup and ShowSettings replace the first-run wizard and the
	// settings window (tests); they run on the UI goroutine.
	ShowSetup    func()
	ShowSettings func()
	// Persist saves changed settings (nil in the demo, whose settings point
	// at its own cloud).
	Persist func(config.Settings) error
	// OnSettings is told about every settings change (the log level).
	OnSettings func(config.Settings)
	// LogDir is the folder of the log file; Version the app's version.
	LogDir  string
	Version string
	// Notify shows a desktop notification; default the app's
	// SendNotification.
	Notify func(alerts.Alert)
	Logger *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Controller runs the tray.
type Controller struct {
	opts    Options
	log     *slog.Logger
	tracker *alerts.Tracker
	poller  *poller.Poller
	mailbox chan func()
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup

	// Owned by the loop goroutine.
	phase    traymenu.Phase
	poll     poller.State
	pending  map[string]home.Action
	last     *traymenu.Menu
	settings config.Settings
	cacheKey string
	// problem is what keeps the app from working that is neither the
	// cloud nor the sign-in (the keyring), for the menu's first line.
	problem string
	// started is set once the first poll said whether there is a sign-in.
	started bool

	// lastWindow is the last window the controller opened (for tests).
	windowMu   sync.Mutex
	lastWindow fyne.Window

	// Touched only on the UI goroutine: the tray menu (one object for the
	// app's life, see render) and the open windows.
	trayMenu    *fyne.Menu
	settingsWin fyne.Window
	wizardWin   fyne.Window
}

func (c *Controller) opened(w fyne.Window) {
	c.windowMu.Lock()
	defer c.windowMu.Unlock()
	c.lastWindow = w
}

// LastWindow returns the window the controller opened last.
func (c *Controller) LastWindow() fyne.Window {
	c.windowMu.Lock()
	defer c.windowMu.Unlock()
	return c.lastWindow
}

// New returns a Controller; Start runs it.
func New(opts Options) *Controller {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.OpenURL == nil {
		opts.OpenURL = func(s string) error {
			u, err := url.Parse(s)
			if err != nil {
				return err
			}
			return opts.App.OpenURL(u)
		}
	}
	c := &Controller{
		opts:     opts,
		log:      opts.Logger,
		tracker:  alerts.NewTracker(),
		mailbox:  make(chan func(), 64),
		pending:  map[string]home.Action{},
		settings: opts.Session.Settings,
	}
	return c
}

// Start shows the first menu and starts the poller and the event loop. It
// does not block.
func (c *Controller) Start() {
	c.ctx, c.cancel = context.WithCancel(context.Background())
	pc := c.opts.Poller
	pc.Source = sessionSource{c.opts.Session}
	if pc.Interval <= 0 {
		pc.Interval = c.settings.PollInterval()
	}
	pc.Initial = loadCache(c.opts.ConfigDir, c.log)
	pc.OnUpdate = func(st poller.State) { c.post(func() { c.pollUpdate(st) }) }
	pc.Logger = c.log
	c.poller = poller.New(pc)

	// The keyring is read by the poller's first poll, off this (the UI)
	// goroutine: a locked keyring can take seconds to answer. Until then
	// the menu says it is connecting.
	c.phase = traymenu.Connected
	c.render()
	c.wg.Add(2)
	go func() { defer c.wg.Done(); c.loop() }()
	go func() { defer c.wg.Done(); c.poller.Run(c.ctx) }()
}

// firstPoll settles what the first poll says about the sign-in: none at
// all opens the wizard (or, in the demo, signs in), and a keyring that
// cannot be read is announced once. It runs on the loop goroutine.
func (c *Controller) firstPoll(st poller.State) {
	c.started = true
	switch {
	case st.SignInNeeded && errors.Is(st.LastErr, poller.ErrSignedOut):
		c.phase = traymenu.SignedOut
		if c.opts.SignInAtStart {
			c.click(traymenu.Action{Kind: traymenu.StartSignIn})
		} else if !c.opts.NoSetupAtStart {
			// A fresh install (or one signed out) opens the wizard, which
			// resumes at the first step not done.
			c.showSetup()
		}
	case errors.Is(st.LastErr, tokenstore.ErrUnavailable):
		c.notify(alerts.Alert{Kind: alerts.SignIn, Title: "Cannot read the sign-in", Body: st.LastErr.Error()})
	}
}

// OpenSettings opens the settings window (a second start asked for it).
func (c *Controller) OpenSettings() {
	c.post(c.showSettings)
}

// Stop ends the loop and the poller and waits for them.
func (c *Controller) Stop() {
	if c.cancel != nil {
		c.cancel()
		c.wg.Wait()
	}
}

// post runs f on the loop goroutine.
func (c *Controller) post(f func()) {
	select {
	case c.mailbox <- f:
	case <-c.ctx.Done():
	}
}

// Sync waits until everything posted before it has run (for tests).
func (c *Controller) Sync() {
	done := make(chan struct{})
	c.post(func() { close(done) })
	select {
	case <-done:
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
func (c *Controller) snapshot() traymenu.Snapshot {
	pending := make(map[string]home.Action, len(c.pending))
	for k, v := range c.pending {
		pending[k] = v
	}
	return traymenu.Snapshot{Phase: c.phase, Poll: c.poll, Settings: c.settings, Pending: pending, Problem: c.problem}
}

// Menu returns the menu model last applied (for tests).
func (c *Controller) Menu() traymenu.Menu {
	var m traymenu.Menu
	done := make(chan struct{})
	c.post(func() {
		if c.last != nil {
			m = *c.last
		}
		close(done)
	})
	<-done
	return m
}

// render rebuilds the menu and applies it when it changed.
func (c *Controller) render() {
	m := traymenu.Build(c.snapshot())
	if c.last != nil && reflect.DeepEqual(*c.last, m) {
		return
	}
	c.last = &m
	menu := toFyneMenu(m, func(a traymenu.Action) { c.post(func() { c.click(a) }) })
	icon := iconFor(m.Icon)
	fyne.Do(func() {
		// Fyne v2.8.1 re-applies the first menu it was given once the tray
		// is ready, which can undo a newer one set in between (the menu then
		// stuck on "Connecting to U-Tec…"). Giving it one menu object for
		// good, whose items change, makes that re-apply show the newest.
		if c.trayMenu == nil {
			c.trayMenu = menu
		} else {
			c.trayMenu.Items = menu.Items
		}
		c.opts.Surface.SetSystemTrayMenu(c.trayMenu)
		c.opts.Surface.SetSystemTrayIcon(icon)
	})
}

func (c *Controller) notify(a alerts.Alert) {
	c.log.Info("notification", "kind", a.Kind, "title", a.Title)
	if c.opts.Notify != nil {
		c.opts.Notify(a)
		return
	}
	n := fyne.NewNotification(a.Title, a.Body)
	fyne.Do(func() { c.opts.App.SendNotification(n) })
}

func (c *Controller) pollUpdate(st poller.State) {
	c.poll = st
	if !c.started && st.Polls > 0 {
		c.firstPoll(st)
	}
	switch {
	case st.LastErr == nil:
		c.problem = ""
	case errors.Is(st.LastErr, tokenstore.ErrUnavailable):
		c.problem = st.LastErr.Error()
	}
	switch {
	case st.SignInNeeded && errors.Is(st.LastErr, poller.ErrSignedOut):
		if c.phase != traymenu.SigningIn {
			c.phase = traymenu.SignedOut
		}
	case st.SignInNeeded:
		if c.phase == traymenu.Connected {
			c.phase = traymenu.SignInNeeded
		}
	case st.LastErr == nil && st.Loaded && c.phase != traymenu.SigningIn:
		c.phase = traymenu.Connected
	}
	for _, a := range c.tracker.Observe(st, c.settings, c.opts.Now()) {
		c.notify(a)
	}
	if st.Loaded && st.LastErr == nil {
		c.cacheKey = saveCache(c.opts.ConfigDir, st, c.cacheKey, c.log)
	}
	c.render()
}

func (c *Controller) device(id string) (*poller.Device, bool) {
	for i := range c.poll.Devices {
		if c.poll.Devices[i].Device.ID == id {
			return &c.poll.Devices[i], true
		}
	}
	return nil, false
}

// click handles a menu click, on the loop goroutine.
func (c *Controller) click(a traymenu.Action) {
	switch a.Kind {
	case traymenu.DeviceAction:
		c.deviceAction(a)
	case traymenu.LockAll:
		for i := range c.poll.Devices {
			d := &c.poll.Devices[i]
			if d.Device.Kind() == utec.KindLock && d.Status.Lock == utec.LockUnlocked && !d.Status.Passage() && !c.settings.IsHidden(d.Device.ID) {
				c.deviceAction(traymenu.Action{Kind: traymenu.DeviceAction, DeviceID: d.Device.ID, Do: home.Action{Verb: home.Lock}})
			}
		}
	case traymenu.RefreshNow:
		c.poller.Refresh(true)
	case traymenu.OpenSettings:
		c.showSettings()
	case traymenu.StartSignIn:
		c.signIn()
	case traymenu.StartSignOut:
		c.signOut()
	case traymenu.Quit:
		c.cancel()
		fyne.Do(c.opts.App.Quit)
	}
}

func (c *Controller) deviceAction(a traymenu.Action) {
	d, ok := c.device(a.DeviceID)
	if !ok {
		return
	}
	if _, busy := c.pending[a.DeviceID]; busy {
		return
	}
	if err := a.Do.Fits(&d.Device); err != nil {
		c.notify(alerts.Alert{Kind: alerts.CommandFailed, DeviceID: a.DeviceID, Title: err.Error()})
		return
	}
	if a.Confirm {
		again := a
		again.Confirm = false
		name := d.Device.Name
		fyne.Do(func() {
			c.confirm("Unlock "+name+"?", "The door will be unlocked for anyone at it.", "Unlock", func() {
				c.post(func() { c.deviceAction(again) })
			})
		})
		return
	}
	device, action := d.Device, a.Do
	c.pending[a.DeviceID] = action
	c.tracker.ExpectOwn(device.ID, action, c.opts.Now())
	c.render()
	c.poller.Burst()
	c.log.Info("command", "device", device.Name, "action", action.Verb)
	go func() {
		out, err := c.execute(device, action)
		c.post(func() { c.commandDone(device, action, out, err) })
	}()
}

// execute sends the command and waits for the device, off the UI and loop
// goroutines.
func (c *Controller) execute(d utec.Device, a home.Action) (utec.Outcome, error) {
	client, err := c.opts.Session.Client()
	if err != nil {
		return utec.Outcome{}, err
	}
	ctx, cancel := context.WithTimeout(c.ctx, 2*time.Minute)
	defer cancel()
	return client.Execute(ctx, d, a.Command(), c.opts.Confirm)
}

func (c *Controller) commandDone(d utec.Device, a home.Action, out utec.Outcome, err error) {
	delete(c.pending, d.ID)
	if err == nil && out.Status.DeviceID != "" {
		// Show the confirmed state now rather than at the next poll.
		if pd, ok := c.device(d.ID); ok && out.Status.Err == nil {
			pd.Status, pd.Updated = out.Status, c.opts.Now()
		}
	}
	if err != nil {
		c.log.Warn("command failed", "device", d.Name, "action", a.Verb, "err", err)
	}
	if alert := alerts.ForCommand(&d, a, out, err, c.settings); alert != nil {
		c.notify(*alert)
	}
	if session.NeedsSignIn(err) {
		c.phase = traymenu.SignInNeeded
	}
	c.render()
}

func (c *Controller) signIn() {
	if c.phase == traymenu.SigningIn {
		return
	}
	prev := c.phase
	c.phase = traymenu.SigningIn
	c.render()
	go func() {
		if !c.canSignIn() { // reads the keyring: not on the loop goroutine
			c.post(func() { c.phase = prev; c.render(); c.showSetup() })
			return
		}
		ctx, cancel := context.WithTimeout(c.ctx, 6*time.Minute)
		defer cancel()
		user, err := c.opts.Session.SignIn(ctx, session.SignInOptions{OpenURL: c.opts.OpenURL})
		c.post(func() { c.signInDone(prev, user, err) })
	}()
}

func (c *Controller) canSignIn() bool {
	if c.opts.Session.CurrentSettings().ClientID == "" {
		return false
	}
	_, err := c.opts.Session.ClientSecret()
	return err == nil
}

func (c *Controller) signInDone(prev traymenu.Phase, user *utec.User, err error) {
	if err != nil {
		c.phase = prev
		if c.phase == traymenu.Connected {
			c.phase = traymenu.SignInNeeded
		}
		c.log.Warn("sign-in failed", "err", err)
		c.notify(alerts.Alert{Kind: alerts.SignIn, Title: "Sign-in failed", Body: signInErrorText(err)})
		c.render()
		return
	}
	c.phase = traymenu.Connected
	c.notify(alerts.Alert{Kind: alerts.SignIn, Title: "Signed in as " + user.DisplayName(),
		Body: "Your U-Tec devices are in the tray menu."})
	c.render()
	c.poller.Refresh(true)
}

func (c *Controller) signOut() {
	c.phase = traymenu.SignedOut
	c.poll = poller.State{}
	c.render()
	go func() {
		ctx, cancel := context.WithTimeout(c.ctx, 15*time.Second)
		defer cancel()
		err := c.opts.Session.SignOut(ctx)
		removeCache(c.opts.ConfigDir)
		c.post(func() {
			if err != nil {
				c.notify(alerts.Alert{Kind: alerts.SignIn, Title: "Sign-out incomplete", Body: err.Error()})
			}
			c.cacheKey = ""
			c.render()
		})
	}()
}

// signInErrorText says what went wrong with a sign-in and what to do.
func signInErrorText(err error) string {
	var te *utec.TokenError
	switch {
	case errors.As(err, &te) && te.Code == "invalid_client":
		return "U-Tec refused the client ID or secret. Check them in the U-home app (My Account > OpenAPI) and in Settings."
	case errors.Is(err, utec.ErrReauthRequired):
		return "U-Tec refused the sign-in. Check the client secret and that the redirect URI is registered, then try again."
	case errors.Is(err, context.DeadlineExceeded):
		return "The browser did not come back in time. Choose Sign in to try again."
	}
	return fmt.Sprintf("%v. Choose Sign in to try again.", err)
}

// sessionSource adapts the session's client to the poller, mapping "no
// sign-in at all" to poller.ErrSignedOut so that the poller pauses.
type sessionSource struct{ s *session.Session }

func (src sessionSource) Devices(ctx context.Context) ([]utec.Device, error) {
	client, err := src.client()
	if err != nil {
		return nil, err
	}
	devices, err := client.Devices(ctx)
	return devices, signedOut(err)
}

func (src sessionSource) Query(ctx context.Context, devices []utec.Device) ([]utec.Status, error) {
	client, err := src.client()
	if err != nil {
		return nil, err
	}
	statuses, err := client.Query(ctx, devices)
	return statuses, signedOut(err)
}

// signedOut maps a sign-in removed while the tray ran (utec-tray logout)
// to poller.ErrSignedOut, so that the menu says "Signed out" rather than
// asking to sign in again (issue 11, item 3).
func signedOut(err error) error {
	if errors.Is(err, utec.ErrSignedOut) {
		return fmt.Errorf("%w: %w", poller.ErrSignedOut, err)
	}
	return err
}

func (src sessionSource) client() (*utec.Client, error) {
	client, err := src.s.Client()
	if errors.Is(err, session.ErrSignInNeeded) {
		return nil, fmt.Errorf("%w: %w", poller.ErrSignedOut, err)
	}
	return client, err
}
