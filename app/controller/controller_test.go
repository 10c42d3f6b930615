package controller

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// desk records what the controller asks of the desktop. It is the only
// stand-in in these tests: the cloud is the fake cloud on real HTTP, and
// the Fyne desktop is tested in app/ui/tray and end to end over D-Bus.
type desk struct {
	mu       sync.Mutex
	menu     view.Menu
	frame    view.Frame
	menus    int
	alerts   []alerts.Alert
	confirms []confirmation
	signOuts []func()
	settings int
	wizards  []WizardStart
	quit     bool
	panels   int
	codes    []string
	// reminders are the reminders shown; buttons is what Remind answers.
	reminders []guard.Reminder
	noButtons bool
}

type confirmation struct {
	title string
	yes   func()
}

func (d *desk) Show(f view.Frame) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.frame, d.menu = f, f.Menu
	d.menus++
}
func (d *desk) Notify(a alerts.Alert) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.alerts = append(d.alerts, a)
}
func (d *desk) Confirm(q devices.Question, yes func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.confirms = append(d.confirms, confirmation{q.Title, yes})
}
func (d *desk) ConfirmSignOut(yes func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.signOuts = append(d.signOuts, yes)
}
func (d *desk) ShowSettings() { d.mu.Lock(); defer d.mu.Unlock(); d.settings++ }
func (d *desk) ShowWizard(s WizardStart) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.wizards = append(d.wizards, s)
}
func (d *desk) Quit()      { d.mu.Lock(); defer d.mu.Unlock(); d.quit = true }
func (d *desk) ShowPanel() { d.mu.Lock(); defer d.mu.Unlock(); d.panels++ }
func (d *desk) ShowCodes(lock utec.Device) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.codes = append(d.codes, lock.ID)
}
func (d *desk) Remind(r guard.Reminder) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reminders = append(d.reminders, r)
	return !d.noButtons
}

func (d *desk) notifications() []alerts.Alert {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]alerts.Alert(nil), d.alerts...)
}

func (d *desk) notified(title string) bool {
	for _, a := range d.notifications() {
		if a.Title == title {
			return true
		}
	}
	return false
}

// labels lists the menu's labels, submenu items as "parent > child".
func (d *desk) labels() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, it := range d.menu.Items {
		out = append(out, it.Label)
		for _, c := range it.Children {
			out = append(out, it.Label+" > "+c.Label)
		}
	}
	return out
}

// item finds a menu item whose label starts with parent (and, inside it,
// the one labelled child when child is not empty).
func (d *desk) item(parent, child string) (view.Item, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, it := range d.menu.Items {
		if !strings.HasPrefix(it.Label, parent) {
			continue
		}
		if child == "" {
			return it, true
		}
		for _, c := range it.Children {
			if c.Label == child {
				return c, true
			}
		}
	}
	return view.Item{}, false
}

type fixture struct {
	t       *testing.T
	cloud   *utectest.Server
	desk    *desk
	ctrl    *Controller
	secrets *session.MemorySecrets
	saved   chan config.Settings
}

func start(t *testing.T, signedIn bool) *fixture {
	t.Helper()
	return startWith(t, signedIn, nil)
}

// startWith is start with the options edited before the controller starts.
func startWith(t *testing.T, signedIn bool, edit func(*Options)) *fixture {
	t.Helper()
	return startWatched(t, signedIn, nil, edit)
}

// startWatched is startWith with a watcher of sleep and screen lock
// attached.
func startWatched(t *testing.T, signedIn bool, watcher Guard, edit func(*Options)) *fixture {
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
	f := &fixture{t: t, cloud: cloud, desk: &desk{}, secrets: secrets, saved: make(chan config.Settings, 10)}
	opts := Options{
		Session: &session.Session{Secrets: secrets}, Settings: s,
		ConfigDir: t.TempDir(), OpenURL: utectest.Browser, NoWizardAtStart: true,
		Persist: func(s config.Settings) error {
			select {
			case f.saved <- s:
			default: // the test reads only the first few
			}
			return nil
		},
		Confirm: utec.ConfirmOptions{Schedule: []time.Duration{20 * time.Millisecond}, Timeout: 3 * time.Second},
		Poller:  poller.Config{FastInterval: 50 * time.Millisecond, FastFor: 2 * time.Second, RequestTimeout: 500 * time.Millisecond},
	}
	if edit != nil {
		edit(&opts)
	}
	f.ctrl = New(opts)
	f.ctrl.Start(f.desk, watcher)
	t.Cleanup(f.ctrl.Stop)
	return f
}

