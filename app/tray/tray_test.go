package tray

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/goleak"
	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// recorder stands in for the desktop tray, which Fyne's test app does not
// have (the real tray is tested end to end over D-Bus).
type recorder struct {
	mu     sync.Mutex
	menu   *fyne.Menu
	icon   fyne.Resource
	sets   int
	alerts []alerts.Alert
}

// SetSystemTrayMenu keeps a copy: the controller reuses one menu object
// and changes its items on the UI goroutine, as the real tray reads them.
func (r *recorder) SetSystemTrayMenu(m *fyne.Menu) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cp := *m
	cp.Items = append([]*fyne.MenuItem(nil), m.Items...)
	r.menu = &cp
	r.sets++
}

func (r *recorder) SetSystemTrayIcon(i fyne.Resource) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.icon = i
}

func (r *recorder) notify(a alerts.Alert) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.alerts = append(r.alerts, a)
}

func (r *recorder) notifications() []alerts.Alert {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]alerts.Alert(nil), r.alerts...)
}

// labels lists the menu's labels, submenu items as "parent > child".
func (r *recorder) labels() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.menu == nil {
		return nil
	}
	var out []string
	for _, it := range r.menu.Items {
		out = append(out, it.Label)
		if it.ChildMenu != nil {
			for _, c := range it.ChildMenu.Items {
				out = append(out, it.Label+" > "+c.Label)
			}
		}
	}
	return out
}

// item finds a menu item whose label starts with parent (and, inside it,
// one labelled child when child is not empty).
func (r *recorder) item(parent, child string) *fyne.MenuItem {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.menu == nil {
		return nil
	}
	for _, it := range r.menu.Items {
		if !strings.HasPrefix(it.Label, parent) {
			continue
		}
		if child == "" {
			return it
		}
		if it.ChildMenu != nil {
			for _, c := range it.ChildMenu.Items {
				if c.Label == child {
					return c
				}
			}
		}
	}
	return nil
}

type fixture struct {
	t       *testing.T
	cloud   *utectest.Server
	rec     *recorder
	ctrl    *Controller
	secrets *session.MemorySecrets
	app     fyne.App
}

func start(t *testing.T, signedIn bool) *fixture {
	t.Helper()
	return startWith(t, signedIn, nil)
}

// startWith is start with the options edited before the controller starts.
func startWith(t *testing.T, signedIn bool, edit func(*Options)) *fixture {
	t.Helper()
	cloud := utectest.NewForTest(t, utectest.WithCommandDelay(50*time.Millisecond))
	secrets := &session.MemorySecrets{}
	_ = secrets.SaveClientSecret(utectest.ClientSecret)
	if signedIn {
		access, refresh := cloud.IssueTokens()
		_ = secrets.SaveToken(&oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(time.Hour)})
	}
	s := config.Default()
	s.ClientID, s.OAuthURL, s.APIURL, s.RedirectPort = utectest.ClientID, cloud.URL(), cloud.URL(), 0
	a := test.NewTempApp(t)
	f := &fixture{t: t, cloud: cloud, rec: &recorder{}, secrets: secrets, app: a}
	opts := Options{
		App: a, Surface: f.rec, Session: &session.Session{Settings: s, Secrets: secrets},
		ConfigDir: t.TempDir(), Notify: f.rec.notify, OpenURL: utectest.Browser, NoSetupAtStart: true,
		Confirm: utec.ConfirmOptions{Schedule: []time.Duration{20 * time.Millisecond}, Timeout: 3 * time.Second},
		Poller:  poller.Config{FastInterval: 50 * time.Millisecond, FastFor: 2 * time.Second, RequestTimeout: 500 * time.Millisecond},
	}
	if edit != nil {
		edit(&opts)
	}
	f.ctrl = New(opts)
	f.ctrl.Start()
	t.Cleanup(f.ctrl.Stop)
	return f
}

