// Package panel is the quick panel, the window a left click on the tray
// icon opens: the tray's first line, then one row per shown device with
// its state and one big action. It draws the view.Panel model it is given
// and sends clicks back as view.Actions; its rules live in app/view.
package panel

import (
	"github.com/utec-tray/utec-tray/app/i18n"
	"image/color"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"fyne.io/systray"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/ui/widgets"
	"github.com/utec-tray/utec-tray/app/view"
)

// Title is the quick panel window's title (the window has no title
// bar, but the X server and the tests know it by this name).
const Title = "utec-tray quick panel"

// panelWidth keeps the panel from squeezing names and sliders.
const panelWidth = 380

// Panel is the quick panel: the tray's summary, then one row per shown
// device with its state and one big action. It draws the panel model of
// the last frame it was given (Update) and sends clicks back as
// view.Actions, so it never waits for the network or the keyring. All its
// methods run on the UI goroutine.
type Panel struct {
	Window fyne.Window

	click func(view.Action)
	// vis decides what a click on the icon and a focus loss do.
	vis panelVisibility
	now func() time.Time

	summary *canvas.Text
	lockAll *widgets.KeyButton
	rows    []*panelRow
	// place moves the window to the icon as it shows (place.go).
	place placement
	// shape is which rows and controls the content has: an update with
	// the same shape changes the widgets in place, so that a slider being
	// dragged or the focused button survive a poll.
	shape string
	// built says the content exists. It is made on the first Show, not
	// before: measuring its words loads Fyne's fonts and the system's
	// fallback font, about 16 MB of heap that a tray nobody clicked need
	// not hold (issue 21). Until then Update keeps the model in pending.
	built   bool
	pending view.Panel
}

// panelRow holds one device row's widgets.
type panelRow struct {
	model    view.PanelRow
	name     *canvas.Text
	state    *canvas.Text
	activity *widget.Activity
	button   *widgets.KeyButton
	power    *panelCheck
	bright   *panelSlider
	// adjusting is set while the person moves the slider: updates leave
	// its value alone until it is released.
	adjusting bool
}

// New builds the quick panel's window, hidden, empty until the first
// Update; click is told about every press. A window without
// decorations where the driver offers one (Fyne then toggles it on each
// left click on the tray icon), a plain one elsewhere (the test driver).
func New(a fyne.App, click func(view.Action)) *Panel {
	var w fyne.Window
	if drv, ok := a.Driver().(desktop.Driver); ok {
		w = drv.CreateSplashWindow()
		w.SetTitle(Title)
	} else {
		w = a.NewWindow(Title)
	}
	p := &Panel{Window: w, click: click, now: time.Now}
	w.SetFixedSize(true)
	w.SetCloseIntercept(p.Hide)
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			p.Hide()
		}
	})
	// Until the first Show, a content without words: the driver may
	// create the window ahead, and a window needs a content for its size.
	blank := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	blank.SetMinSize(fyne.NewSize(panelWidth, panelWidth/2))
	w.SetContent(blank)
	return p
}

// Show shows the panel as the last Update left it, at the last click on
// the tray icon where a Placer is set (SetPlacer).
func (p *Panel) Show() {
	if !p.built {
		p.built = true
		p.Update(p.pending)
	}
	p.vis.shown(p.now())
	p.showPlaced()
}

// reveal maps the window and gives it the keyboard.
func (p *Panel) reveal() {
	p.Window.Show()
	p.Window.RequestFocus()
}

// Hide hides the panel; it stays built for the next click.
func (p *Panel) Hide() {
	p.vis.hidden()
	p.Window.Hide()
}

// Visible reports whether the panel shows, as far as it knows: Fyne tells
// it of no change it did not make itself, such as the window manager
// closing it.
func (p *Panel) Visible() bool { return p.vis.visible }

// Toggle is a left click on the tray icon: it shows the panel, or hides
// it when it shows.
func (p *Panel) Toggle() {
	switch p.vis.tapped(p.now()) {
	case panelShow:
		p.Show()
	case panelHide:
		p.Hide()
	}
}

// FocusLost hides the panel, as a popup does when the person turns to
// something else.
func (p *Panel) FocusLost() {
	if p.vis.focusLost(p.now()) {
		p.Hide()
	}
}

// TakeOverTrayClicks makes a left click on the tray icon call Toggle.
// Call it after desktop.App.SetSystemTrayWindow(p.Window), which tells the
// tray host that the item takes clicks (not only a menu) and whose own
// handler toggles the window blindly: a click on the icon first takes
// the focus from the panel (hiding it), then arrives, and would show it
// again. run wraps the handler onto the UI goroutine.
func (p *Panel) TakeOverTrayClicks(run func(func())) {
	p.Window.SetCloseIntercept(p.Hide)
	// The point comes first, on the same D-Bus goroutine as the tap.
	systray.SetOnActivatePoint(p.clickedAt)
	systray.SetOnTapped(func() { run(p.Toggle) })
}