// waitFor polls cond until it holds or 5 s pass.
func (f *fixture) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			f.t.Fatalf("timed out waiting for %s; menu: %q", what, f.desk.labels())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (f *fixture) hasLabel(prefix string) bool {
	for _, l := range f.desk.labels() {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// click clicks the menu item parent (> child).
func (f *fixture) click(parent, child string) {
	f.t.Helper()
	it, ok := f.desk.item(parent, child)
	if !ok {
		f.t.Fatalf("no menu item %q > %q in %q", parent, child, f.desk.labels())
	}
	if it.Disabled {
		f.t.Fatalf("menu item %q > %q is disabled", parent, child)
	}
	f.ctrl.Click(it.Action)
}

// homeSummary is the first line for the sample home: every lock locked,
// the Garage Light offline.
const homeSummary = "Garage Light offline"

func (f *fixture) home() {
	f.t.Helper()
	f.waitFor("the home", func() bool { return f.hasLabel(homeSummary) })
}

func (f *fixture) commands() int { return f.cloud.Stats().Calls["Uhome.Device/Command"] }

func TestMenuShowsTheHome(t *testing.T) {
	f := start(t, true)
	f.home()
	for _, want := range []string{"Front Door: Locked · battery 80%", "Back Door: Locked · battery 40%", "Living Room Lamp: On at 60%",
		"Garage Light: Offline · On (last known)", "Coffee Maker: Off", "Refresh now", "Settings…", "Sign out", "Quit utec-tray"} {
		if !f.hasLabel(want) {
			t.Errorf("no %q in %q", want, f.desk.labels())
		}
	}
	f.desk.mu.Lock()
	m := f.desk.menu
	f.desk.mu.Unlock()
	if m.Icon != (view.Icon{Glyph: view.GlyphLocked, Badge: true}) || m.Tooltip != "utec-tray: "+homeSummary {
		t.Errorf("icon %+v tooltip %q, want a closed padlock with a badge and %q", m.Icon, m.Tooltip, homeSummary)
	}
}

func TestLockClickShowsPendingAndConfirms(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the unlocked door", func() bool { return f.hasLabel("Front Door unlocked") })
	f.cloud.ResetRequests()
	f.click("Lock Front Door", "")
	f.waitFor("Locking…", func() bool { return f.hasLabel("Front Door: Locking…") })
	f.waitFor("locked", func() bool { return f.hasLabel("Front Door: Locked") })
	if n := f.commands(); n != 1 {
		t.Errorf("%d commands sent", n)
	}
	if f.hasLabel("Lock Front Door") {
		t.Error("Lock Front Door still offered")
	}
	if f.desk.notified("Front Door locked") {
		t.Error("own lock announced as someone else's")
	}
}

// TestLockAllLocksWhatTheMenuOffers: the click locks exactly the locks
// the menu's rule picks — not the offline one, not the one in passage
// mode.
func TestLockAllLocksWhatTheMenuOffers(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("Lock all", func() bool { return f.hasLabel("Lock all") })
	// Passage mode comes between the menu and the click: the click locks
	// what the rule picks now.
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockMode", 1)
	f.click("Refresh now", "")
	f.waitFor("passage mode", func() bool { return f.hasLabel("Back Door: Unlocked · Passage (held open)") })
	if f.hasLabel("Lock all") || f.hasLabel("Lock Back Door") || !f.hasLabel("Lock Front Door") {
		t.Errorf("one-click lock lines: %q", f.desk.labels())
	}
	f.cloud.ResetRequests()
	f.ctrl.Click(view.Action{Kind: view.LockAll})
	f.waitFor("locked", func() bool { return f.hasLabel("Front Door: Locked") })
	time.Sleep(100 * time.Millisecond)
	if n := f.commands(); n != 1 {
		t.Errorf("Lock all sent %d commands, want 1 (Front Door only)", n)
	}
}

func TestUnlockAsksFirst(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.ResetRequests()
	f.click("Front Door", "Unlocked…")
	f.waitFor("the question", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return len(f.desk.confirms) == 1 })
	time.Sleep(50 * time.Millisecond)
	if n := f.commands(); n != 0 {
		t.Fatalf("unlocked before the person confirmed (%d commands)", n)
	}
	f.desk.mu.Lock()
	q := f.desk.confirms[0]
	f.desk.mu.Unlock()
	if q.title != "Unlock Front Door?" {
		t.Errorf("asked %q", q.title)
	}
	q.yes()
	f.waitFor("unlocked", func() bool { return f.hasLabel("Front Door: Unlocked") })
}

func TestUnlockWithoutAskingWhenChosen(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Settings.SetAskBeforeUnlock(utectest.FrontDoorID, false) })
	f.home()
	f.click("Front Door", "Unlocked")
	f.waitFor("unlocked", func() bool { return f.hasLabel("Front Door: Unlocked") })
	if len(f.desk.confirms) != 0 {
		t.Error("asked although the person chose not to be asked")
	}
}