// waitFor polls cond until it holds or 5 s pass.
func (f *fixture) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			f.t.Fatalf("timed out waiting for %s; menu: %q", what, f.rec.labels())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (f *fixture) hasLabel(prefix string) bool {
	for _, l := range f.rec.labels() {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestMenuShowsTheHome(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	for _, want := range []string{"Front Door: Locked · 80%", "Back Door: Locked · 40%", "Living Room Lamp: On at 60%",
		"Coffee Maker: Off", "Garage Light: Offline · On (last known)", "Refresh now", "Settings…", "Sign out", "Quit utec-tray"} {
		if !f.hasLabel(want) {
			t.Errorf("no %q in %q", want, f.rec.labels())
		}
	}
	if q := f.rec.item("Quit", ""); q == nil || !q.IsQuit {
		t.Error("Quit item not marked IsQuit: Fyne would add a second one")
	}
}

func TestLockClickShowsPendingAndConfirms(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.rec.item("Refresh now", "").Action()
	f.waitFor("the unlocked door", func() bool { return f.hasLabel("Front Door unlocked") })
	f.cloud.ResetRequests()
	lock := f.rec.item("Front Door", "Lock")
	lock.Action()
	f.waitFor("Locking…", func() bool { return f.hasLabel("Front Door: Locking…") })
	f.waitFor("locked", func() bool { return f.hasLabel("Front Door: Locked") })
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("%d commands sent", n)
	}
	if f.hasLabel("Lock all") {
		t.Error("Lock all still offered")
	}
	for _, a := range f.rec.notifications() {
		if a.Title == "Front Door was locked" {
			t.Errorf("own lock announced as someone else's: %+v", a)
		}
	}
}

func TestUnlockAsksFirst(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	f.cloud.ResetRequests()
	f.rec.item("Front Door", "Unlock…").Action()
	var w fyne.Window
	f.waitFor("the confirmation", func() bool {
		w = f.ctrl.LastWindow()
		return w != nil
	})
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 0 {
		t.Fatalf("unlocked before the person confirmed (%d commands)", n)
	}
	var unlock *widget.Button
	fyne.DoAndWait(func() { unlock = findButton(w.Content(), "Unlock") })
	if unlock == nil {
		t.Fatal("no Unlock button in the confirmation")
	}
	test.Tap(unlock)
	f.waitFor("unlocked", func() bool { return f.hasLabel("Front Door: Unlocked") })
}

func findButton(o fyne.CanvasObject, label string) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == label {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := findButton(c, label); b != nil {
				return b
			}
		}
	}
	return nil
}

func TestSomeoneElsesUnlockIsAnnounced(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.rec.item("Refresh now", "").Action()
	f.waitFor("the notification", func() bool {
		for _, a := range f.rec.notifications() {
			if a.Title == "Back Door was unlocked" {
				return true
			}
		}
		return false
	})
	if !f.hasLabel("Back Door unlocked") {
		t.Errorf("summary not updated: %q", f.rec.labels())
	}
}

func TestFailedCommandSaysWhy(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	f.cloud.NeverExecute(utectest.BackDoorID, true)
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "jammed")
	f.rec.item("Refresh now", "").Action()
	f.waitFor("jammed", func() bool { return f.hasLabel("Back Door jammed") })
	f.rec.item("Back Door", "Lock").Action()
	f.waitFor("the failure", func() bool {
		for _, a := range f.rec.notifications() {
			if a.Title == "Back Door did not lock: it is jammed." {
				return true
			}
		}
		return false
	})
}

func TestSignInAndOut(t *testing.T) {
	f := start(t, false)
	f.waitFor("signed out", func() bool { return f.hasLabel("Signed out") })
	f.rec.item("Sign in…", "").Action()
	f.waitFor("signed in", func() bool { return f.hasLabel("All locked") })
	if tok, err := f.secrets.Token(); err != nil || tok.AccessToken == "" {
		t.Fatalf("no token stored: %v", err)
	}
	f.rec.item("Sign out", "").Action()
	f.waitFor("signed out again", func() bool { return f.hasLabel("Signed out") })
	f.waitFor("secrets cleared", func() bool { _, err := f.secrets.Token(); return err != nil })
	if f.cloud.Stats().Calls["Uhome.User/Logout"] != 1 {
		t.Error("the cloud was not told")
	}
}

