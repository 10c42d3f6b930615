package settingsui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/utec"
)

type harness struct {
	w  *Window
	ui *uithread.Queue
	// owned stands in for the controller, the settings' owner: edits
	// apply to it, and applied lists the settings after each edit.
	owned     config.Settings
	applied   []config.Settings
	questions []string
	yes       func()
	signOuts  []func(error)
	forgets   []func(error)
	signIns   int
}

func (h *harness) last() config.Settings { return h.applied[len(h.applied)-1] }

// edit is the owner's side of Deps.Edit.
func (h *harness) edit(e func(*config.Settings)) {
	next := h.owned.Clone()
	e(&next)
	h.owned = next
	h.applied = append(h.applied, next)
}

var home = []Device{
	{Device: utec.Device{ID: "L1", Name: "Front Door", Category: "SmartLock"}, Online: true},
	{Device: utec.Device{ID: "B1", Name: "Lamp", Category: "LIGHT"}},
}

func newHarness(t *testing.T, user func(context.Context) (*utec.User, error)) *harness {
	t.Helper()
	st := State{Account: SignedOut}
	if user != nil {
		st = State{Account: SignedIn, Devices: home}
	}
	return newHarnessIn(t, st, user)
}

func newHarnessIn(t *testing.T, st State, user func(context.Context) (*utec.User, error)) *harness {
	t.Helper()
	h := &harness{ui: uithread.NewQueue()}
	h.owned = config.Default()
	h.owned.ClientID = "client-1"
	st.Settings = h.owned
	h.w = New(test.NewTempApp(t), Deps{
		State:        st,
		Edit:         h.edit,
		User:         user,
		SignIn:       func() { h.signIns++ },
		SignOut:      func(done func(error)) { h.signOuts = append(h.signOuts, done) },
		ForgetClient: func(done func(error)) { h.forgets = append(h.forgets, done) },
		Confirm: func(title, _, _ string, yes func()) {
			h.questions = append(h.questions, title)
			h.yes = yes
		},
		Diagnostics: func() string { return "diagnostics text" },
		Version:     "0.1.0",
		Run:         h.ui.Run,
	})
	return h
}

func TestAccountShowsTheUser(t *testing.T) {
	h := newHarness(t, func(context.Context) (*utec.User, error) { return &utec.User{FirstName: "Jane", LastName: "Doe"}, nil })
	if !h.ui.DrainUntil(2*time.Second, func() bool { return h.w.UserLabel.Text == "Signed in as Jane Doe." }) {
		t.Errorf("user label %q", h.w.UserLabel.Text)
	}
	h = newHarness(t, func(context.Context) (*utec.User, error) { return nil, errors.New("boom") })
	if !h.ui.DrainUntil(2*time.Second, func() bool { return strings.Contains(h.w.UserLabel.Text, "did not say who") }) {
		t.Errorf("user label %q", h.w.UserLabel.Text)
	}
	h = newHarness(t, nil)
	if h.w.SignOut.Visible() || !h.w.SignIn.Visible() || h.w.SignIn.Disabled() {
		t.Error("signed out, but Sign in is not offered")
	}
}

// Sign out asks first, reports only once it finished, and then offers
// Sign in; the API client stays.
func TestSignOutAsksAndReportsWhenDone(t *testing.T) {
	h := newHarness(t, func(context.Context) (*utec.User, error) { return &utec.User{FirstName: "Jane"}, nil })
	h.ui.DrainUntil(2*time.Second, func() bool { return strings.HasPrefix(h.w.UserLabel.Text, "Signed in as") })
	test.Tap(h.w.SignOut)
	if len(h.questions) != 1 || h.questions[0] != "Sign out?" || len(h.signOuts) != 0 {
		t.Fatalf("questions %v, sign-outs %d: want one question and no sign-out yet", h.questions, len(h.signOuts))
	}
	h.yes()
	if len(h.signOuts) != 1 {
		t.Fatal("yes did not sign out")
	}
	if h.w.UserLabel.Text != "Signing out…" || !h.w.SignOut.Disabled() {
		t.Errorf("while signing out: %q", h.w.UserLabel.Text)
	}
	h.signOuts[0](nil) // the controller finished
	if !h.ui.DrainUntil(2*time.Second, func() bool { return strings.HasPrefix(h.w.UserLabel.Text, "Signed out.") }) {
		t.Fatalf("after the sign-out: %q", h.w.UserLabel.Text)
	}
	if !strings.Contains(h.w.UserLabel.Text, "API client is kept") || h.w.ClientID.Text != "client-1" {
		t.Errorf("the client seems gone: %q, client ID %q", h.w.UserLabel.Text, h.w.ClientID.Text)
	}
	if !h.w.SignIn.Visible() || h.w.SignIn.Disabled() || h.w.SignOut.Visible() {
		t.Error("Sign in is not offered after signing out")
	}
	test.Tap(h.w.SignIn)
	if h.signIns != 1 {
		t.Error("Sign in did nothing")
	}
	// The tray's state follows: signed in again, with devices.
	h.w.SetState(State{Account: SignedIn, Devices: home, Settings: h.owned})
	if h.w.SignIn.Visible() || !h.w.SignOut.Visible() {
		t.Error("signed in again, but Sign out is not offered")
	}
}