func TestSomeoneElsesUnlockIsAnnounced(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the notification", func() bool { return f.desk.notified("Back Door unlocked") })
	// The menu follows in the same turn of the loop, just after.
	f.waitFor("the summary", func() bool { return f.hasLabel("Back Door unlocked") })
}

// TestLockButtonOnSomeoneElsesUnlock: the news of someone else's unlock
// offers Lock; pressing it locks the door as the menu does, without a
// question, and the result is followed up as any command's.
func TestLockButtonOnSomeoneElsesUnlock(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.Settings.Notify.OwnActions = true })
	f.home()
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.click("Refresh now", "")
	f.waitFor("the notification", func() bool { return f.desk.notified("Back Door unlocked") })
	f.waitFor("the unlocked row", func() bool { return f.hasLabel("Back Door: Unlocked") })
	var news alerts.Alert
	for _, a := range f.desk.notifications() {
		if a.Title == "Back Door unlocked" {
			news = a
		}
	}
	if !slices.Equal(news.Actions, []string{alerts.ActionLock}) || news.DeviceID != utectest.BackDoorID {
		t.Fatalf("the news offers %q for %q, want Lock for the back door", news.Actions, news.DeviceID)
	}
	f.cloud.ResetRequests()
	f.ctrl.AlertAnswered(news.Kind, news.DeviceID, "default") // a click on the notification itself
	f.ctrl.AlertAnswered(news.Kind, news.DeviceID, alerts.ActionLock)
	f.waitFor("locked", func() bool { return f.hasLabel("Back Door: Locked") })
	if got := lockCommands(f.cloud); !slices.Equal(got, []string{utectest.BackDoorID}) {
		t.Errorf("Lock commands %q, want the back door's once", got)
	}
	if len(f.desk.confirms) != 0 {
		t.Error("locking from a notification asked a question")
	}
	f.waitFor("the follow-up", func() bool {
		return slices.ContainsFunc(f.desk.notifications(), func(a alerts.Alert) bool {
			return a.Kind == alerts.CommandDone && strings.HasPrefix(a.Title, "Back Door is locked")
		})
	})
}

func TestFailedCommandSaysWhy(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.NeverExecute(utectest.BackDoorID, true)
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "jammed")
	f.click("Refresh now", "")
	f.waitFor("jammed", func() bool { return f.hasLabel("Back Door jammed") })
	f.click("Back Door", "Locked")
	f.waitFor("the failure", func() bool { return f.desk.notified("Back Door did not lock: it is jammed.") })
}