func TestSettingsReachTheTrayAndSession(t *testing.T) {
	saved := make(chan config.Settings, 10)
	f := startWith(t, true, func(o *Options) { o.Persist = func(s config.Settings) error { saved <- s; return nil } })
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	s := f.ctrl.opts.Session.CurrentSettings()
	s.SetHidden(utectest.GarageID, true)
	s.PollSeconds = 300
	f.ctrl.ApplySettings(s)
	f.waitFor("the garage to go", func() bool { return !f.hasLabel("Garage Light") })
	select {
	case s := <-saved:
		if s.PollSeconds != 300 {
			t.Errorf("saved %+v", s)
		}
	case <-time.After(time.Second):
		t.Error("the change was not saved")
	}
	if got := f.ctrl.opts.Session.CurrentSettings(); got.PollSeconds != 300 || !got.IsHidden(utectest.GarageID) {
		t.Errorf("session settings %+v", got)
	}
	if d := f.ctrl.Diagnostics(); !strings.Contains(d, `"pollSeconds": 300`) || strings.Contains(d, utectest.ClientSecret) {
		t.Errorf("diagnostics:\n%s", d)
	}
}

func TestSignInWithoutCredentialsOpensTheWizard(t *testing.T) {
	f := start(t, false)
	f.waitFor("signed out", func() bool { return f.hasLabel("Signed out") })
	s := f.ctrl.opts.Session.CurrentSettings()
	s.ClientID = ""
	f.ctrl.ApplySettings(s)
	f.ctrl.Sync()
	f.rec.item("Sign in…", "").Action()
	f.waitFor("the wizard", func() bool { w := f.ctrl.LastWindow(); return w != nil && w.Title() == "Set up utec-tray" })
}

func TestRevokedSignInAsksOnce(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	f.cloud.ExpireAccessTokens()
	f.cloud.RevokeRefreshTokens()
	f.rec.item("Refresh now", "").Action()
	f.waitFor("sign-in needed", func() bool { return f.hasLabel("Sign in needed") })
	time.Sleep(200 * time.Millisecond)
	n := 0
	for _, a := range f.rec.notifications() {
		if a.Kind == alerts.SignIn {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d sign-in notifications, want 1", n)
	}
	refreshes := f.cloud.Stats().Refreshes
	time.Sleep(300 * time.Millisecond)
	if f.cloud.Stats().Refreshes != refreshes {
		t.Error("kept refreshing after the refusal")
	}
	_ = context.Background
}

// TestCloudOutagesShowStaleStateAndRecover: server errors, throttling and
// connections cut mid-answer (the network going away) all leave the last
// known state on show, marked stale, with no notification, until the
// cloud answers again.
func TestCloudOutagesShowStaleStateAndRecover(t *testing.T) {
	outages := []struct {
		name        string
		start, stop func(*utectest.Server)
	}{
		{"500", func(c *utectest.Server) { c.FailNext(1000, 500, "") }, func(c *utectest.Server) { c.FailNext(0, 500, "") }},
		{"502", func(c *utectest.Server) { c.FailNext(1000, 502, "") }, func(c *utectest.Server) { c.FailNext(0, 502, "") }},
		{"503", func(c *utectest.Server) { c.FailNext(1000, 503, "") }, func(c *utectest.Server) { c.FailNext(0, 503, "") }},
		{"429 with Retry-After", func(c *utectest.Server) { c.FailNext(1000, 429, "1") }, func(c *utectest.Server) { c.FailNext(0, 429, "") }},
		{"connection cut", func(c *utectest.Server) { c.DropNext(1000) }, func(c *utectest.Server) { c.DropNext(0) }},
	}
	for _, o := range outages {
		t.Run(o.name, func(t *testing.T) {
			f := start(t, true)
			f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
			o.start(f.cloud)
			f.rec.item("Refresh now", "").Action()
			f.waitFor("the outage", func() bool { return f.hasLabel("Cloud unreachable since") })
			if !f.hasLabel("Front Door: Locked · 80% (as of ") || !f.hasLabel("All locked") {
				t.Errorf("last known state not kept and marked stale: %q", f.rec.labels())
			}
			o.stop(f.cloud)
			f.rec.item("Refresh now", "").Action()
			f.waitFor("the recovery", func() bool {
				return !f.hasLabel("Cloud unreachable since") && f.hasLabel("Front Door: Locked · 80%") && !f.hasLabel("Front Door: Locked · 80% (as of ")
			})
			for _, a := range f.rec.notifications() {
				t.Errorf("an outage should not notify: %+v", a)
			}
		})
	}
}

func TestMalformedAnswersKeepTheLastState(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	f.cloud.MalformedNext(1000, `{"payload": {"devices": [{"id": "AA:BB`)
	f.rec.item("Refresh now", "").Action()
	f.waitFor("the failure", func() bool { return f.hasLabel("Cloud unreachable since") })
	if !f.hasLabel("Front Door: Locked") {
		t.Errorf("state lost: %q", f.rec.labels())
	}
	f.cloud.MalformedNext(0, "")
	f.rec.item("Refresh now", "").Action()
	f.waitFor("the recovery", func() bool { return !f.hasLabel("Cloud unreachable since") })
}

// TestStopLeavesNoGoroutines runs a whole session (commands, an outage,
// sign-out) and checks that Stop ends every goroutine the tray started.
func TestStopLeavesNoGoroutines(t *testing.T) {
	before := goleak.IgnoreCurrent()
	func() {
		f := start(t, true)
		f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
		f.rec.item("Living Room Lamp", "Off").Action()
		f.waitFor("the lamp", func() bool { return f.hasLabel("Living Room Lamp: Off") })
		f.cloud.FailNext(3, 500, "")
		f.rec.item("Refresh now", "").Action()
		f.waitFor("the outage", func() bool { return f.hasLabel("Cloud unreachable since") })
		f.ctrl.Stop()
		f.cloud.Close()
		http.DefaultClient.CloseIdleConnections()
	}()
	goleak.VerifyNone(t, before,
		// Fyne's test app and the HTTP keep-alive reader of other tests'
		// connections are not the tray's.
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreAnyFunction("fyne.io/fyne/v2/internal/async.(*UnboundedChan[...]).processing"))
}

// TestHangingCloudLeavesTheTrayResponsive: a cloud that answers after the
// timeout makes polls fail; clicks are still handled at once.
func TestHangingCloudLeavesTheTrayResponsive(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("All locked") })
	f.cloud.SetLatency(2 * time.Second)
	f.rec.item("Refresh now", "").Action()
	clicked := time.Now()
	f.rec.item("Settings…", "").Action()
	f.waitFor("the settings window", func() bool { w := f.ctrl.LastWindow(); return w != nil && w.Title() == "utec-tray Settings" })
	if waited := time.Since(clicked); waited > time.Second {
		t.Errorf("the settings window took %v to open while a poll hung", waited)
	}
	f.waitFor("the timeout", func() bool { return f.hasLabel("Cloud unreachable since") })
	f.cloud.SetLatency(0)
	f.rec.item("Refresh now", "").Action()
	f.waitFor("the recovery", func() bool { return !f.hasLabel("Cloud unreachable since") })
}