func TestForgetClientAsksAndExplains(t *testing.T) {
	h := newHarness(t, nil)
	test.Tap(h.w.ForgetClient)
	if len(h.questions) != 1 || len(h.forgets) != 0 {
		t.Fatalf("questions %v, forgets %d", h.questions, len(h.forgets))
	}
	h.yes()
	h.forgets[0](nil)
	if !h.ui.DrainUntil(2*time.Second, func() bool { return strings.Contains(h.w.UserLabel.Text, "forgotten") }) {
		t.Fatalf("after forgetting: %q", h.w.UserLabel.Text)
	}
	if h.w.ClientID.Text != "not set" || !h.w.ForgetClient.Disabled() {
		t.Errorf("client ID %q shown after forgetting it", h.w.ClientID.Text)
	}
}

func TestChangesApplyAtOnce(t *testing.T) {
	h := newHarness(t, nil)
	w := h.w
	test.Tap(w.Notify["lockChanged"])
	if h.last().Notify.LockChanged {
		t.Error("lock notifications still on")
	}
	test.Tap(w.Notify["ownActions"])
	if !h.last().Notify.OwnActions {
		t.Error("own-action notifications still off")
	}
	w.Poll.SetSelected("every 5 minutes")
	if h.last().PollSeconds != 300 {
		t.Errorf("poll %d", h.last().PollSeconds)
	}
	w.Battery.SetValue(35)
	w.Battery.OnChangeEnded(35)
	if h.last().BatteryThreshold != 35 {
		t.Errorf("battery threshold %d", h.last().BatteryThreshold)
	}
	w.LogLevel.SetSelected("debug")
	if h.last().LogLevel != "debug" {
		t.Errorf("log level %q", h.last().LogLevel)
	}
}

func TestDevicesTab(t *testing.T) {
	h := newHarness(t, func(context.Context) (*utec.User, error) { return &utec.User{}, nil })
	w := h.w
	if len(h.applied) != 0 {
		t.Fatalf("opening the window applied %d times", len(h.applied))
	}
	// Rows: Front Door (show, ask, notify, up, down), Lamp (show, notify,
	// up, down).
	rows := w.DeviceList.Objects
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	show, ask, up := findChecks(rows[0])[0], findChecks(rows[0])[1], findButtons(rows[1])[0]
	if show.Text != "Front Door · lock · online" || findChecks(rows[1])[0].Text != "Lamp · light · offline" {
		t.Errorf("labels %q, %q", show.Text, findChecks(rows[1])[0].Text)
	}
	test.Tap(show)
	if !h.last().IsHidden("L1") {
		t.Error("Front Door not hidden")
	}
	test.Tap(ask)
	if h.last().AsksBeforeUnlock("L1") {
		t.Error("still asks before unlocking")
	}
	if notify := findChecks(rows[1])[1]; notify.Text != "Notify" || !notify.Checked {
		t.Errorf("the lamp's notify box: %q checked %v", notify.Text, notify.Checked)
	} else {
		test.Tap(notify)
		if !h.last().IsMuted("B1") {
			t.Error("unticking Notify did not mute the lamp")
		}
	}
	test.Tap(up)
	if got := h.last().Order; len(got) != 2 || got[0] != "B1" {
		t.Errorf("order %v", got)
	}
	// A new device, and the lamp back online.
	more := []Device{home[0], {Device: home[1].Device, Online: true}, {Device: utec.Device{ID: "P1", Name: "Desk Plug", Category: "Plug"}, Online: true}}
	w.SetState(State{Account: SignedIn, Devices: more, Settings: h.owned})
	var labels []string
	for _, row := range w.DeviceList.Objects {
		labels = append(labels, findChecks(row)[0].Text)
	}
	if len(labels) != 3 || !slices.Contains(labels, "Lamp · light · online") || !slices.Contains(labels, "Desk Plug · plug · online") {
		t.Errorf("after the list changed: %q", labels)
	}
}