// Update shows m, shown or not (once shown the first time): Fyne shows
// the panel on a left click without telling the app, and it must be
// current then. Cheap when nothing but states changed: the widgets are
// updated in place.
func (p *Panel) Update(m view.Panel) {
	if !p.built {
		p.pending = m
		return
	}
	if shape := panelShape(&m); shape != p.shape || p.summary == nil {
		p.rebuild(&m)
		p.shape = shape
		return
	}
	p.apply(&m)
}

func panelShape(m *view.Panel) string {
	var b strings.Builder
	if m.LockAll {
		b.WriteString("lockall;")
	}
	for _, r := range m.Rows {
		b.WriteString(r.DeviceID)
		b.WriteByte(byte('0' + r.Kind))
		b.WriteByte(';')
	}
	return b.String()
}

// rebuild makes the content anew, keeping the focus on the same control.
func (p *Panel) rebuild(m *view.Panel) {
	focusKey := p.focusKey()
	p.summary = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	p.summary.TextStyle.Bold = true
	p.summary.TextSize = theme.TextSize() * 1.15
	objects := []fyne.CanvasObject{p.summary}
	p.lockAll = nil
	if m.LockAll {
		p.lockAll = newPanelButton(p, i18n.T("menu.lockAll", "Lock all"), func() { p.click(view.Action{Kind: view.LockAll}) })
		p.lockAll.Importance = widget.HighImportance
		objects = append(objects, p.lockAll)
	}
	p.rows = p.rows[:0]
	for _, rm := range m.Rows {
		r := p.newRow(rm)
		p.rows = append(p.rows, r)
		objects = append(objects, widget.NewSeparator(), r.layout())
	}
	if len(m.Rows) == 0 {
		objects = append(objects, widget.NewLabel(i18n.T("panel.noDevices", "No devices to show.")))
	}
	// A window without decorations needs its own edge and margin to read
	// as a panel over whatever is behind it.
	frame := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	frame.StrokeColor, frame.StrokeWidth = theme.Color(theme.ColorNameSeparator), 1
	frame.SetMinSize(fyne.NewSize(panelWidth, 0))
	pad := theme.Padding() * 3
	content := container.NewStack(frame, container.New(layout.NewCustomPaddedLayout(pad, pad, pad, pad), container.NewVBox(objects...)))
	p.Window.SetContent(content)
	p.apply(m)
	p.Window.Resize(content.MinSize())
	if f := p.focusable(focusKey); f != nil {
		p.Window.Canvas().Focus(f)
	}
}

// apply sets the widgets' texts, colours and values from m, whose shape
// matches the content's.
func (p *Panel) apply(m *view.Panel) {
	p.summary.Text = m.Summary
	p.summary.Color = theme.Color(theme.ColorNameForeground)
	p.summary.Refresh()
	for i := range p.rows {
		p.rows[i].apply(m.Rows[i])
	}
}

func (p *Panel) newRow(m view.PanelRow) *panelRow {
	r := &panelRow{model: m}
	r.name = canvas.NewText(m.Name, theme.Color(theme.ColorNameForeground))
	r.name.TextStyle.Bold = true
	r.state = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	r.state.TextSize = theme.CaptionTextSize() * 1.1
	r.activity = widget.NewActivity()
	r.activity.Hide()
	switch m.Kind {
	case view.RowLock:
		r.button = newPanelButton(p, "", func() {
			if a := r.model.Button.Action; a.Kind != view.NoAction && !r.model.Button.Disabled {
				p.click(a)
			}
		})
	default:
		r.power = newPanelCheck(p, i18n.T("state.on", "On"), func(on bool) {
			a := r.model.TurnOff
			if on {
				a = r.model.TurnOn
			}
			p.click(a)
		})
		if m.Kind == view.RowLight {
			r.bright = newPanelSlider(p)
			r.bright.OnChanged = func(float64) { r.adjusting = true }
			r.bright.OnChangeEnded = func(v float64) {
				r.adjusting = false
				p.click(r.model.BrightnessAction(int(math.Round(v))))
			}
		}
	}
	return r
}