func TestSignInAndOut(t *testing.T) {
	f := start(t, false)
	f.waitFor("signed out", func() bool { return f.hasLabel("Signed out") })
	f.click("Sign in…", "")
	f.waitFor("signed in", func() bool { return f.hasLabel(homeSummary) })
	if tok, err := f.secrets.Token(); err != nil || tok.AccessToken == "" {
		t.Fatalf("no token stored: %v", err)
	}
	if !f.desk.notified("Signed in as Jane Doe") {
		t.Errorf("no sign-in notification: %v", f.desk.notifications())
	}
	f.click("Sign out", "")
	f.waitFor("the question", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return len(f.desk.signOuts) == 1 })
	if f.hasLabel("Signed out") {
		t.Fatal("signed out before the person said yes")
	}
	f.desk.mu.Lock()
	yes := f.desk.signOuts[0]
	f.desk.mu.Unlock()
	yes()
	f.waitFor("signed out again", func() bool { return f.hasLabel("Signed out") })
	f.waitFor("token removed", func() bool { _, err := f.secrets.Token(); return err != nil })
	if f.cloud.Stats().Calls["Uhome.User/Logout"] != 1 {
		t.Error("the cloud was not told")
	}
	if _, err := f.secrets.ClientSecret(); err != nil {
		t.Errorf("signing out removed the client secret: %v", err)
	}
	// Signing in again needs no trip to the phone: no wizard.
	f.click("Sign in…", "")
	f.waitFor("signed in again", func() bool { return f.hasLabel(homeSummary) })
	f.desk.mu.Lock()
	defer f.desk.mu.Unlock()
	if len(f.desk.wizards) != 0 {
		t.Errorf("signing in again opened the wizard: %+v", f.desk.wizards)
	}
}

// The settings window's sign-out learns its result once it finished; and
// forgetting the client removes the secret and the client ID, so the
// wizard then starts at the credentials.
func TestSignOutReportsAndForgetClient(t *testing.T) {
	f := start(t, true)
	f.waitFor("signed in", func() bool { return f.hasLabel(homeSummary) })
	done := make(chan error, 1)
	f.ctrl.SignOut(func(err error) { done <- err })
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("sign-out: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sign-out never reported")
	}
	if _, err := f.secrets.Token(); err == nil {
		t.Error("the token is still stored when done was called")
	}
	if v := f.ctrl.View(); !v.Snapshot.SignIn.Needed() {
		t.Errorf("the view says %v when done was called", v.Snapshot.SignIn)
	}
	f.ctrl.ForgetClient(func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatalf("forget the client: %v", err)
	}
	if _, err := f.secrets.ClientSecret(); err == nil {
		t.Error("the client secret is still stored")
	}
	if id := f.ctrl.View().Snapshot.Settings.ClientID; id != "" {
		t.Errorf("client ID %q kept", id)
	}
	f.ctrl.ChangeCredentials()
	f.waitFor("the wizard", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return len(f.desk.wizards) == 1 })
	f.desk.mu.Lock()
	defer f.desk.mu.Unlock()
	if s := f.desk.wizards[0]; !s.AtCredentials || s.HasSecret || s.ClientID != "" {
		t.Errorf("wizard at %+v, want at the credentials with nothing stored", s)
	}
}

func TestFreshInstallOpensTheWizard(t *testing.T) {
	f := startWith(t, false, func(o *Options) { o.NoWizardAtStart = false })
	f.waitFor("the wizard", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return len(f.desk.wizards) == 1 })
	f.desk.mu.Lock()
	start := f.desk.wizards[0]
	f.desk.mu.Unlock()
	if start.ClientID != utectest.ClientID || !start.HasSecret || start.HasToken {
		t.Errorf("the wizard resumes at %+v", start)
	}
}

func TestSettingsReachTheTrayAndSession(t *testing.T) {
	f := start(t, true)
	f.home()
	f.ctrl.EditSettings(func(s *config.Settings) {
		s.SetHidden(utectest.GarageID, true)
		s.PollSeconds = 300
	})
	f.waitFor("the garage to go", func() bool { return !f.hasLabel("Garage Light") })
	select {
	case s := <-f.saved:
		if s.PollSeconds != 300 {
			t.Errorf("saved %+v", s)
		}
	case <-time.After(time.Second):
		t.Error("the change was not saved")
	}
	f.ctrl.EditSettings(func(s *config.Settings) { s.APIURL = "http://127.0.0.1:1" })
	f.waitFor("the new service", func() bool { return f.ctrl.sess.CurrentService().APIURL == "http://127.0.0.1:1" })
	if d := f.ctrl.Diagnostics(); !strings.Contains(d, `"pollSeconds": 300`) || strings.Contains(d, utectest.ClientSecret) {
		t.Errorf("diagnostics:\n%s", d)
	}
}

