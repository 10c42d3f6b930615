package controller

import (
	"context"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/login"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
)

// Timeouts of the sign-in steps: the browser sign-in waits for a person,
// the sign-out for the cloud (it works offline too).
const (
	signInTimeout  = 6 * time.Minute
	signOutTimeout = 15 * time.Second
)

// startSignIn runs the browser sign-in from the menu. Without a client ID
// or secret there is nothing to sign in with: the wizard opens instead.
func (c *Controller) startSignIn() {
	if c.signingIn {
		return
	}
	c.signingIn = true
	c.render()
	go func() {
		if !c.canSignIn() { // reads the keyring: not on the loop
			c.post(func() { c.signingIn = false; c.render(); c.showWizard() })
			return
		}
		ctx, cancel := context.WithTimeout(c.ctx, signInTimeout)
		defer cancel()
		user, err := c.sess.SignIn(ctx, session.SignInOptions{OpenURL: c.opts.OpenURL})
		c.post(func() {
			c.signInDone(user, err)
			if err != nil {
				c.notify(alerts.Alert{Kind: alerts.SignIn, Title: i18n.T("notice.signInFailed", "Sign-in failed"),
					Body: devices.DescribeSignInError(err, login.RedirectURI(c.settings.RedirectPort, ""), i18n.T("notice.chooseSignIn", "Choose Sign in to try again."))})
				return
			}
			c.notify(alerts.Alert{Kind: alerts.SignIn, Title: i18n.T("notice.signedInAs", "Signed in as {{.Name}}", map[string]any{"Name": user.DisplayName()}),
				Body: c.devicesAreWhere()})
		})
	}()
}

func (c *Controller) canSignIn() bool {
	if c.sess.CurrentService().ClientID == "" {
		return false
	}
	_, err := c.sess.ClientSecret()
	return err == nil
}

// signInDone ends a sign-in, from the menu or the wizard: on success the
// devices are fetched at once.
func (c *Controller) signInDone(_ *utec.User, err error) {
	c.signingIn = false
	if err != nil {
		c.log.Warn("sign-in failed", "err", err)
		if c.signIn == signin.OK || c.signIn == signin.Unknown {
			c.signIn = signin.Refused
		}
		c.render()
		return
	}
	c.signIn = signin.OK
	c.render()
	c.poller.Refresh(true)
}

// SignInForWizard runs the browser sign-in for the wizard and moves the
// tray to the signed-in state. It blocks until the sign-in ends; the
// wizard calls it off the UI goroutine.
func (c *Controller) SignInForWizard(ctx context.Context) (*utec.User, error) {
	c.post(func() { c.signingIn = true; c.render() })
	user, err := c.sess.SignIn(ctx, session.SignInOptions{OpenURL: c.opts.OpenURL})
	c.post(func() { c.signInDone(user, err) })
	return user, err
}

// SignOut signs out (from the settings window, which asked first): the
// sign-in leaves the keyring, the API client stays. It returns at once;
// done, when not nil, is called with the result once the sign-out
// finished, on any goroutine.
func (c *Controller) SignOut(done func(error)) { c.post(func() { c.signOut(false, done) }) }

// ForgetClient signs out and forgets the API client: the client secret
// leaves the keyring and the client ID the settings, so that the next
// sign-in starts at the wizard's credentials step. It returns at once;
// done is called as for SignOut.
func (c *Controller) ForgetClient(done func(error)) { c.post(func() { c.signOut(true, done) }) }

// SignIn starts the browser sign-in (from the settings window). It
// returns at once.
func (c *Controller) SignIn() { c.post(c.startSignIn) }

func (c *Controller) signOut(forgetClient bool, done func(error)) {
	c.signIn = signin.SignedOut
	c.poll = poller.State{}
	c.render()
	go func() {
		ctx, cancel := context.WithTimeout(c.ctx, signOutTimeout)
		defer cancel()
		var err error
		if forgetClient {
			err = c.sess.ForgetClient(ctx)
		} else {
			err = c.sess.SignOut(ctx)
		}
		removeCache(c.opts.ConfigDir)
		c.post(func() {
			if err != nil {
				c.notify(alerts.Alert{Kind: alerts.SignIn, Title: i18n.T("notice.signOutIncomplete", "Sign-out incomplete"), Body: tokenstore.Said(err)})
			}
			c.cacheKey = ""
			if forgetClient && err == nil {
				// After the session's sign-out, which needed the ID to tell
				// the cloud.
				c.editSettings(func(s *config.Settings) { s.ClientID = "" })
			}
			c.render()
			if done != nil {
				done(err)
			}
		})
	}()
}

// ChangeCredentials opens the wizard at its credentials step (from the
// settings window).
func (c *Controller) ChangeCredentials() { c.post(func() { c.showWizardAt(true) }) }

// showWizard opens the first-run wizard where it resumes. The keyring says
// where that is; it is read off the loop, because a locked one is slow.
func (c *Controller) showWizard() { c.showWizardAt(false) }

func (c *Controller) showWizardAt(credentials bool) {
	start := WizardStart{ClientID: c.settings.ClientID, HasToken: c.signIn == signin.OK, AtCredentials: credentials}
	go func() {
		_, secretErr := c.sess.Secrets.ClientSecret()
		_, tokenErr := c.sess.Secrets.Token()
		start.HasSecret = secretErr == nil
		start.HasToken = start.HasToken && tokenErr == nil
		c.post(func() { c.desktop.ShowWizard(start) })
	}()
}

// SaveCredentials keeps the client secret in the keyring and the client ID
// in the settings (the wizard's credentials step). It blocks on the
// keyring; call it off the UI goroutine.
func (c *Controller) SaveCredentials(clientID, secret string) error {
	if err := c.sess.Secrets.SaveClientSecret(secret); err != nil {
		return err
	}
	c.EditSettings(func(s *config.Settings) { s.ClientID = clientID })
	return nil
}
