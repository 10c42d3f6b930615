package wizard

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// harness is a wizard wired to a real session against the fake cloud, with
// a UI queue the test goroutine drains.
type harness struct {
	t        *testing.T
	cloud    *utectest.Server
	sess     *session.Session
	secrets  *session.MemorySecrets
	ui       *uithread.Queue
	wiz      *Wizard
	saved    [][]string
	finished bool
}

func newHarness(t *testing.T, edit func(*Deps)) *harness {
	t.Helper()
	cloud := utectest.NewForTest(t)
	s := config.Default()
	s.OAuthURL, s.APIURL, s.RedirectPort = cloud.URL(), cloud.URL(), 0
	h := &harness{t: t, cloud: cloud, secrets: &session.MemorySecrets{}, ui: uithread.NewQueue()}
	h.sess = &session.Session{Service: s.Service, Secrets: h.secrets}
	deps := Deps{
		RedirectURI: "http://127.0.0.1:9501/callback",
		SaveCredentials: func(id, secret string) error {
			st := h.sess.CurrentService()
			st.ClientID = id
			h.sess.UpdateService(st)
			return h.secrets.SaveClientSecret(secret)
		},
		SignIn: func(ctx context.Context) (*utec.User, error) {
			return h.sess.SignIn(ctx, session.SignInOptions{OpenURL: utectest.Browser, Timeout: 2 * time.Second})
		},
		Devices: func(ctx context.Context) ([]utec.Device, error) {
			c, err := h.sess.Client()
			if err != nil {
				return nil, err
			}
			return c.Devices(ctx)
		},
		SaveDevices: func(hidden, order []string) error { h.saved = [][]string{hidden, order}; return nil },
		Finished:    func() { h.finished = true },
		Run:         h.ui.Run,
	}
	if edit != nil {
		edit(&deps)
	}
	h.wiz = New(test.NewTempApp(t), deps)
	h.wiz.Window.Show()
	return h
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	if !h.ui.DrainUntil(5*time.Second, cond) {
		h.t.Fatalf("timed out waiting for %s (step %d, sign-in: %q, devices: %q)", what, h.wiz.step, h.wiz.SignInState.Text, h.wiz.DeviceState.Text)
	}
}

func TestWholeWizard(t *testing.T) {
	h := newHarness(t, nil)
	w := h.wiz
	if w.Step() != StepWelcome || !w.Back.Disabled() {
		t.Fatalf("starts at step %d", w.Step())
	}
	test.Tap(w.Next)
	if w.Step() != StepCredentials {
		t.Fatalf("step %d after Next", w.Step())
	}
	// Empty fields are refused with a message.
	test.Tap(w.Next)
	if w.Step() != StepCredentials || !w.CredError.Visible() || !strings.Contains(w.CredError.Text, "client ID") {
		t.Fatalf("empty credentials accepted (error %q)", w.CredError.Text)
	}
	test.Type(w.ClientID, utectest.ClientID+" ")
	test.Type(w.Secret, utectest.ClientSecret)
	test.Tap(w.Next)
	if !strings.Contains(w.CredError.Text, "spaces") {
		t.Fatalf("stray space accepted (error %q)", w.CredError.Text)
	}
	w.ClientID.SetText(utectest.ClientID)
	test.Tap(w.Next)
	h.waitFor("the sign-in step", func() bool { return w.Step() == StepSignIn })
	if !w.Next.Disabled() {
		t.Error("Next enabled before signing in")
	}
	if got, _ := h.secrets.ClientSecret(); got != utectest.ClientSecret {
		t.Errorf("secret stored %q", got)
	}

	test.Tap(w.SignInBtn)
	if !w.SignInBtn.Disabled() || !strings.Contains(w.SignInState.Text, "Waiting for the browser") {
		t.Errorf("no progress shown: %q", w.SignInState.Text)
	}
	h.waitFor("the sign-in", func() bool { return strings.HasPrefix(w.SignInState.Text, "Signed in as Jane Doe") })
	test.Tap(w.Next)
	h.waitFor("the devices", func() bool { return w.Step() == StepDevices && len(w.DeviceList.Objects) == 5 })

	// Untick the garage light; move the second device to the top.
	for i, d := range w.list.Devices() {
		if d.ID == utectest.GarageID {
			test.Tap(rowCheck(t, w, i))
		}
	}
	second := w.list.Devices()[1].ID
	test.Tap(rowButtons(t, w, 1)[0])
	if w.list.Devices()[0].ID != second {
		t.Errorf("up did not move %s to the top", second)
	}
	test.Tap(w.Next)
	h.waitFor("the last step", func() bool { return w.Step() == StepDone })
	if len(h.saved) != 2 || len(h.saved[0]) != 1 || h.saved[0][0] != utectest.GarageID || h.saved[1][0] != second {
		t.Errorf("saved %v", h.saved)
	}
	if !strings.Contains(w.DoneText.Text, "Signed in as Jane Doe, 4 devices") {
		t.Errorf("done text %q", w.DoneText.Text)
	}
	test.Tap(w.Next)
	if !h.finished {
		t.Error("Finish did not finish")
	}
}

func TestBackWorksOnEveryStep(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.ClientID, d.HasSecret, d.HasToken = utectest.ClientID, true, true })
	w := h.wiz
	h.waitFor("the devices", func() bool { return w.Step() == StepDevices && !w.busy })
	test.Tap(w.Next)
	h.waitFor("the last step", func() bool { return w.Step() == StepDone })
	// One way to finish, and Back works there too.
	if w.Cancel.Visible() || w.Next.Text != "Finish" || w.Back.Disabled() {
		t.Errorf("last step: Close shown %v, Next %q, Back disabled %v", w.Cancel.Visible(), w.Next.Text, w.Back.Disabled())
	}
	test.Tap(w.Back)
	if w.Step() != StepDevices || !w.Cancel.Visible() {
		t.Fatalf("Back from the last step went to %d", w.Step())
	}
	h.waitFor("the devices again", func() bool { return !w.busy })
	for want := StepSignIn; want >= StepWelcome; want-- {
		test.Tap(w.Back)
		if w.Step() != want {
			t.Fatalf("Back went to %d, want %d", w.Step(), want)
		}
	}
}

