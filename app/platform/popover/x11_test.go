//go:build linux || freebsd || openbsd || netbsd

package popover

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/utec-tray/utec-tray/internal/xvfbtest"
)

// startXvfb starts a private Xvfb of the given size with no window
// manager and points $DISPLAY at it for the test.
func startXvfb(t *testing.T, size string) { xvfbtest.StartScreen(t, size) }

// newWindow creates an unmapped top-level window of w x h on its own
// connection, as the toolkit would.
func newWindow(t *testing.T, w, h uint16) (*xgb.Conn, xproto.Window) {
	t.Helper()
	c, err := xgb.NewConn()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	scr := xproto.Setup(c).DefaultScreen(c)
	id, err := xproto.NewWindowId(c)
	if err != nil {
		t.Fatal(err)
	}
	err = xproto.CreateWindowChecked(c, scr.RootDepth, id, scr.Root, 0, 0, w, h, 0,
		xproto.WindowClassInputOutput, scr.RootVisual, 0, nil).Check()
	if err != nil {
		t.Fatal(err)
	}
	return c, id
}

func TestX11MovesAndMarksThePanel(t *testing.T) {
	startXvfb(t, "1280x800x24")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, win := newWindow(t, 380, 300)
	x, err := OpenX11(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	// A work area less a 30 px bar at the bottom, as a panel sets it.
	work := []uint32{0, 0, 1280, 770}
	data := make([]byte, 16)
	for i, v := range work {
		xgb.Put32(data[i*4:], v)
	}
	if err := xproto.ChangePropertyChecked(c, xproto.PropModeReplace, xproto.Setup(c).DefaultScreen(c).Root,
		x.atoms["_NET_WORKAREA"], xproto.AtomCardinal, 32, 4, data).Check(); err != nil {
		t.Fatal(err)
	}
	if err := x.MakePopup(ctx, uint32(win)); err != nil {
		t.Fatal(err)
	}
	if err := xproto.MapWindowChecked(c, win).Check(); err != nil {
		t.Fatal(err)
	}
	at, err := x.MoveNear(ctx, uint32(win), Point{1200, 785})
	if err != nil {
		t.Fatal(err)
	}
	want := Point{1280 - Gap - 380, 770 - Gap - 300}
	if at != want {
		t.Errorf("MoveNear placed the panel at %v, want %v", at, want)
	}
	geo, err := xproto.GetGeometry(c, xproto.Drawable(win)).Reply()
	if err != nil {
		t.Fatal(err)
	}
	if got := (Point{int(geo.X), int(geo.Y)}); got != want {
		t.Errorf("the X server has the panel at %v, want %v", got, want)
	}
	// Mapped now: a second call takes the client-message way too, and
	// keeps the states once each.
	if err := x.MakePopup(ctx, uint32(win)); err != nil {
		t.Fatal(err)
	}
	states := xprop(t, win, "_NET_WM_STATE")
	for _, s := range popupStates {
		if strings.Count(states, s) != 1 {
			t.Errorf("_NET_WM_STATE = %q, want %s once", states, s)
		}
	}
}

func TestX11PointerStandsInForNoPoint(t *testing.T) {
	startXvfb(t, "1024x768x24")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, win := newWindow(t, 200, 100)
	x, err := OpenX11(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	root := xproto.Setup(c).DefaultScreen(c).Root
	if err := xproto.WarpPointerChecked(c, 0, root, 0, 0, 0, 0, 500, 10).Check(); err != nil {
		t.Fatal(err)
	}
	at, err := x.MoveNear(ctx, uint32(win), Point{})
	if err != nil {
		t.Fatal(err)
	}
	// No work area set: under the top edge, Gap below the pointer.
	if want := (Point{400, 11 + Gap}); at != want {
		t.Errorf("MoveNear with no point placed at %v, want %v (the pointer at 500,10)", at, want)
	}
}

// xprop is a window's property as xprop prints it: an outside reader.
func xprop(t *testing.T, win xproto.Window, name string) string {
	t.Helper()
	out, err := exec.Command("xprop", "-id", fmt.Sprint(uint32(win)), name).CombinedOutput()
	if err != nil {
		t.Fatalf("xprop: %v: %s", err, out)
	}
	return string(out)
}

// setCardinals sets a CARDINAL[] property of win, as a dock does.
func setCardinals(t *testing.T, c *xgb.Conn, win xproto.Window, name string, v []uint32) {
	t.Helper()
	atom, err := xproto.InternAtom(c, false, uint16(len(name)), name).Reply()
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 4*len(v))
	for i, x := range v {
		xgb.Put32(data[i*4:], x)
	}
	if err := xproto.ChangePropertyChecked(c, xproto.PropModeReplace, win, atom.Atom,
		xproto.AtomCardinal, 32, uint32(len(v)), data).Check(); err != nil {
		t.Fatal(err)
	}
}

// TestX11StrutsStandInForNoWorkArea has no window manager and so no
// _NET_WORKAREA, as xfce4-panel run alone: a shown dock's strut keeps the
// panel off its bar, and a hidden dock's strut counts for nothing.
func TestX11StrutsStandInForNoWorkArea(t *testing.T) {
	startXvfb(t, "1280x800x24")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, win := newWindow(t, 380, 300)
	_, bar := newWindow(t, 1280, 28)
	setCardinals(t, c, bar, "_NET_WM_STRUT_PARTIAL", []uint32{0, 0, 28, 0, 0, 0, 0, 0, 0, 1279, 0, 0})
	if err := xproto.MapWindowChecked(c, bar).Check(); err != nil {
		t.Fatal(err)
	}
	// A hidden dock along the left edge, with the older _NET_WM_STRUT.
	_, hidden := newWindow(t, 60, 800)
	setCardinals(t, c, hidden, "_NET_WM_STRUT", []uint32{60, 0, 0, 0})

	x, err := OpenX11(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	at, err := x.MoveNear(ctx, uint32(win), Point{20, 10})
	if err != nil {
		t.Fatal(err)
	}
	// Under the bar, not over it (without the strut: y = 11 + Gap), and
	// against the screen's left edge, not the hidden dock's.
	if want := (Point{Gap, 28 + Gap}); at != want {
		t.Errorf("MoveNear under a 28 px top bar placed the panel at %v, want %v", at, want)
	}
}
