package panel

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/controller/controllertest"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/ui/widgets"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// These tests drive the panel over the real controller and the fake cloud
// on real HTTP, with Fyne's test app. The desktop is a small stand-in that
// hands each frame's panel to the panel, as the tray does, and records the
// unlock questions (the tray's windows are tested in app/ui/tray).

// desk is the controller's Desktop for these tests.
type desk struct {
	f *fixture

	mu        sync.Mutex
	frame     view.Frame
	questions []string
	yes       []func()
}

func (d *desk) Show(fr view.Frame) {
	d.mu.Lock()
	d.frame = fr
	d.mu.Unlock()
	d.f.ui(func() {
		if d.f.panel != nil {
			d.f.panel.Update(fr.Panel)
		}
	})
}

func (d *desk) Confirm(q devices.Question, yes func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.questions = append(d.questions, q.Title)
	d.yes = append(d.yes, yes)
}

func (d *desk) Notify(alerts.Alert)                  {}
func (d *desk) ConfirmSignOut(func())                {}
func (d *desk) ShowSettings()                        {}
func (d *desk) ShowWizard(controller.WizardStart)    {}
func (d *desk) Quit()                                {}
func (d *desk) ShowPanel()                           { d.f.ui(func() { d.f.panel.Show() }) }
func (d *desk) Remind(guard.Reminder) (buttons bool) { return false }
func (d *desk) ShowCodes(utec.Device)                {}

// asked reports whether the last unlock question was q.
func (d *desk) asked(q string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.questions) > 0 && d.questions[len(d.questions)-1] == q
}

// menuHas reports whether the last frame's menu has an item whose label
// starts with prefix.
func (d *desk) menuHas(prefix string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	var walk func([]view.Item) bool
	walk = func(items []view.Item) bool {
		for _, it := range items {
			if strings.HasPrefix(it.Label, prefix) || walk(it.Children) {
				return true
			}
		}
		return false
	}
	return walk(d.frame.Menu.Items)
}

type fixture struct {
	t     *testing.T
	cloud *utectest.Server
	ctrl  *controller.Controller
	desk  *desk
	panel *Panel
	// uiMu makes the controller's UI work and the test's (ui) take
	// turns, as on the one UI goroutine of the real app.
	uiMu sync.Mutex
}

func (f *fixture) ui(fn func()) {
	f.uiMu.Lock()
	defer f.uiMu.Unlock()
	fn()
}

// openPanel starts the controller over the sample home, signed in, and
// opens the panel once the home is on it.
func openPanel(t *testing.T) (*fixture, *Panel) {
	t.Helper()
	opts, cloud := controllertest.Options(t, true)
	f := &fixture{t: t, cloud: cloud}
	f.desk = &desk{f: f}
	f.ctrl = controller.New(opts)
	a := test.NewTempApp(t)
	f.ui(func() { f.panel = New(a, f.ctrl.Click) })
	f.ctrl.Start(f.desk, nil)
	t.Cleanup(f.ctrl.Stop)
	f.waitFor("the home", func() bool { return f.desk.menuHas("Front Door: Locked") })
	f.desk.ShowPanel()
	return f, f.panel
}

func (f *fixture) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			f.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// refresh is the menu's "Refresh now".
func (f *fixture) refresh() { f.ctrl.Click(view.Action{Kind: view.RefreshNow}) }

// row returns the panel's row for a device name; call it inside f.ui.
func (p *Panel) row(name string) *panelRow {
	for _, r := range p.rows {
		if r.model.Name == name {
			return r
		}
	}
	return nil
}

// stateOf is a row's state text as drawn, or "" without the row.
func (f *fixture) stateOf(p *Panel, name string) string {
	var s string
	f.ui(func() {
		for _, r := range p.rows {
			if r.name.Text == name {
				s = r.state.Text
			}
		}
	})
	return s
}

