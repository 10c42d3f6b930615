package tray

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/ui/icons"
	"github.com/utec-tray/utec-tray/app/ui/panel"
	"github.com/utec-tray/utec-tray/app/ui/settingsui"
	"github.com/utec-tray/utec-tray/app/ui/widgets"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// These tests drive the Fyne shell with Fyne's test app over the real
// controller and the fake cloud. The controller's decisions are tested in
// app/controller; the real tray over D-Bus in e2e/.

// recorder stands in for the desktop tray, which Fyne's test app does not
// have.
type recorder struct {
	mu       sync.Mutex
	menu     *fyne.Menu
	icon     fyne.Resource
	template fyne.Resource
	tooltip  string
	alerts   []alerts.Alert
}

var _ TooltipSurface = (*recorder)(nil)

func (r *recorder) SetSystemTrayTooltip(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tooltip = s
}

func (r *recorder) SetSystemTrayTemplateIcon(template, _ fyne.Resource) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.template = template
}

// SetSystemTrayMenu keeps a copy: the tray reuses one menu object and
// changes its items on the UI goroutine, as the real tray reads them.
func (r *recorder) SetSystemTrayMenu(m *fyne.Menu) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cp := *m
	cp.Items = append([]*fyne.MenuItem(nil), m.Items...)
	r.menu = &cp
}

func (r *recorder) SetSystemTrayIcon(i fyne.Resource) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.icon = i
}

// Notify records a notification (Notifier).
func (r *recorder) Notify(a alerts.Alert) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.alerts = append(r.alerts, a)
}

// Remind records a reminder as a notification without buttons (Notifier).
func (r *recorder) Remind(rm guard.Reminder) bool {
	r.Notify(alerts.Alert{Kind: "reminder", DeviceID: rm.LockID, Title: rm.Title, Body: rm.Body})
	return false
}

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

// item finds a Fyne menu item whose label starts with parent (and, inside
// it, one labelled child when child is not empty).
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
	t     *testing.T
	cloud *utectest.Server
	rec   *recorder
	app   fyne.App
	ctrl  *controller.Controller
	tray  *Tray

	// uiMu makes the tray's UI work and the test's (ui) take turns, as
	// on the one UI goroutine of the real app.
	uiMu sync.Mutex
}

// ui runs f as the UI goroutine would, in turn with the tray's UI work.
func (f *fixture) ui(fn func()) {
	f.uiMu.Lock()
	defer f.uiMu.Unlock()
	fn()
}

func start(t *testing.T, signedIn bool) *fixture {
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
	f := &fixture{t: t, cloud: cloud, rec: &recorder{}, app: a}
	f.ctrl = controller.New(controller.Options{
		Session: &session.Session{Secrets: secrets}, Settings: s, ConfigDir: t.TempDir(),
		OpenURL: utectest.Browser, NoWizardAtStart: true,
		Confirm: utec.ConfirmOptions{Schedule: []time.Duration{20 * time.Millisecond}, Timeout: 3 * time.Second},
		Poller:  poller.Config{FastInterval: 50 * time.Millisecond, FastFor: 2 * time.Second, RequestTimeout: 500 * time.Millisecond},
	})
	f.tray = New(Options{App: a, Surface: f.rec, Notifier: f.rec, Controller: f.ctrl, UI: f.ui})
	f.ctrl.Start(f.tray, nil)
	t.Cleanup(f.ctrl.Stop)
	return f
}

// windows are the app's open windows, oldest first.
func (f *fixture) windows() []fyne.Window {
	var ws []fyne.Window
	f.ui(func() { ws = f.app.Driver().AllWindows() })
	return ws
}

// window is the newest open window titled title, or nil.
func (f *fixture) window(title string) fyne.Window {
	ws := f.windows()
	for i := len(ws) - 1; i >= 0; i-- {
		if ws[i].Title() == title {
			return ws[i]
		}
	}
	return nil
}

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

// home waits for the sample home's first poll.
func (f *fixture) home() {
	f.t.Helper()
	f.waitFor("the home", func() bool { return f.hasLabel("Front Door: Locked") })
}

