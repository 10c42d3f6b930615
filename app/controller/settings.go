package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/utec"
)

// OpenSettings opens the settings window (a second start asked for it).
func (c *Controller) OpenSettings() { c.post(c.desktop.ShowSettings) }

// OpenPanel opens the quick panel (the command line's `utec-tray panel`,
// a launcher's "Open quick panel", asked for it). It returns at once.
func (c *Controller) OpenPanel() { c.post(c.desktop.ShowPanel) }

// EditSettings changes the settings: edit runs on the loop goroutine on
// a copy of the settings in force, which then applies at once (the poll
// interval, the menu, the notifications, the session's service settings)
// and is saved. Windows and the wizard send edits, never whole copies:
// a copy taken when a window opened would write back what changed since
// (a new client ID saved by the wizard, say). It returns at once.
func (c *Controller) EditSettings(edit func(*config.Settings)) {
	c.post(func() { c.editSettings(edit) })
}

// SetStartAtLogin turns starting at login on or off (the wizard's last
// step). It returns at once.
func (c *Controller) SetStartAtLogin(on bool) {
	c.EditSettings(func(s *config.Settings) { s.StartAtLogin = on })
}

// SetDeviceChoices keeps which devices the tray shows and their order
// (the wizard's devices step). It returns at once.
func (c *Controller) SetDeviceChoices(hidden, order []string) {
	hidden, order = slices.Clone(hidden), slices.Clone(order)
	c.EditSettings(func(s *config.Settings) { s.Hidden, s.Order = hidden, order })
}

// editSettings applies edit to a copy of the settings and puts the copy
// in force.
func (c *Controller) editSettings(edit func(*config.Settings)) {
	next := c.settings.Clone()
	edit(&next)
	c.applySettings(next)
}

func (c *Controller) applySettings(s config.Settings) {
	if s.StartAtLogin != c.settings.StartAtLogin {
		c.applyStartAtLogin(s.StartAtLogin)
	}
	c.settings = s
	c.sess.UpdateService(s.Service)
	if c.opts.Poller.Interval <= 0 {
		// An interval fixed by the options (the demo's) stays.
		c.poller.SetInterval(s.PollInterval())
		c.poller.SetPace(s.Pace())
	}
	if c.opts.Persist != nil {
		if err := c.opts.Persist(s); err != nil {
			c.log.Warn("could not save the settings", "err", err)
			c.notify(alerts.Alert{Kind: alerts.CommandFailed, Title: i18n.T("notice.settingsNotSaved", "Settings not saved"),
				Body: i18n.T("notice.settingsApplyUntilQuit", "{{.Reason}}. They apply until utec-tray quits.", map[string]any{"Reason": err.Error()})})
		}
	}
	if c.opts.OnSettings != nil {
		c.opts.OnSettings(s)
	}
	c.wantGuard()
	c.departureSettings()
	c.checkReminders() // renders: a delay may have changed
}

// applyStartAtLogin writes or removes the login entry (a small file, or a
// registry value on Windows).
func (c *Controller) applyStartAtLogin(on bool) {
	if c.opts.StartAtLogin == nil {
		return
	}
	if err := c.opts.StartAtLogin(on); err != nil {
		c.log.Warn("could not change starting at login", "err", err)
		c.notify(alerts.Alert{Kind: alerts.CommandFailed, Title: i18n.T("notice.startAtLoginNotChanged", "Start at login not changed"), Body: err.Error()})
	}
}

// User reads the signed-in account (the settings window's Account tab).
// It blocks on the network; call it off the UI goroutine.
// A panic while reading the answer is an internal error, not the app's
// end: these run on the windows' own goroutines.
func (c *Controller) User(ctx context.Context) (user *utec.User, err error) {
	defer panics.Recover(c.log, "reading the account", &err)
	client, err := c.sess.Client()
	if err != nil {
		return nil, err
	}
	return client.User(ctx)
}

// Devices runs the cloud's discovery (the wizard's devices step). It
// blocks on the network; call it off the UI goroutine.
func (c *Controller) Devices(ctx context.Context) (found []utec.Device, err error) {
	defer panics.Recover(c.log, "discovery", &err)
	return c.sess.Devices(ctx)
}

// Diagnostics describes the app for a bug report: versions, platform,
// settings and the last errors. It reads the last published View, so it
// never waits for the loop, the keyring or the network. It holds no token,
// secret or code: the settings have none by design, and errors never
// carry them.
func (c *Controller) Diagnostics() string {
	v := c.View()
	s := &v.Snapshot
	var b strings.Builder
	fmt.Fprintf(&b, "utec-tray %s\n", c.opts.Version)
	fmt.Fprintf(&b, "Go %s, %s/%s, desktop %q\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, os.Getenv("XDG_CURRENT_DESKTOP"))
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "fyne.io/fyne/v2" || dep.Path == "golang.org/x/oauth2" || dep.Path == "github.com/zalando/go-keyring" {
				fmt.Fprintf(&b, "%s %s\n", dep.Path, dep.Version)
			}
		}
	}
	fmt.Fprintf(&b, "sign-in %s, %d devices, last poll %s, polls %d\n", s.SignIn, len(s.Poll.Devices),
		s.Poll.LastPoll.Format(time.RFC3339), s.Poll.Polls)
	if s.Poll.LastErr != nil {
		fmt.Fprintf(&b, "last error: %v (failing since %s)\n", s.Poll.LastErr, s.Poll.FailingSince.Format(time.RFC3339))
	}
	// The token source holds its lock across a refresh (network and
	// keyring): ask it aside and do not wait long.
	saveErr := make(chan error, 1)
	go func() { saveErr <- c.sess.TokenSaveError() }()
	select {
	case err := <-saveErr:
		if err != nil {
			fmt.Fprintf(&b, "token not saved: %v\n", err)
		}
	case <-time.After(200 * time.Millisecond):
		fmt.Fprintln(&b, "token: a refresh is under way")
	}
	settings, _ := json.MarshalIndent(s.Settings, "", "  ")
	fmt.Fprintf(&b, "settings: %s\n", settings)
	return b.String()
}