func (f *fixture) waitForState(p *Panel, name, prefix string) {
	f.t.Helper()
	f.waitFor(name+" "+prefix+" on the panel", func() bool { return strings.HasPrefix(f.stateOf(p, name), prefix) })
}

// visible is the panel's own word on whether it shows (Fyne's test
// windows have no visibility).
func (f *fixture) visible(p *Panel) bool {
	var v bool
	f.ui(func() { v = p.Visible() })
	return v
}

func TestPanelShowsEveryRowKind(t *testing.T) {
	f, p := openPanel(t)
	var summary string
	var names []string
	f.ui(func() {
		summary = p.summary.Text
		for _, r := range p.rows {
			names = append(names, r.model.Name)
		}
	})
	if summary != "Garage Light offline" {
		t.Errorf("summary %q", summary)
	}
	if got, want := strings.Join(names, ", "), "Back Door, Front Door, Living Room Lamp, Garage Light, Coffee Maker"; got != want {
		t.Errorf("rows %q, want %q (locks first)", got, want)
	}
	f.ui(func() {
		if p.lockAll != nil {
			t.Error("Lock all offered with every lock locked")
		}
		front := p.row("Front Door")
		if front.button == nil || front.button.Text != "Unlock…" || front.button.Disabled() || front.power != nil {
			t.Errorf("a locked lock's row: %+v", front.button)
		}
		if front.state.Text != "Locked" {
			t.Errorf("Front Door state %q", front.state.Text)
		}
		lamp := p.row("Living Room Lamp")
		if lamp.power == nil || !lamp.power.Checked || lamp.bright == nil || lamp.bright.Value != 60 || lamp.button != nil {
			t.Errorf("a dimmable light's row: switch %+v slider %+v", lamp.power, lamp.bright)
		}
		plug := p.row("Coffee Maker")
		if plug.power == nil || plug.power.Checked || plug.bright != nil || plug.power.Disabled() {
			t.Errorf("a plug's row: switch %+v slider %+v", plug.power, plug.bright)
		}
		garage := p.row("Garage Light")
		if garage.power == nil || !garage.power.Disabled() || !strings.HasPrefix(garage.state.Text, "Offline") {
			t.Errorf("an offline switch's row: %q, disabled %v", garage.state.Text, garage.power.Disabled())
		}
		if garage.name.Color != toneColor(view.ToneMuted) {
			t.Errorf("offline name not greyed: %v", garage.name.Color)
		}
	})
}

// TestPanelLockAndLockAllReachTheCloud: the buttons send the menu's
// actions through the controller, the row shows progress while the lock
// works, and the panel follows the change while open.
func TestPanelLockAndLockAllReachTheCloud(t *testing.T) {
	f, p := openPanel(t)
	f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetCommandDelay(300 * time.Millisecond)
	f.refresh()
	f.waitForState(p, "Front Door", "Unlocked")
	f.waitForState(p, "Back Door", "Unlocked")
	var lockAll *widgets.KeyButton
	f.ui(func() { lockAll = p.lockAll })
	if lockAll == nil {
		t.Fatal("no Lock all with two locks unlocked")
	}
	f.cloud.ResetRequests()
	f.ui(func() { test.Tap(p.row("Front Door").button) })
	f.waitForState(p, "Front Door", "Locking…")
	f.ui(func() {
		r := p.row("Front Door")
		if !r.button.Disabled() || r.activity.Hidden {
			t.Errorf("pending lock's row: button disabled %v, progress hidden %v", r.button.Disabled(), r.activity.Hidden)
		}
	})
	f.waitForState(p, "Front Door", "Locked")
	f.ui(func() {
		if !p.row("Front Door").activity.Hidden {
			t.Error("progress still shown after the lock confirmed")
		}
		test.Tap(p.lockAll)
	})
	f.waitForState(p, "Back Door", "Locked")
	f.waitFor("the summary", func() bool { var s string; f.ui(func() { s = p.summary.Text }); return s == "Garage Light offline" })
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 2 {
		t.Errorf("%d commands sent, want 2 (Lock, then Lock all for the Back Door)", n)
	}
}

