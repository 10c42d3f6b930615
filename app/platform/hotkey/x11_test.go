//go:build linux || freebsd || openbsd || netbsd

package hotkey

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/utec-tray/utec-tray/internal/xvfbtest"
)

// openX11 opens a grabber whose activations arrive on the channel.
func openX11(t *testing.T) (*X11, <-chan string) {
	t.Helper()
	fired := make(chan string, 10)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	x, err := OpenX11(ctx, Options{Activated: func(id string) { fired <- id }})
	if err != nil {
		t.Fatal(err)
	}
	return x, fired
}

func bind(t *testing.T, g Grabber, bindings ...Binding) map[string]error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return g.Bind(ctx, bindings)
}

func binding(t *testing.T, id, accel string) Binding {
	t.Helper()
	a, err := Parse(accel)
	if err != nil {
		t.Fatal(err)
	}
	return Binding{ID: id, Accel: a, Description: id}
}

func startXvfb(t *testing.T) { xvfbtest.Start(t, "xdotool") }

func press(t *testing.T, keys ...string) { t.Helper(); xvfbtest.Press(t, keys...) }

// wantFired waits for an activation of id; wantNone makes sure none
// comes, after a round trip through the server (a sync with xdotool's
// later key) rather than a guessed delay.
func wantFired(t *testing.T, fired <-chan string, id string) {
	t.Helper()
	select {
	case got := <-fired:
		if got != id {
			t.Fatalf("fired %q, want %q", got, id)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%q did not fire", id)
	}
}

func TestX11FiresOnItsKeys(t *testing.T) {
	startXvfb(t)
	x, fired := openX11(t)
	defer x.Close()
	if errs := bind(t, x, binding(t, "lock", "Ctrl+Alt+L"), binding(t, "panel", "Super+Shift+P")); errs != nil {
		t.Fatal(errs)
	}
	press(t, "ctrl+alt+l")
	wantFired(t, fired, "lock")
	press(t, "super+shift+p")
	wantFired(t, fired, "panel")

	// With NumLock and CapsLock on, the same keys.
	press(t, "Num_Lock", "Caps_Lock", "ctrl+alt+l", "Num_Lock", "Caps_Lock")
	wantFired(t, fired, "lock")

	// Other keys and a part of the shortcut fire nothing; the shortcut
	// after them is the next to fire.
	press(t, "ctrl+l", "alt+l", "ctrl+alt+k", "ctrl+alt+l")
	wantFired(t, fired, "lock")
	select {
	case id := <-fired:
		t.Fatalf("%q fired once more", id)
	default:
	}
}

// A key held down fires once, not at every auto-repeat.
func TestX11HeldKeyFiresOnce(t *testing.T) {
	startXvfb(t)
	x, fired := openX11(t)
	defer x.Close()
	if errs := bind(t, x, binding(t, "lock", "Ctrl+Alt+L"), binding(t, "panel", "Ctrl+Alt+P")); errs != nil {
		t.Fatal(errs)
	}
	// XTEST sends no auto-repeat; what X sends for a held key is a
	// release and a press at the same time, given here as the server
	// would.
	x.mu.Lock()
	kc := x.held[0].keycode
	mods := x.held[0].mods
	x.mu.Unlock()
	at := xproto.Timestamp(1000)
	press1 := xproto.KeyPressEvent{Detail: kc, Time: at, State: mods}
	if _, ok := x.pressed(press1); !ok {
		t.Fatal("the first press did not fire")
	}
	x.mu.Lock()
	x.released[kc] = at + 30
	x.mu.Unlock()
	if _, ok := x.pressed(xproto.KeyPressEvent{Detail: kc, Time: at + 30, State: mods}); ok {
		t.Error("an auto-repeat fired")
	}
	if _, ok := x.pressed(xproto.KeyPressEvent{Detail: kc, Time: at + 500, State: mods | xLock}); !ok {
		t.Error("a new press (CapsLock on) did not fire")
	}
	press(t, "ctrl+alt+p")
	wantFired(t, fired, "panel")
}

// grabAs grabs accel on another connection, as another program would,
// and returns what lets it go (and waits until the server did).
func grabAs(t *testing.T, accel string) (letGo func()) {
	t.Helper()
	c, err := xgb.NewConn()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	keys, err := readKeymap(c)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := Parse(accel)
	k, _ := keyOf(a)
	kc, _ := keys.keycode(k.keysym)
	root := xproto.Setup(c).DefaultScreen(c).Root
	if err := xproto.GrabKeyChecked(c, true, root, keys.mask(a.Mods), xproto.Keycode(kc),
		xproto.GrabModeAsync, xproto.GrabModeAsync).Check(); err != nil {
		t.Fatalf("the other program could not grab %s: %v", accel, err)
	}
	return func() {
		if err := xproto.UngrabKeyChecked(c, xproto.Keycode(kc), root, keys.mask(a.Mods)).Check(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestX11TakenByAnotherProgram(t *testing.T) {
	startXvfb(t)
	letGo := grabAs(t, "Ctrl+Alt+L")
	x, fired := openX11(t)
	defer x.Close()
	errs := bind(t, x, binding(t, "lock", "Ctrl+Alt+L"), binding(t, "panel", "Ctrl+Alt+P"))
	var taken *TakenError
	if !errors.As(errs["lock"], &taken) || !errors.Is(errs["lock"], ErrTaken) {
		t.Fatalf("Bind = %v, want lock taken", errs)
	}
	if msg := errs["lock"].Error(); msg != "Ctrl+Alt+L is taken by another program; choose another" {
		t.Errorf("message %q", msg)
	}
	if errs["panel"] != nil {
		t.Errorf("panel: %v, want it held", errs["panel"])
	}
	press(t, "ctrl+alt+p")
	wantFired(t, fired, "panel")

	// Once the other program lets it go, a new Bind has it; none of the
	// lock variants of the failed one was left behind.
	letGo()
	if errs := bind(t, x, binding(t, "lock", "Ctrl+Alt+L")); errs != nil {
		t.Fatal(errs)
	}
	press(t, "ctrl+alt+l")
	wantFired(t, fired, "lock")
}

// Bind lets go of what it no longer wants, and Close of all: another
// program can grab the keys then.
func TestX11LetsGo(t *testing.T) {
	startXvfb(t)
	x, fired := openX11(t)
	if errs := bind(t, x, binding(t, "lock", "Ctrl+Alt+L"), binding(t, "panel", "Ctrl+Alt+P")); errs != nil {
		t.Fatal(errs)
	}
	if errs := bind(t, x, binding(t, "panel", "Ctrl+Alt+O")); errs != nil {
		t.Fatal(errs)
	}
	grabAs(t, "Ctrl+Alt+L")
	grabAs(t, "Ctrl+Alt+P")
	press(t, "ctrl+alt+o")
	wantFired(t, fired, "panel")
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	grabAs(t, "Ctrl+Alt+O")
}