func TestDevicesIntro(t *testing.T) {
	for _, tc := range []struct {
		st   State
		want string
	}{
		{State{Account: Connecting}, "Connecting…"},
		{State{Account: SigningIn}, "Connecting…"},
		{State{Account: SignedOut}, "No devices yet: sign in (Account tab)."},
		{State{Account: SignedIn}, "U-Tec shares no devices"},
		{State{Account: SignedIn, Devices: home}, "Choose which devices"},
	} {
		if got := devicesIntro(tc.st); !strings.HasPrefix(got, tc.want) {
			t.Errorf("devicesIntro(%+v) = %q, want %q…", tc.st, got, tc.want)
		}
	}
	h := newHarnessIn(t, State{Account: Connecting}, nil)
	if h.w.DevicesIntro.Text != "Connecting…" {
		t.Errorf("while connecting the Devices tab says %q", h.w.DevicesIntro.Text)
	}
}

// The port applies when the edit is committed, not at each keystroke.
func TestPortAppliesOnCommit(t *testing.T) {
	h := newHarness(t, nil)
	w := h.w
	w.Port.SetText("")
	test.Type(w.Port, "9600")
	if len(h.applied) != 0 {
		t.Fatalf("typing applied %d times: %+v", len(h.applied), h.applied)
	}
	w.Port.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(h.applied) != 1 || h.last().RedirectPort != 9600 {
		t.Fatalf("Enter applied %d times", len(h.applied))
	}
	w.Port.SetText("99999")
	w.Port.FocusLost()
	if !w.PortError.Visible() || len(h.applied) != 1 {
		t.Error("a bad port applied, or no error shown")
	}
	w.Port.SetText("9700")
	w.Port.FocusLost()
	if w.PortError.Visible() || len(h.applied) != 2 || h.last().RedirectPort != 9700 {
		t.Errorf("leaving the field did not apply the port: %d applied", len(h.applied))
	}
}

// TestURLsApplyOnlyOnSave: typing an address sends
// nothing to half-typed hosts; Save applies it once; http:// is refused
// unless the host is this computer.
func TestURLsApplyOnlyOnSave(t *testing.T) {
	h := newHarness(t, nil)
	w := h.w
	test.Type(w.APIURL, "https://api.u-tec.co")
	test.Type(w.OAuthURL, "https://oauth.u-tec.co")
	if len(h.applied) != 0 {
		t.Fatalf("typing applied %d times", len(h.applied))
	}
	test.Tap(w.SaveAdvanced)
	if len(h.applied) != 1 || h.last().APIURL != "https://api.u-tec.co" || h.last().OAuthURL != "https://oauth.u-tec.co" {
		t.Fatalf("Save applied %d times: %+v", len(h.applied), h.applied)
	}
	w.APIURL.SetText("")
	test.Type(w.APIURL, "http://api.u-tec.com")
	test.Tap(w.SaveAdvanced)
	if len(h.applied) != 1 {
		t.Error("an http:// address on another computer was applied")
	}
	if !w.APIError.Visible() || !strings.Contains(w.APIError.Text, "https://") || w.OAuthError.Visible() {
		t.Errorf("API error %q (shown %v), OAuth error shown %v", w.APIError.Text, w.APIError.Visible(), w.OAuthError.Visible())
	}
	w.APIURL.SetText("ftp://x")
	test.Tap(w.SaveAdvanced)
	if len(h.applied) != 1 || !w.APIError.Visible() {
		t.Error("ftp:// accepted")
	}
	w.APIURL.SetText("http://127.0.0.1:8080")
	test.Tap(w.SaveAdvanced)
	if len(h.applied) != 2 || h.last().APIURL != "http://127.0.0.1:8080" || w.APIError.Visible() {
		t.Errorf("a loopback http:// address refused: %q", w.APIError.Text)
	}
}