func TestPanelSwitchReachesTheCloud(t *testing.T) {
	f, p := openPanel(t)
	f.ui(func() { test.Tap(p.row("Coffee Maker").power) })
	f.waitForState(p, "Coffee Maker", "On")
	f.waitFor("the menu", func() bool { return f.desk.menuHas("Coffee Maker: On") })
	f.ui(func() { test.Tap(p.row("Coffee Maker").power) })
	f.waitForState(p, "Coffee Maker", "Off")
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 2 {
		t.Errorf("%d commands sent, want 2", n)
	}
}

// TestPanelUnlockAsks: the button and Enter both ask first; nothing is
// sent until the person says yes.
func TestPanelUnlockAsks(t *testing.T) {
	f, p := openPanel(t)
	f.cloud.ResetRequests()
	f.ui(func() {
		b := p.row("Front Door").button
		p.Window.Canvas().Focus(b)
		b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	f.waitFor("the question", func() bool { return f.desk.asked("Unlock Front Door?") })
	time.Sleep(100 * time.Millisecond)
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 0 {
		t.Fatalf("unlocked before the person confirmed (%d commands)", n)
	}
	f.desk.mu.Lock()
	yes := f.desk.yes[len(f.desk.yes)-1]
	f.desk.mu.Unlock()
	yes()
	f.waitForState(p, "Front Door", "Unlocked")
	var lockAll bool
	f.ui(func() { lockAll = p.lockAll != nil })
	if !lockAll {
		t.Error("no Lock all with the Front Door unlocked")
	}
}

// TestPanelSliderSendsOneCommandOnRelease: dragging sends nothing; the
// release sends one brightness command, and the polls during the drag do
// not move the slider back.
func TestPanelSliderSendsOneCommandOnRelease(t *testing.T) {
	f, p := openPanel(t)
	f.cloud.ResetRequests()
	var s *panelSlider
	f.ui(func() { s = p.row("Living Room Lamp").bright })
	width := s.Size().Width
	for _, x := range []float32{0.5, 0.4, 0.3} {
		f.ui(func() { s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(width*x, 5)}}) })
		f.refresh()
		time.Sleep(80 * time.Millisecond)
	}
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 0 {
		t.Fatalf("%d commands sent while dragging", n)
	}
	var v float64
	f.ui(func() { v = s.Value })
	if v == 60 {
		t.Fatal("a poll moved the slider back while it was dragged")
	}
	f.ui(s.DragEnd)
	want := fmt.Sprintf("Living Room Lamp: On at %d%%", int(v))
	f.waitFor(want, func() bool { return f.desk.menuHas(want) })
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("%d commands sent, want 1 on release", n)
	}
}

// TestPanelKeyboard: Tab walks the rows in order, Escape closes from a
// focused control or from none, Space presses the focused button.
func TestPanelKeyboard(t *testing.T) {
	f, p := openPanel(t)
	var order []string
	f.ui(func() {
		c := p.Window.Canvas()
		c.Unfocus()
		keys := p.focusables()
		for range 6 {
			c.FocusNext()
			for k, w := range keys {
				if w == c.Focused() {
					order = append(order, k)
				}
			}
		}
	})
	// Rows in order, locks first, then round again; Fyne's focus chain
	// skips the disabled controls of the offline Garage Light.
	want := []string{utectest.BackDoorID + "/button", utectest.FrontDoorID + "/button",
		utectest.BulbID + "/power", utectest.BulbID + "/bright", utectest.PlugID + "/power", utectest.BackDoorID + "/button"}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("Tab order %q, want %q", order, want)
	}

	f.ui(func() {
		c := p.Window.Canvas()
		c.Focus(p.row("Coffee Maker").power)
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	})
	if f.visible(p) {
		t.Fatal("Escape on a focused switch left the panel open")
	}
	f.desk.ShowPanel()
	f.ui(func() {
		c := p.Window.Canvas()
		c.Unfocus()
		if k := c.(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey(); k != nil {
			k(&fyne.KeyEvent{Name: fyne.KeyEscape})
		}
	})
	if f.visible(p) {
		t.Fatal("Escape with nothing focused left the panel open")
	}

	f.cloud.ResetRequests()
	f.ui(func() {
		b := p.row("Back Door").button
		p.Window.Canvas().Focus(b)
		b.TypedRune(' ')
		b.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	})
	f.waitFor("the question", func() bool { return f.desk.asked("Unlock Back Door?") })
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 0 {
		t.Errorf("Space unlocked without the question (%d commands)", n)
	}
}

