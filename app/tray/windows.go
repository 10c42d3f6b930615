package tray

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/internal/opener"
	"github.com/utec-tray/utec-tray/app/login"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/settingsui"
	"github.com/utec-tray/utec-tray/app/traymenu"
	"github.com/utec-tray/utec-tray/app/wizard"
	"github.com/utec-tray/utec-tray/utec"
)

// confirm asks a yes/no question and records the window (for tests). It
// runs on the UI goroutine.
func (c *Controller) confirm(title, message, okLabel string, ok func()) {
	w := NewConfirm(c.opts.App, title, message, okLabel, ok)
	w.Show()
	w.RequestFocus()
	c.opened(w)
}

// NewConfirm builds a yes/no question in a small window of its own (a tray
// app has no main window to hang a dialog on). Enter confirms, Escape
// cancels; ok runs only on a yes. Show it with Show.
func NewConfirm(app fyne.App, title, message, okLabel string, ok func()) fyne.Window {
	w := app.NewWindow(title)
	done := false
	answer := func(yes bool) {
		if done {
			return
		}
		done = true
		w.Close()
		if yes {
			ok()
		}
	}
	cancelBtn := widget.NewButton("Cancel", func() { answer(false) })
	okBtn := widget.NewButton(okLabel, func() { answer(true) })
	okBtn.Importance = widget.DangerImportance
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.SetContent(container.NewPadded(container.NewVBox(
		heading,
		widget.NewLabel(message),
		container.NewHBox(layout.NewSpacer(), cancelBtn, okBtn),
	)))
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			answer(false)
		case fyne.KeyReturn, fyne.KeyEnter:
			answer(true)
		}
	})
	w.SetOnClosed(func() { done = true })
	w.SetFixedSize(true)
	w.CenterOnScreen()
	return w
}

// showSettings opens the settings window, or brings the open one forward.
// It runs on the loop goroutine, where the settings and devices live.
func (c *Controller) showSettings() {
	if c.opts.ShowSettings != nil {
		fyne.Do(c.opts.ShowSettings)
		return
	}
	deps := settingsui.Deps{
		Settings:          c.settings,
		Apply:             c.ApplySettings,
		SignOut:           func() { c.post(c.signOut) },
		ChangeCredentials: func() { c.post(c.showSetup) },
		LogDir:            c.opts.LogDir,
		OpenFolder:        opener.Open,
		Diagnostics:       c.Diagnostics,
		Version:           c.opts.Version,
	}
	for _, d := range c.poll.Devices {
		deps.Devices = append(deps.Devices, d.Device)
	}
	if c.phase == traymenu.Connected || c.phase == traymenu.SignInNeeded {
		deps.User = func(ctx context.Context) (*utec.User, error) {
			client, err := c.opts.Session.Client()
			if err != nil {
				return nil, err
			}
			return client.User(ctx)
		}
	}
	c.showOnce(&c.settingsWin, func(closed func()) fyne.Window {
		deps.Closed = closed
		return settingsui.New(c.opts.App, deps).Window
	})
}

// showOnce shows the window *open, or builds one when none is open, so
// that a second click brings the window forward instead of doubling it.
// build must call closed when its window closes. *open is touched only on
// the UI goroutine.
func (c *Controller) showOnce(open *fyne.Window, build func(closed func()) fyne.Window) {
	fyne.Do(func() {
		if *open != nil {
			(*open).Show()
			(*open).RequestFocus()
			return
		}
		w := build(func() { *open = nil })
		*open = w
		w.Show()
		c.opened(w)
	})
}

