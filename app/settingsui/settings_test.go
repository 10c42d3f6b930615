package settingsui

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
	"github.com/utec-tray/utec-tray/app/internal/uithread"
	"github.com/utec-tray/utec-tray/utec"
)

type harness struct {
	w       *Window
	ui      *uithread.Queue
	applied []config.Settings
}

func (h *harness) last() config.Settings { return h.applied[len(h.applied)-1] }

func newHarness(t *testing.T, user func(context.Context) (*utec.User, error)) *harness {
	t.Helper()
	h := &harness{ui: uithread.NewQueue()}
	s := config.Default()
	s.ClientID = "client-1"
	h.w = New(test.NewTempApp(t), Deps{
		Settings: s,
		Devices: []utec.Device{
			{ID: "L1", Name: "Front Door", Category: "SmartLock"},
			{ID: "B1", Name: "Lamp", Category: "LIGHT"},
		},
		Apply:       func(s config.Settings) { h.applied = append(h.applied, s) },
		User:        user,
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
	if !h.w.SignOut.Disabled() {
		t.Error("Sign out enabled while signed out")
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
	w.Poll.SetSelected("Every 5 minutes")
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
	h := newHarness(t, nil)
	w := h.w
	// Rows: Front Door (show, ask, up, down), Lamp (show, up, down).
	rows := w.DeviceList.Objects
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	show, ask, up := findChecks(rows[0])[0], findChecks(rows[0])[1], findButtons(rows[1])[0]
	test.Tap(show)
	if !h.last().IsHidden("L1") {
		t.Error("Front Door not hidden")
	}
	test.Tap(ask)
	if h.last().AsksBeforeUnlock("L1") {
		t.Error("still asks before unlocking")
	}
	test.Tap(up)
	if got := h.last().Order; len(got) != 2 || got[0] != "B1" {
		t.Errorf("order %v", got)
	}
}

func TestAdvancedValidation(t *testing.T) {
	h := newHarness(t, nil)
	w := h.w
	n := len(h.applied)
	w.Port.SetText("99999")
	if !w.FieldError.Visible() || len(h.applied) != n {
		t.Error("bad port accepted")
	}
	w.Port.SetText("9600")
	if w.FieldError.Visible() || h.last().RedirectPort != 9600 {
		t.Errorf("good port refused: %q", w.FieldError.Text)
	}
	n = len(h.applied)
	w.APIURL.SetText("ftp://x")
	if !w.FieldError.Visible() || len(h.applied) != n {
		t.Error("bad URL accepted")
	}
	w.APIURL.SetText("http://127.0.0.1:8080")
	if h.last().APIURL != "http://127.0.0.1:8080" {
		t.Errorf("API URL %q", h.last().APIURL)
	}
	test.Tap(w.CopyDiag)
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