func (f *fixture) hasLabel(prefix string) bool {
	for _, l := range f.rec.labels() {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestFyneMenuClicksReachTheCloud(t *testing.T) {
	f := start(t, true)
	f.home()
	if q := f.rec.item("Quit", ""); q == nil || !q.IsQuit {
		t.Error("Quit item not marked IsQuit: Fyne would add a second one")
	}
	if it := f.rec.item("Garage Light", "On"); it == nil || !it.Disabled {
		t.Errorf("an offline device's commands must be disabled: %+v", it)
	}
	f.rec.item("Living Room Lamp", "Off").Action()
	f.waitFor("the lamp off", func() bool { return f.hasLabel("Living Room Lamp: Off") })
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("%d commands sent", n)
	}
}

// TestIconTooltipAndCheckmarks: the tray shows the model's icon, tooltip
// and checkmarks as they change.
func TestIconTooltipAndCheckmarks(t *testing.T) {
	f := start(t, true)
	f.home()
	// The sample home: every lock locked, the Garage Light offline.
	state := func() (fyne.Resource, fyne.Resource, string) {
		f.rec.mu.Lock()
		defer f.rec.mu.Unlock()
		return f.rec.icon, f.rec.template, f.rec.tooltip
	}
	f.waitFor("the tooltip", func() bool { _, _, tip := state(); return tip == "utec-tray: Garage Light offline" })
	if icon, template, _ := state(); icon != icons.IconLockedBadge || template != icons.TemplateLockedBadge {
		t.Errorf("icon %s template %v, want %s", icon.Name(), template, icons.IconLockedBadge.Name())
	}
	checked := func(parent, child string) bool {
		it := f.rec.item(parent, child)
		if it == nil {
			t.Fatalf("no %q > %q in %q", parent, child, f.rec.labels())
		}
		return it.Checked
	}
	if !checked("Front Door", "Locked") || checked("Front Door", "Unlocked…") {
		t.Error("the checkmark is not on Front Door's Locked")
	}
	if !checked("Living Room Lamp", "On") || checked("Living Room Lamp", "Off") {
		t.Error("the checkmark is not on the lamp's On")
	}

	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.rec.item("Refresh now", "").Action()
	f.waitFor("the open padlock", func() bool {
		icon, _, tip := state()
		return icon == icons.IconUnlockedBadge && tip == "utec-tray: Back Door unlocked · Garage Light offline"
	})
	if !checked("Back Door", "Unlocked…") || checked("Back Door", "Locked") {
		t.Error("the checkmark is not on Back Door's Unlocked")
	}
}

func TestUnlockAsksInAWindow(t *testing.T) {
	f := start(t, true)
	f.home()
	f.cloud.ResetRequests()
	f.rec.item("Front Door", "Unlocked…").Action()
	var w fyne.Window
	f.waitFor("the question", func() bool { w = f.window("Unlock Front Door?"); return w != nil })
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 0 {
		t.Fatalf("unlocked before the person confirmed (%d commands)", n)
	}
	var unlock *widget.Button
	f.ui(func() { unlock = findButton(w.Content(), "Unlock") })
	if unlock == nil {
		t.Fatal("no Unlock button in the question")
	}
	f.ui(func() { test.Tap(unlock) })
	f.waitFor("unlocked", func() bool { return f.hasLabel("Front Door: Unlocked") })
}

func TestSettingsOpensOnceAndShowsTheTraysState(t *testing.T) {
	f := start(t, true)
	f.home()
	f.rec.item("Settings…", "").Action()
	f.waitFor("the settings window", func() bool { return f.window("utec-tray Settings") != nil })
	f.rec.item("Settings…", "").Action()
	f.ctrl.OpenSettings()
	time.Sleep(100 * time.Millisecond)
	n := 0
	for _, w := range f.windows() {
		if w.Title() == "utec-tray Settings" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d windows opened, want the one raised again", n)
	}
}

func TestSignInWithoutCredentialsOpensTheWizardWindow(t *testing.T) {
	f := start(t, false)
	f.waitFor("signed out", func() bool { return f.hasLabel("Signed out") })
	f.ctrl.EditSettings(func(s *config.Settings) { s.ClientID = "" })
	f.waitFor("the client ID to go", func() bool { return f.ctrl.View().Snapshot.Settings.ClientID == "" })
	f.rec.item("Sign in…", "").Action()
	f.waitFor("the wizard", func() bool { return f.window("Set up utec-tray") != nil })
}

func findButton(o fyne.CanvasObject, label string) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == label {
			return v
		}
	case *widgets.KeyButton:
		if v.Text == label {
			return &v.Button
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

// Sign out from the menu asks in a window first, keeps the API client,
// and an open settings window learns the new state and offers Sign in.
func TestSignOutAsksAndSettingsFollow(t *testing.T) {
	f := start(t, true)
	f.waitFor("the home", func() bool { return f.hasLabel("Front Door: Locked") })
	f.rec.item("Settings…", "").Action()
	f.waitFor("the settings window", func() bool { return f.window("utec-tray Settings") != nil })
	var sw *settingsui.Window
	f.ui(func() { sw = f.tray.settings })
	if sw == nil {
		t.Fatal("the tray does not know its settings window")
	}
	f.rec.item("Sign out", "").Action()
	var q fyne.Window
	f.waitFor("the question", func() bool { q = f.window("Sign out of U-Tec?"); return q != nil })
	if f.hasLabel("Signed out") {
		t.Fatal("signed out before the person answered")
	}
	var yes *widget.Button
	f.ui(func() { yes = findButton(q.Content(), "Sign out") })
	f.ui(func() { test.Tap(yes) })
	f.waitFor("signed out", func() bool { return f.hasLabel("Signed out") })
	f.waitFor("the settings window to offer Sign in", func() bool {
		ok := false
		f.ui(func() { ok = sw.SignIn.Visible() && !sw.SignIn.Disabled() && !sw.SignOut.Visible() })
		return ok
	})
	f.ui(func() {
		if got := sw.DevicesIntro.Text; !strings.HasPrefix(got, "No devices yet") {
			t.Errorf("Devices tab after signing out: %q", got)
		}
	})
}

func TestClipTooltip(t *testing.T) {
	t.Parallel()
	long := "utec-tray: " + strings.Repeat("Front Door unlocked · ", 10)
	for _, tt := range []struct {
		text string
		max  int
		want string
	}{
		{"utec-tray: All locked", 127, "utec-tray: All locked"},
		{long, 0, long},
		{"utec-tray: Back Door unlocked", 20, "utec-tray: Back Doo…"},
		{"a · b", 4, "a ·…"},
	} {
		if got := clipTooltip(tt.text, tt.max); got != tt.want {
			t.Errorf("clipTooltip(%q, %d) = %q, want %q", tt.text, tt.max, got, tt.want)
		}
	}
	if got := clipTooltip(long, 127); len([]rune(got)) > 127 || !strings.HasSuffix(got, "…") {
		t.Errorf("clipped to %d runes: %q", len([]rune(got)), got)
	}
}

// TestSettingsEditKeepsTheWizardsClientID: with Settings open, "Change
// credentials…" opens the wizard, which saves a new client ID; a tick in
// the settings window afterwards must not write the old client ID back
// (the window once posted its whole copy of the settings, taken when it
// opened).
func TestSettingsEditKeepsTheWizardsClientID(t *testing.T) {
	f := start(t, true)
	f.home()
	ctrl := f.ctrl
	f.rec.item("Settings…", "").Action()
	f.waitFor("the settings window", func() bool { return f.window("utec-tray Settings") != nil })
	var sw *settingsui.Window
	f.ui(func() { sw = f.tray.settings })
	f.ui(func() { test.Tap(sw.Credentials) })
	f.waitFor("the wizard", func() bool { return f.window("Set up utec-tray") != nil })
	f.ui(func() {
		wz := f.tray.wizard
		wz.ClientID.SetText("client-from-the-wizard")
		wz.Secret.SetText("a-new-secret")
		test.Tap(wz.Next)
	})
	f.waitFor("the new client ID", func() bool {
		return ctrl.View().Snapshot.Settings.ClientID == "client-from-the-wizard"
	})
	f.ui(func() { test.Tap(sw.Notify["jammed"]) })
	f.waitFor("the tick", func() bool { return !ctrl.View().Snapshot.Settings.Notify.Jammed })
	if got := ctrl.View().Snapshot.Settings.ClientID; got != "client-from-the-wizard" {
		t.Errorf("client ID after a tick in Settings: %q, want the wizard's", got)
	}
	f.waitFor("the settings window to show the new client ID", func() bool {
		shown := ""
		f.ui(func() { shown = sw.ClientID.Text })
		return shown == "client-from-the-wizard"
	})
}

// TestQuickPanelOpensWithTheLastFrame: "Open quick panel" opens the panel
// window, and the tray holds the frame the controller published last,
// which the panel and the windows draw.
func TestQuickPanelOpensWithTheLastFrame(t *testing.T) {
	f := start(t, true)
	f.home()
	f.tray.ShowPanel()
	f.waitFor("the panel", func() bool { return f.window(panel.Title) != nil })
	// A poll may publish a newer frame meanwhile: the tray catches up.
	f.waitFor("the tray to hold the published frame", func() bool {
		var held view.Frame
		f.ui(func() { held = f.tray.frame })
		return reflect.DeepEqual(held, f.ctrl.View().Frame)
	})
}

// TestGuestCodesWindowOpensOncePerLock: "Guest codes…" in a lock's
// submenu opens its window; a second click raises it.
func TestGuestCodesWindowOpensOncePerLock(t *testing.T) {
	f := start(t, true)
	f.home()
	f.rec.item("Front Door", "Guest codes…").Action()
	f.waitFor("the codes window", func() bool { return f.window("Guest codes — Front Door") != nil })
	f.rec.item("Front Door", "Guest codes…").Action()
	f.rec.item("Back Door", "Guest codes…").Action()
	f.waitFor("the back door's window", func() bool { return f.window("Guest codes — Back Door") != nil })
	n := 0
	for _, w := range f.windows() {
		if w.Title() == "Guest codes — Front Door" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d windows for the Front Door's codes, want the one raised again", n)
	}
}