func TestSignInWithoutCredentialsOpensTheWizard(t *testing.T) {
	f := start(t, false)
	f.waitFor("signed out", func() bool { return f.hasLabel("Signed out") })
	f.ctrl.EditSettings(func(s *config.Settings) { s.ClientID = "" })
	f.waitFor("the client ID to go", func() bool { return f.ctrl.View().Snapshot.Settings.ClientID == "" })
	f.click("Sign in…", "")
	f.waitFor("the wizard", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return len(f.desk.wizards) == 1 })
	f.waitFor("Sign in offered again", func() bool { return f.hasLabel("Sign in…") })
}

func TestRevokedSignInAsksOnce(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.ExpireAccessTokens()
	f.cloud.RevokeRefreshTokens()
	f.click("Refresh now", "")
	f.waitFor("sign-in needed", func() bool { return f.hasLabel("Sign in needed") })
	time.Sleep(200 * time.Millisecond)
	n := 0
	for _, a := range f.desk.notifications() {
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
			f.home()
			o.start(f.cloud)
			f.click("Refresh now", "")
			f.waitFor("the outage", func() bool { return f.hasLabel("Cloud unreachable since") })
			if !f.hasLabel("Front Door: Locked · battery 80% (as of ") || !f.hasLabel("Cloud unreachable · "+homeSummary) {
				t.Errorf("last known state not kept and marked stale: %q", f.desk.labels())
			}
			o.stop(f.cloud)
			f.click("Refresh now", "")
			f.waitFor("the recovery", func() bool {
				return !f.hasLabel("Cloud unreachable since") && f.hasLabel("Front Door: Locked · battery 80%") && !f.hasLabel("Front Door: Locked · battery 80% (as of ")
			})
			for _, a := range f.desk.notifications() {
				t.Errorf("an outage should not notify: %+v", a)
			}
		})
	}
}

func TestMalformedAnswersKeepTheLastState(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.MalformedNext(1000, `{"payload": {"devices": [{"id": "AA:BB`)
	f.click("Refresh now", "")
	f.waitFor("the failure", func() bool { return f.hasLabel("Cloud unreachable since") })
	if !f.hasLabel("Front Door: Locked") {
		t.Errorf("state lost: %q", f.desk.labels())
	}
	f.cloud.MalformedNext(0, "")
	f.click("Refresh now", "")
	f.waitFor("the recovery", func() bool { return !f.hasLabel("Cloud unreachable since") })
}

// TestStopLeavesNoGoroutines runs a whole session (commands, an outage,
// sign-out) and checks that Stop ends every goroutine the controller
// started.
func TestStopLeavesNoGoroutines(t *testing.T) {
	before := goleak.IgnoreCurrent()
	func() {
		f := start(t, true)
		f.home()
		f.click("Living Room Lamp", "Off")
		f.waitFor("the lamp", func() bool { return f.hasLabel("Living Room Lamp: Off") })
		f.cloud.FailNext(3, 500, "")
		f.click("Refresh now", "")
		f.waitFor("the outage", func() bool { return f.hasLabel("Cloud unreachable since") })
		f.ctrl.Stop()
		f.cloud.Close()
		http.DefaultClient.CloseIdleConnections()
	}()
	goleak.VerifyNone(t, before,
		// The HTTP keep-alive reader of other tests' connections is not the
		// controller's.
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"))
}

// TestHangingCloudLeavesTheTrayResponsive: a cloud that answers after the
// timeout makes polls fail; clicks are still handled at once.
func TestHangingCloudLeavesTheTrayResponsive(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.SetLatency(2 * time.Second)
	f.click("Refresh now", "")
	clicked := time.Now()
	f.click("Settings…", "")
	f.waitFor("the settings window", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return f.desk.settings == 1 })
	if waited := time.Since(clicked); waited > time.Second {
		t.Errorf("the settings window took %v to open while a poll hung", waited)
	}
	f.waitFor("the timeout", func() bool { return f.hasLabel("Cloud unreachable since") })
	f.cloud.SetLatency(0)
	f.click("Refresh now", "")
	f.waitFor("the recovery", func() bool { return !f.hasLabel("Cloud unreachable since") })
}