// "Change credentials…" opens the credentials step, whatever is stored.
func TestOpensAtTheCredentialsWhenAsked(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.ClientID, d.HasSecret, d.HasToken, d.AtCredentials = utectest.ClientID, true, true, true
	})
	if h.wiz.Step() != StepCredentials || h.wiz.ClientID.Text != utectest.ClientID {
		t.Errorf("opened at step %d with client ID %q", h.wiz.Step(), h.wiz.ClientID.Text)
	}
}

func TestGNOMENoteOnlyOnGNOME(t *testing.T) {
	for desktop, want := range map[string]bool{"GNOME": true, "ubuntu:GNOME": true, "XFCE": false, "KDE": false, "": false} {
		h := newHarness(t, func(d *Deps) { d.Desktop = desktop })
		h.wiz.show(StepDone)
		if got := strings.Contains(h.wiz.DoneText.Text, "AppIndicator"); got != want {
			t.Errorf("desktop %q: AppIndicator note shown %v, want %v", desktop, got, want)
		}
	}
}

func TestResumesWhereItStopped(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.ClientID, d.HasSecret = utectest.ClientID, true })
	if h.wiz.Step() != StepSignIn {
		t.Errorf("with credentials stored, starts at step %d", h.wiz.Step())
	}
}

func TestSignInErrorsAreActionable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"denied", errors.New("login: U-Tec answered access_denied: You declined access"), "access_denied"},
		{"bad client", &utec.TokenError{StatusCode: 401, Code: "invalid_client"}, "Copy them again from the U-home app"},
		{"refused", utec.ErrReauthRequired, "Redirect URI in the U-home app is exactly http://127.0.0.1:9501/callback"},
		{"port busy", errors.New("port 9501 is already in use by another program"), "9501"},
		{"timeout", errors.New("login: no answer from the browser within 5m0s"), "did not come back in time"},
		{"cancelled", context.Canceled, "cancelled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(d *Deps) {
				d.ClientID, d.HasSecret = utectest.ClientID, true
				d.SignIn = func(context.Context) (*utec.User, error) { return nil, tt.err }
			})
			test.Tap(h.wiz.SignInBtn)
			h.waitFor("the error", func() bool { return h.wiz.SignInBtn.Text == "Try again" })
			if !strings.Contains(h.wiz.SignInState.Text, tt.want) {
				t.Errorf("message %q does not contain %q", h.wiz.SignInState.Text, tt.want)
			}
			if !h.wiz.Next.Disabled() {
				t.Error("Next enabled after a failed sign-in")
			}
		})
	}
}

func TestWrongSecretFromTheCloud(t *testing.T) {
	h := newHarness(t, nil)
	w := h.wiz
	test.Tap(w.Next)
	test.Type(w.ClientID, utectest.ClientID)
	test.Type(w.Secret, "not-the-secret")
	test.Tap(w.Next)
	h.waitFor("the sign-in step", func() bool { return w.Step() == StepSignIn })
	test.Tap(w.SignInBtn)
	h.waitFor("the error", func() bool { return w.SignInBtn.Text == "Try again" })
	if !strings.Contains(w.SignInState.Text, "refused the client ID or secret") {
		t.Errorf("message %q", w.SignInState.Text)
	}
}

func TestCancelSignIn(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.ClientID, d.HasSecret = utectest.ClientID, true
		d.SignIn = func(ctx context.Context) (*utec.User, error) { <-ctx.Done(); return nil, ctx.Err() }
	})
	test.Tap(h.wiz.SignInBtn)
	test.Tap(h.wiz.CancelSign)
	h.waitFor("the cancellation", func() bool { return h.wiz.SignInBtn.Text == "Try again" })
	if !strings.Contains(h.wiz.SignInState.Text, "cancelled") {
		t.Errorf("message %q", h.wiz.SignInState.Text)
	}
}

func TestCredentialsProblem(t *testing.T) {
	for _, tt := range []struct{ id, secret, want string }{
		{"", "s", "client ID"}, {"id", "", "client secret"}, {" id", "s", "spaces"}, {"id", "se cret", "spaces"}, {"id", "s", ""},
	} {
		got := CredentialsProblem(tt.id, tt.secret)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("CredentialsProblem(%q, %q) = %q, want %q", tt.id, tt.secret, got, tt.want)
		}
	}
}

// row returns the widgets of device row i: its checkbox and its buttons.
func rowCheck(t *testing.T, w *Wizard, i int) *widget.Check {
	t.Helper()
	for _, o := range w.DeviceList.Objects[i].(*fyne.Container).Objects {
		if c, ok := o.(*widget.Check); ok {
			return c
		}
	}
	t.Fatalf("row %d has no checkbox", i)
	return nil
}

func rowButtons(t *testing.T, w *Wizard, i int) []*widget.Button {
	t.Helper()
	for _, o := range w.DeviceList.Objects[i].(*fyne.Container).Objects {
		if box, ok := o.(*fyne.Container); ok {
			var out []*widget.Button
			for _, b := range box.Objects {
				out = append(out, b.(*widget.Button))
			}
			return out
		}
	}
	t.Fatalf("row %d has no buttons", i)
	return nil
}
