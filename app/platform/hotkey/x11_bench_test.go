//go:build linux || freebsd || openbsd || netbsd

package hotkey

import (
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"

	"github.com/utec-tray/utec-tray/internal/xvfbtest"
)

// typist presses keys through XTEST on a connection of its own, as a
// keyboard would, without a process per press (xdotool's).
type typist struct {
	conn *xgb.Conn
	root xproto.Window
}

func newTypist(b *testing.B) *typist {
	c, err := xgb.NewConn()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	if err := xtest.Init(c); err != nil {
		b.Fatal(err)
	}
	return &typist{conn: c, root: xproto.Setup(c).DefaultScreen(c).Root}
}

// chord presses the keycodes in order and lets them go in reverse.
func (ty *typist) chord(b *testing.B, codes ...xproto.Keycode) {
	for _, kc := range codes {
		xtest.FakeInput(ty.conn, xproto.KeyPress, byte(kc), 0, ty.root, 0, 0, 0)
	}
	for i := len(codes) - 1; i >= 0; i-- {
		xtest.FakeInput(ty.conn, xproto.KeyRelease, byte(codes[i]), 0, ty.root, 0, 0, 0)
	}
	// A round trip: the server has the presses once it answers.
	if _, err := xproto.GetInputFocus(ty.conn).Reply(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkX11PressToActivated: from the keys of a held shortcut
// pressed (XTEST, under Xvfb) to Activated called.
func BenchmarkX11PressToActivated(b *testing.B) {
	xvfbtest.Start(b)
	fired := make(chan string, 1)
	x, err := OpenX11(b.Context(), Options{Activated: func(id string) { fired <- id }})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	a, _ := Parse("Ctrl+Alt+L")
	if errs := x.Bind(b.Context(), []Binding{{ID: "lock", Accel: a}}); errs != nil {
		b.Fatal(errs)
	}
	ctrl, _ := x.keys.keycode(0xffe3) // Control_L
	alt, _ := x.keys.keycode(ksAltL)
	l, _ := x.keys.keycode('l')
	ty := newTypist(b)
	codes := []xproto.Keycode{xproto.Keycode(ctrl), xproto.Keycode(alt), xproto.Keycode(l)}
	b.ResetTimer()
	for range b.N {
		// A press at the millisecond of the last release is X's
		// auto-repeat, which does not fire: a person's next press is
		// later.
		b.StopTimer()
		time.Sleep(2 * time.Millisecond)
		b.StartTimer()
		ty.chord(b, codes...)
		select {
		case <-fired:
		case <-time.After(10 * time.Second):
			b.Fatal("the shortcut did not fire")
		}
	}
}

// BenchmarkX11Bind: letting one shortcut go and grabbing two (eight
// lock variants each), as a change in Settings does.
func BenchmarkX11Bind(b *testing.B) {
	xvfbtest.Start(b)
	x, err := OpenX11(b.Context(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	lock, _ := Parse("Ctrl+Alt+L")
	panel, _ := Parse("Super+Shift+P")
	bindings := []Binding{{ID: "lock", Accel: lock}, {ID: "panel", Accel: panel}}
	for b.Loop() {
		if errs := x.Bind(b.Context(), bindings); errs != nil {
			b.Fatal(errs)
		}
	}
}