func TestCopyDiagnostics(t *testing.T) {
	h := newHarness(t, nil)
	test.Tap(h.w.CopyDiag)
	if got := fyne.CurrentApp().Clipboard().Content(); got != "diagnostics text" {
		t.Errorf("clipboard %q", got)
	}
}

func findChecks(o any) []*widget.Check {
	var out []*widget.Check
	walk(o, func(x any) {
		if c, ok := x.(*widget.Check); ok {
			out = append(out, c)
		}
	})
	return out
}

func findButtons(o any) []*widget.Button {
	var out []*widget.Button
	walk(o, func(x any) {
		if b, ok := x.(*widget.Button); ok {
			out = append(out, b)
		}
	})
	return out
}

func walk(o any, f func(any)) {
	f(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			walk(child, f)
		}
	}
}

// TestLinksUseTheAppsOpener: a Hyperlink without OnTapped goes through
// Fyne's OpenURL, which gives xdg-open (and so the browser) the whole
// environment, UTEC_CLIENT_SECRET included.
func TestLinksUseTheAppsOpener(t *testing.T) {
	h := newHarness(t, nil)
	var links []*widget.Hyperlink
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Hyperlink:
			links = append(links, o)
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		}
	}
	for _, item := range h.w.Tabs.Items {
		walk(item.Content)
	}
	if len(links) == 0 {
		t.Fatal("no links found; the About tab has one")
	}
	for _, l := range links {
		if l.OnTapped == nil {
			t.Errorf("link %q opens through Fyne's OpenURL", l.Text)
		}
	}
}

func TestStartAtLoginSwitch(t *testing.T) {
	h := newHarness(t, func(context.Context) (*utec.User, error) { return &utec.User{}, nil })
	if h.w.StartAtLogin.Checked || len(h.applied) != 0 {
		t.Fatalf("start at login checked %v, applied %d times on opening", h.w.StartAtLogin.Checked, len(h.applied))
	}
	test.Tap(h.w.StartAtLogin)
	if len(h.applied) != 1 || !h.last().StartAtLogin {
		t.Errorf("after ticking: %d applies, StartAtLogin %v", len(h.applied), len(h.applied) > 0 && h.last().StartAtLogin)
	}
}

// TestRedrawsFromPublishedSettings: a change made elsewhere (the wizard
// saves a new client ID and turns on start at login) shows in the open
// window, sends nothing back, and the window's next edit goes out as an
// edit that leaves it alone.
func TestRedrawsFromPublishedSettings(t *testing.T) {
	h := newHarness(t, func(context.Context) (*utec.User, error) { return &utec.User{}, nil })
	h.owned.ClientID, h.owned.StartAtLogin, h.owned.PollSeconds = "client-2", true, 300
	h.owned.Notify.OwnActions = true
	h.w.SetState(State{Account: SignedIn, Devices: home, Settings: h.owned})
	if len(h.applied) != 0 {
		t.Fatalf("a published change was sent back as %d edits", len(h.applied))
	}
	if got := h.w.ClientID.Text; got != "client-2" {
		t.Errorf("client ID shown %q, want the new one", got)
	}
	if !h.w.StartAtLogin.Checked || !h.w.Notify["ownActions"].Checked || h.w.Poll.Selected != "every 5 minutes" {
		t.Errorf("start at login %v, own actions %v, poll %q: not redrawn", h.w.StartAtLogin.Checked,
			h.w.Notify["ownActions"].Checked, h.w.Poll.Selected)
	}
	test.Tap(h.w.Notify["jammed"])
	if len(h.applied) != 1 {
		t.Fatalf("%d edits for one tick", len(h.applied))
	}
	if got := h.last(); got.ClientID != "client-2" || got.Notify.Jammed || !got.StartAtLogin {
		t.Errorf("after the tick: client %q, jammed %v, start at login %v", got.ClientID, got.Notify.Jammed, got.StartAtLogin)
	}
}