// showSetup opens the first-run wizard. It runs on the loop goroutine.
func (c *Controller) showSetup() {
	if c.opts.ShowSetup != nil {
		fyne.Do(c.opts.ShowSetup)
		return
	}
	sess := c.opts.Session
	st := sess.CurrentSettings()
	deps := wizard.Deps{
		ClientID:    st.ClientID,
		HasToken:    c.phase == traymenu.Connected,
		RedirectURI: login.RedirectURI(st.RedirectPort, ""),
		Hidden:      st.Hidden,
		Order:       st.Order,
		SaveCredentials: func(id, secret string) error {
			if err := sess.Secrets.SaveClientSecret(secret); err != nil {
				return err
			}
			done := make(chan struct{})
			c.post(func() {
				ns := c.settings
				ns.ClientID = id
				c.applySettings(ns)
				close(done)
			})
			<-done
			return nil
		},
		SignIn: c.signInForWizard,
		Devices: func(ctx context.Context) ([]utec.Device, error) {
			client, err := sess.Client()
			if err != nil {
				return nil, err
			}
			return client.Devices(ctx)
		},
		SaveDevices: func(hidden, order []string) error {
			c.post(func() {
				ns := c.settings
				ns.Hidden, ns.Order = hidden, order
				c.applySettings(ns)
			})
			return nil
		},
	}
	go func() {
		// The keyring says where the wizard resumes; it is read here, off
		// the UI and loop goroutines, because a locked one is slow.
		_, secretErr := sess.Secrets.ClientSecret()
		_, tokenErr := sess.Secrets.Token()
		deps.HasSecret = secretErr == nil
		deps.HasToken = deps.HasToken && tokenErr == nil
		c.showOnce(&c.wizardWin, func(closed func()) fyne.Window {
			deps.Closed = closed
			return wizard.New(c.opts.App, deps).Window
		})
	}()
}

// signInForWizard runs the browser sign-in for the wizard and moves the
// tray to the signed-in state. It blocks; the wizard calls it off the UI
// goroutine.
func (c *Controller) signInForWizard(ctx context.Context) (*utec.User, error) {
	c.post(func() { c.phase = traymenu.SigningIn; c.render() })
	user, err := c.opts.Session.SignIn(ctx, session.SignInOptions{OpenURL: c.opts.OpenURL})
	c.post(func() {
		if err != nil {
			c.phase = traymenu.SignedOut
			c.render()
			return
		}
		c.phase = traymenu.Connected
		c.render()
		c.poller.Refresh(true)
	})
	return user, err
}

// ApplySettings saves new settings and applies them at once: the poll
// interval, the menu, the notifications and the session's service
// settings. It does not block.
func (c *Controller) ApplySettings(s config.Settings) {
	c.post(func() { c.applySettings(s) })
}

func (c *Controller) applySettings(s config.Settings) {
	c.settings = s
	c.opts.Session.UpdateSettings(s)
	c.poller.SetInterval(s.PollInterval())
	if c.opts.Persist != nil {
		if err := c.opts.Persist(s); err != nil {
			c.log.Warn("could not save the settings", "err", err)
			c.notify(alerts.Alert{Kind: alerts.CommandFailed, Title: "Settings not saved",
				Body: err.Error() + ". They apply until utec-tray quits."})
		}
	}
	if c.opts.OnSettings != nil {
		c.opts.OnSettings(s)
	}
	c.render()
}

// Diagnostics describes the app for a bug report: versions, platform,
// settings and the last errors. It holds no token, secret or code: the
// settings have none by design, and errors never carry them.
func (c *Controller) Diagnostics() string {
	var out string
	done := make(chan struct{})
	c.post(func() {
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
		fmt.Fprintf(&b, "phase %d, %d devices, last poll %s, polls %d\n", c.phase, len(c.poll.Devices),
			c.poll.LastPoll.Format(time.RFC3339), c.poll.Polls)
		if c.poll.LastErr != nil {
			fmt.Fprintf(&b, "last error: %v (failing since %s)\n", c.poll.LastErr, c.poll.FailingSince.Format(time.RFC3339))
		}
		if err := c.opts.Session.TokenSaveError(); err != nil {
			fmt.Fprintf(&b, "token not saved: %v\n", err)
		}
		settings, _ := json.MarshalIndent(c.settings, "", "  ")
		fmt.Fprintf(&b, "settings: %s\n", settings)
		out = b.String()
		close(done)
	})
	select {
	case <-done:
	case <-c.ctx.Done():
	}
	return out
}