// TestPanelHidesWhenFocusIsLost: once settled, a focus loss hides the
// panel, and the tray click that caused it does not show it again.
func TestPanelHidesWhenFocusIsLost(t *testing.T) {
	f, p := openPanel(t)
	later := time.Now().Add(time.Second)
	f.ui(func() {
		p.now = func() time.Time { return later }
		p.FocusLost()
		p.Toggle()
	})
	if f.visible(p) {
		t.Error("the panel still shows after the focus went elsewhere")
	}
	f.ui(func() {
		if p.vis.visible {
			t.Error("the click that took the focus showed the panel again")
		}
		later = later.Add(time.Second)
		p.Toggle()
		if !p.vis.visible {
			t.Error("a later click did not show the panel")
		}
	})
}

// TestPanelDrawsTheFrameItIsGiven: the panel's first line is the one the
// controller published with the menu, from the same build, and a frame
// handed down is drawn as it is, not built again from state the panel
// would have to ask for.
func TestPanelDrawsTheFrameItIsGiven(t *testing.T) {
	f, p := openPanel(t)
	published := f.ctrl.View().Frame
	f.ui(func() {
		if got := p.summary.Text; got != published.Menu.Summary || got == "" {
			t.Errorf("panel says %q, the published menu %q", got, published.Menu.Summary)
		}
	})
	frame := published
	frame.Panel.Summary = "Words only this frame has"
	frame.Panel.Rows = frame.Panel.Rows[:1]
	f.ui(func() {
		p.Update(frame.Panel)
		if got := p.summary.Text; got != frame.Panel.Summary {
			t.Errorf("panel says %q, want the frame's %q", got, frame.Panel.Summary)
		}
		if len(p.rows) != 1 {
			t.Errorf("%d rows, want the frame's one", len(p.rows))
		}
	})
}

// TestPanelBuildsOnFirstShow: until its first Show the panel keeps only
// the model (its widgets' words would load the fonts, megabytes a tray
// nobody clicked need not hold), and that Show draws the latest model.
func TestPanelBuildsOnFirstShow(t *testing.T) {
	a := test.NewTempApp(t)
	p := New(a, func(view.Action) {})
	first, latest := benchFrame().Panel, benchFrame().Panel
	latest.Summary = "the latest words"
	latest.Rows = latest.Rows[:2]
	p.Update(first)
	p.Update(latest)
	if p.summary != nil || len(p.rows) != 0 {
		t.Fatalf("widgets built before the first Show: summary %v, %d rows", p.summary, len(p.rows))
	}
	if _, ok := p.Window.Content().(*canvas.Rectangle); !ok {
		t.Errorf("content before the first Show is %T, want the blank rectangle", p.Window.Content())
	}
	p.Show()
	if p.summary == nil || p.summary.Text != "the latest words" || len(p.rows) != 2 {
		t.Fatalf("first Show drew %v with %d rows, want the latest model's 2", p.summary, len(p.rows))
	}
	latest.Summary = "after the show"
	p.Update(latest)
	if p.summary.Text != "after the show" {
		t.Errorf("an Update after the first Show says %q", p.summary.Text)
	}
}
