package panel

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/app/ui/settingsui"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
)

// benchFrame is a home of twelve devices (four locks, four lights, two
// plugs, two switches), one unlocked and one offline.
func benchFrame() view.Frame {
	on, off := true, false
	now := time.Now()
	var devices []poller.Device
	add := func(d utec.Device, st utec.Status) {
		st.DeviceID, st.Online = d.ID, &on
		devices = append(devices, poller.Device{Device: d, Status: st, Updated: now, LastOnline: now})
	}
	for i := range 4 {
		state := utec.LockLocked
		if i == 1 {
			state = utec.LockUnlocked
		}
		battery := 80
		add(utec.Device{ID: fmt.Sprintf("L%d", i), Name: fmt.Sprintf("Door %d", i), Category: "SmartLock"}, utec.Status{Lock: state, Battery: &battery})
	}
	for i := range 4 {
		level := 20 * i
		add(utec.Device{ID: fmt.Sprintf("B%d", i), Name: fmt.Sprintf("Lamp %d", i), Category: "LIGHT", HandleType: "utec-dimmer"}, utec.Status{On: &on, Brightness: &level})
	}
	for i := range 2 {
		add(utec.Device{ID: fmt.Sprintf("P%d", i), Name: fmt.Sprintf("Plug %d", i), Category: "SmartPlug"}, utec.Status{On: &off})
		add(utec.Device{ID: fmt.Sprintf("S%d", i), Name: fmt.Sprintf("Switch %d", i), Category: "SmartSwitch"}, utec.Status{On: &on})
	}
	devices[len(devices)-1].Status.Online = &off
	s := view.Snapshot{SignIn: signin.OK, Settings: config.Default(), Poll: poller.State{Loaded: true, LastPoll: now, Devices: devices}}
	return view.BuildFrame(s)
}

// BenchmarkOpenQuickPanel is a left click when the panel is not built
// yet: build it from the frame and show it.
func BenchmarkOpenQuickPanel(b *testing.B) {
	a := test.NewTempApp(b)
	f := benchFrame()
	click := func(view.Action) {}
	for b.Loop() {
		p := New(a, click)
		p.Update(f.Panel)
		p.Show()
		p.Window.Close()
	}
}

// BenchmarkShowBuiltQuickPanel is a left click in the app: the panel is
// built at start and kept current, so a click only shows it.
func BenchmarkShowBuiltQuickPanel(b *testing.B) {
	a := test.NewTempApp(b)
	p := New(a, func(view.Action) {})
	p.Update(benchFrame().Panel)
	for b.Loop() {
		p.Show()
		p.Hide()
	}
}

// BenchmarkOpenSettings opens the settings window the same way, for
// comparison.
func BenchmarkOpenSettings(b *testing.B) {
	a := test.NewTempApp(b)
	f := benchFrame()
	for b.Loop() {
		w := settingsui.New(a, settingsui.Deps{State: f.Settings,
			Edit: func(func(*config.Settings)) {}, Diagnostics: func() string { return "" }, LogDir: b.TempDir(),
			Run: func(f func()) {}}).Window
		w.Show()
		w.Close()
	}
}
