// Package devicelist is the reorderable device list the wizard and the
// settings window share: a "show in the tray" checkbox per device, for
// locks optionally "ask before unlocking", and up/down buttons.
package devicelist

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/utec"
)

// Options say how the list reads and reports the person's choices.
type Options struct {
	// Label is a device's checkbox label; default its name.
	Label func(utec.Device) string
	// Shown and SetShown read and change "show in the tray".
	Shown    func(id string) bool
	SetShown func(id string, shown bool)
	// Asks and SetAsks read and change "ask before unlocking"; nil leaves
	// the column out.
	Asks    func(id string) bool
	SetAsks func(id string, ask bool)
	// Notifies and SetNotifies read and change "announce its changes" (a
	// device not muted); nil leaves the column out.
	Notifies    func(id string) bool
	SetNotifies func(id string, on bool)
	// Moved is told the new order after a move.
	Moved func(order []string)
}

// List is the list; Box is its content, one row per device.
type List struct {
	Box     *fyne.Container
	devices []utec.Device
	opts    Options
}

// New returns a list of devices in the given order.
func New(devices []utec.Device, opts Options) *List {
	if opts.Label == nil {
		opts.Label = func(d utec.Device) string { return d.Name }
	}
	l := &List{Box: container.NewVBox(), opts: opts}
	l.Set(devices)
	return l
}

// Set replaces the devices and redraws the list.
func (l *List) Set(devices []utec.Device) {
	l.devices = append([]utec.Device(nil), devices...)
	l.render()
}

// Devices returns the devices in the list's order.
func (l *List) Devices() []utec.Device { return append([]utec.Device(nil), l.devices...) }

// Order returns the device ids in the list's order.
func (l *List) Order() []string {
	ids := make([]string, len(l.devices))
	for i, d := range l.devices {
		ids[i] = d.ID
	}
	return ids
}

func (l *List) render() {
	l.Box.Objects = nil
	for i, d := range l.devices {
		id := d.ID
		// Callbacks are set after the boxes are checked: drawing the list
		// changes no setting.
		show := widget.NewCheck(l.opts.Label(d), nil)
		show.SetChecked(l.opts.Shown(id))
		show.OnChanged = func(on bool) { l.opts.SetShown(id, on) }
		var controls []fyne.CanvasObject
		if l.opts.Asks != nil && d.Kind() == utec.KindLock {
			ask := widget.NewCheck(i18n.T("devicelist.askBeforeUnlocking", "Ask before unlocking"), nil)
			ask.SetChecked(l.opts.Asks(id))
			ask.OnChanged = func(on bool) { l.opts.SetAsks(id, on) }
			controls = append(controls, ask)
		}
		if l.opts.Notifies != nil {
			notify := widget.NewCheck(i18n.T("devicelist.notify", "Notify"), nil)
			notify.SetChecked(l.opts.Notifies(id))
			notify.OnChanged = func(on bool) { l.opts.SetNotifies(id, on) }
			controls = append(controls, notify)
		}
		up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { l.move(i, -1) })
		down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { l.move(i, +1) })
		if i == 0 {
			up.Disable()
		}
		if i == len(l.devices)-1 {
			down.Disable()
		}
		controls = append(controls, up, down)
		l.Box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(controls...), show))
	}
	l.Box.Refresh()
}

func (l *List) move(i, delta int) {
	j := i + delta
	if j < 0 || j >= len(l.devices) {
		return
	}
	l.devices[i], l.devices[j] = l.devices[j], l.devices[i]
	l.render()
	if l.opts.Moved != nil {
		l.opts.Moved(l.Order())
	}
}