// slowKeyring fails like a locked Secret Service until unlocked, and can
// hang on every read like one waiting for its unlock prompt.
type slowKeyring struct {
	*session.MemorySecrets
	mu     sync.Mutex
	locked bool
	delay  time.Duration
}

func (k *slowKeyring) Token() (*oauth2.Token, error) {
	k.mu.Lock()
	locked, delay := k.locked, k.delay
	k.mu.Unlock()
	time.Sleep(delay)
	if locked {
		return nil, &tokenstore.UnavailableError{Op: "read the sign-in from the system keyring", Hint: "the keyring is locked: unlock it, then try again"}
	}
	return k.MemorySecrets.Token()
}

func (k *slowKeyring) ClientSecret() (string, error) {
	k.mu.Lock()
	delay := k.delay
	k.mu.Unlock()
	time.Sleep(delay)
	return k.MemorySecrets.ClientSecret()
}

func (k *slowKeyring) set(locked bool, delay time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.locked, k.delay = locked, delay
}

func TestLockedKeyringAtStartRecovers(t *testing.T) {
	var keyring *slowKeyring
	f := startWith(t, true, func(o *Options) {
		keyring = &slowKeyring{MemorySecrets: o.Session.Secrets.(*session.MemorySecrets), locked: true}
		o.Session.Secrets = keyring
		o.NoWizardAtStart = false // a locked keyring must not look like a fresh install
	})
	f.waitFor("the problem", func() bool { return f.hasLabel("Cannot read the sign-in from the keyring") })
	if !f.hasLabel("could not read the sign-in from the system keyring: the keyring is locked") {
		t.Errorf("no explanation: %q", f.desk.labels())
	}
	if !f.desk.notified("Cannot read the sign-in") {
		t.Errorf("not announced: %v", f.desk.notifications())
	}
	f.desk.mu.Lock()
	wizards := len(f.desk.wizards)
	f.desk.mu.Unlock()
	if wizards != 0 {
		t.Error("opened the wizard for a locked keyring")
	}
	keyring.set(false, 0)
	f.click("Refresh now", "")
	f.waitFor("the recovery", func() bool { return f.hasLabel(homeSummary) })
}

// TestHangingKeyringNeverBlocksTheCaller: with every keyring read taking
// seconds (a Secret Service waiting for its unlock prompt), the
// controller's entry points — what the UI goroutine calls — return at
// once: clicks, settings, diagnostics, the View.
func TestHangingKeyringNeverBlocksTheCaller(t *testing.T) {
	var keyring *slowKeyring
	f := startWith(t, true, func(o *Options) {
		keyring = &slowKeyring{MemorySecrets: o.Session.Secrets.(*session.MemorySecrets)}
		o.Session.Secrets = keyring
	})
	f.home()
	keyring.set(false, 3*time.Second)
	// A change of service drops the client: the next poll reads the
	// keyring again, and hangs there.
	f.ctrl.EditSettings(func(s *config.Settings) { s.OAuthURL += "/" })
	f.click("Refresh now", "")
	time.Sleep(100 * time.Millisecond) // the poll is now inside the keyring
	begin := time.Now()
	for range 20 {
		f.ctrl.Click(view.Action{Kind: view.OpenSettings})
		f.ctrl.EditSettings(func(s *config.Settings) { s.PollSeconds++ })
		_ = f.ctrl.Diagnostics()
		_ = f.ctrl.View()
	}
	if took := time.Since(begin); took > 500*time.Millisecond {
		t.Errorf("the entry points took %v with a hanging keyring", took)
	}
	f.waitFor("the settings window", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return f.desk.settings >= 20 })
	if took := time.Since(begin); took > 2*time.Second {
		t.Errorf("the loop took %v to open the settings window with a hanging keyring", took)
	}
}

// sync waits until everything posted before it has run.
func (c *Controller) sync() {
	done := make(chan struct{})
	c.post(func() { close(done) })
	select {
	case <-done:
	case <-c.ctx.Done():
	}
}