// lockedKeyring fails like a locked Secret Service until unlocked.
type lockedKeyring struct {
	*session.MemorySecrets
	mu     sync.Mutex
	locked bool
}

func (k *lockedKeyring) Token() (*oauth2.Token, error) {
	k.mu.Lock()
	locked := k.locked
	k.mu.Unlock()
	if locked {
		return nil, &tokenstore.UnavailableError{Op: "read the sign-in from the system keyring", Hint: "the keyring is locked: unlock it, then try again"}
	}
	return k.MemorySecrets.Token()
}

func (k *lockedKeyring) unlock() { k.mu.Lock(); defer k.mu.Unlock(); k.locked = false }

func TestLockedKeyringAtStartRecovers(t *testing.T) {
	var keyring *lockedKeyring
	f := startWith(t, true, func(o *Options) {
		keyring = &lockedKeyring{MemorySecrets: o.Session.Secrets.(*session.MemorySecrets), locked: true}
		o.Session.Secrets = keyring
		o.NoSetupAtStart = false // a locked keyring must not look like a fresh install
	})
	f.waitFor("the problem", func() bool { return f.hasLabel("Cannot read the sign-in from the keyring") })
	if !f.hasLabel("could not read the sign-in from the system keyring: the keyring is locked") {
		t.Errorf("no explanation: %q", f.rec.labels())
	}
	if w := f.ctrl.LastWindow(); w != nil {
		t.Errorf("opened %q for a locked keyring", w.Title())
	}
	keyring.unlock()
	f.rec.item("Refresh now", "").Action()
	f.waitFor("the recovery", func() bool { return f.hasLabel("All locked") })
}