// layout is the row: name and state on the left, the controls on the
// right.
func (r *panelRow) layout() fyne.CanvasObject {
	texts := container.NewVBox(r.name, r.state)
	var controls fyne.CanvasObject
	switch {
	case r.button != nil:
		controls = container.NewGridWrap(fyne.NewSize(120, r.button.MinSize().Height*1.25), r.button)
	case r.bright != nil:
		controls = container.NewHBox(r.power, container.NewGridWrap(fyne.NewSize(130, r.bright.MinSize().Height), r.bright))
	default:
		controls = r.power
	}
	right := container.NewHBox(r.activity, container.NewCenter(controls))
	return container.NewBorder(nil, nil, nil, right, texts)
}

func (r *panelRow) apply(m view.PanelRow) {
	r.model = m
	nameColor := theme.ColorNameForeground
	if m.Offline {
		nameColor = theme.ColorNameDisabled
	}
	r.name.Text, r.name.Color = m.Name, theme.Color(nameColor)
	r.name.Refresh()
	r.state.Text, r.state.Color = m.State, toneColor(m.Tone)
	r.state.Refresh()
	if m.Busy {
		r.activity.Show()
		r.activity.Start()
	} else {
		r.activity.Stop()
		r.activity.Hide()
	}
	enable := func(w fyne.Disableable, on bool) {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	if r.button != nil {
		r.button.SetText(m.Button.Label)
		r.button.Importance = widget.HighImportance
		if m.Button.Action.Do.Verb == devices.Unlock {
			r.button.Importance = widget.MediumImportance
		}
		enable(r.button, !m.Button.Disabled && m.Button.Action.Kind != view.NoAction)
		r.button.Refresh()
	}
	if r.power != nil {
		// Not SetChecked: that would send the command back.
		if r.power.Checked != m.On {
			r.power.Checked = m.On
			r.power.Refresh()
		}
		enable(r.power, m.Enabled())
	}
	if r.bright != nil {
		if !r.adjusting && r.bright.Value != float64(m.Brightness) {
			// Not SetValue: that would send a brightness command.
			r.bright.Value = float64(m.Brightness)
			r.bright.Refresh()
		}
		enable(r.bright, m.Enabled())
	}
}

func toneColor(t view.Tone) color.Color {
	name := theme.ColorNameForeground
	switch t {
	case view.ToneGood:
		name = theme.ColorNameSuccess
	case view.ToneWarning:
		name = theme.ColorNameWarning
	case view.ToneBad:
		name = theme.ColorNameError
	case view.ToneOn, view.ToneBusy:
		name = theme.ColorNamePrimary
	case view.ToneMuted:
		name = theme.ColorNameDisabled
	}
	return theme.Color(name)
}

// focusKey names the focused control ("lockall", "<id>/button",
// "<id>/power", "<id>/bright"), or "".
func (p *Panel) focusKey() string {
	f := p.Window.Canvas().Focused()
	if f == nil {
		return ""
	}
	for key, c := range p.focusables() {
		if c == f {
			return key
		}
	}
	return ""
}

func (p *Panel) focusable(key string) fyne.Focusable {
	if key == "" {
		return nil
	}
	return p.focusables()[key]
}

func (p *Panel) focusables() map[string]fyne.Focusable {
	out := map[string]fyne.Focusable{}
	if p.lockAll != nil {
		out["lockall"] = p.lockAll
	}
	for _, r := range p.rows {
		id := r.model.DeviceID
		if r.button != nil {
			out[id+"/button"] = r.button
		}
		if r.power != nil {
			out[id+"/power"] = r.power
		}
		if r.bright != nil {
			out[id+"/bright"] = r.bright
		}
	}
	return out
}

// The panel's controls are Fyne's, taught two keys: Escape closes the
// panel whichever control has the focus (Fyne gives keys to the focused
// widget only), and Enter presses a button or flips a switch like Space.

// newPanelButton is a widgets.KeyButton whose Escape closes the panel.
func newPanelButton(p *Panel, label string, tapped func()) *widgets.KeyButton {
	return widgets.NewKeyButton(label, tapped, p.Hide)
}

type panelCheck struct {
	widget.Check
	panel *Panel
}

func newPanelCheck(p *Panel, label string, changed func(bool)) *panelCheck {
	c := &panelCheck{panel: p}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *panelCheck) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		c.panel.Hide()
	case fyne.KeyReturn, fyne.KeyEnter:
		c.TypedRune(' ')
	default:
		c.Check.TypedKey(k)
	}
}

type panelSlider struct {
	widget.Slider
	panel *Panel
}

// newPanelSlider is a 0–100 % slider in steps of 5. Arrow keys move it a
// step; each step is applied, as a release is.
func newPanelSlider(p *Panel) *panelSlider {
	s := &panelSlider{panel: p}
	s.Min, s.Max, s.Step = 0, 100, 5
	s.ExtendBaseWidget(s)
	return s
}

func (s *panelSlider) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		s.panel.Hide()
		return
	}
	s.Slider.TypedKey(k)
}
