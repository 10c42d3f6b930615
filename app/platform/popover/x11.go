//go:build linux || freebsd || openbsd || netbsd

package popover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/randr"
	"github.com/jezek/xgb/xproto"
)

// ErrNoX11 is returned by OpenX11 when no X server answers (a Wayland
// session without Xwayland, a console): the panel stays where the
// toolkit puts it.
var ErrNoX11 = errors.New("no X server to place the quick panel on")

// X11 places windows on one X server. Its methods block on the server
// and so must not run on the UI goroutine; each gives up when its
// context ends. Safe for use by several goroutines (one at a time).
type X11 struct {
	mu    sync.Mutex
	conn  *xgb.Conn
	root  xproto.Window
	randr bool
	atoms map[string]xproto.Atom
}

// atomNames are the EWMH atoms the placement reads and sets.
var atomNames = []string{"_NET_WORKAREA", "_NET_CURRENT_DESKTOP", "_NET_WM_STATE",
	"_NET_WM_STATE_SKIP_TASKBAR", "_NET_WM_STATE_SKIP_PAGER", "_NET_WM_STATE_ABOVE",
	"_NET_WM_STRUT_PARTIAL", "_NET_WM_STRUT"}

// xgb logs to stderr by itself (a missing .Xauthority, every unchecked
// error); what matters comes back as errors here. Set before any
// connection exists, whose goroutines read it.
func init() { xgb.Logger = log.New(io.Discard, "", 0) }

// OpenX11 connects to the X server of $DISPLAY.
func OpenX11(ctx context.Context) (*X11, error) {
	var x *X11
	err := within(ctx, func() error {
		conn, err := xgb.NewConn()
		if err != nil {
			return fmt.Errorf("%w: %w", ErrNoX11, err)
		}
		x = &X11{conn: conn, root: xproto.Setup(conn).DefaultScreen(conn).Root, atoms: map[string]xproto.Atom{}}
		// GetMonitors is RandR 1.5; an older server (or none) leaves
		// the root window's size.
		if randr.Init(conn) == nil {
			_, err := randr.QueryVersion(conn, 1, 5).Reply()
			x.randr = err == nil
		}
		return x.internAtoms()
	})
	if err != nil {
		if x != nil {
			x.conn.Close()
		}
		return nil, err
	}
	return x, nil
}

// Close ends the connection.
func (x *X11) Close() { x.conn.Close() }

func (x *X11) internAtoms() error {
	cookies := make([]xproto.InternAtomCookie, len(atomNames))
	for i, n := range atomNames {
		cookies[i] = xproto.InternAtom(x.conn, false, uint16(len(n)), n)
	}
	for i, c := range cookies {
		r, err := c.Reply()
		if err != nil {
			return fmt.Errorf("intern atom %s: %w", atomNames[i], err)
		}
		x.atoms[atomNames[i]] = r.Atom
	}
	return nil
}

// MoveNear moves window win (unmapped or shown) so that it opens at
// point as Place has it; a point of (0, 0), which hosts send that do
// not know where the click was, means the pointer's position.
func (x *X11) MoveNear(ctx context.Context, win uint32, point Point) (Point, error) {
	var at Point
	err := within(ctx, func() error {
		x.mu.Lock()
		defer x.mu.Unlock()
		w := xproto.Window(win)
		geo, err := xproto.GetGeometry(x.conn, xproto.Drawable(w)).Reply()
		if err != nil {
			return fmt.Errorf("read the panel's size: %w", err)
		}
		if point == (Point{}) {
			if point, err = x.pointer(); err != nil {
				return err
			}
		}
		monitors := x.monitors()
		area := x.workArea()
		if area.empty() {
			area = x.strutWorkArea(point, monitors)
		}
		at = Place(point, Size{int(geo.Width), int(geo.Height)}, monitors, area)
		err = xproto.ConfigureWindowChecked(x.conn, w, xproto.ConfigWindowX|xproto.ConfigWindowY,
			[]uint32{uint32(int32(at.X)), uint32(int32(at.Y))}).Check()
		if err != nil {
			return fmt.Errorf("move the panel: %w", err)
		}
		return nil
	})
	return at, err
}

func (x *X11) pointer() (Point, error) {
	r, err := xproto.QueryPointer(x.conn, x.root).Reply()
	if err != nil {
		return Point{}, fmt.Errorf("read the pointer's position: %w", err)
	}
	return Point{int(r.RootX), int(r.RootY)}, nil
}

// monitors are RandR's monitors, or the root window's size where RandR
// 1.5 is missing or says nothing.
func (x *X11) monitors() []Rect {
	if x.randr {
		if r, err := randr.GetMonitors(x.conn, x.root, true).Reply(); err == nil && len(r.Monitors) > 0 {
			out := make([]Rect, 0, len(r.Monitors))
			for _, m := range r.Monitors {
				out = append(out, Rect{int(m.X), int(m.Y), int(m.Width), int(m.Height)})
			}
			return out
		}
	}
	geo, err := xproto.GetGeometry(x.conn, xproto.Drawable(x.root)).Reply()
	if err != nil {
		return nil
	}
	return []Rect{{0, 0, int(geo.Width), int(geo.Height)}}
}

// workArea is _NET_WORKAREA for the current desktop; empty when the
// window manager sets none (Place then uses the monitor).
func (x *X11) workArea() Rect {
	desk := uint32(0)
	if v := x.cardinals(x.root, "_NET_CURRENT_DESKTOP"); len(v) == 1 {
		desk = v[0]
	}
	v := x.cardinals(x.root, "_NET_WORKAREA")
	if len(v) < 4 {
		return Rect{}
	}
	if int(desk)*4+4 > len(v) {
		desk = 0
	}
	a := v[desk*4 : desk*4+4]
	return Rect{int(int32(a[0])), int(int32(a[1])), int(a[2]), int(a[3])}
}

// strutWorkArea is the work area of the monitor at point as the docks'
// struts make it, for when no window manager sets _NET_WORKAREA (a panel
// bar run alone, as in a bare X session or xfce4-panel without xfwm4):
// without it the panel would open over a top bar. Empty when the root
// window cannot be read, and the monitor itself when no dock reserves
// space on it.
func (x *X11) strutWorkArea(point Point, monitors []Rect) Rect {
	geo, err := xproto.GetGeometry(x.conn, xproto.Drawable(x.root)).Reply()
	if err != nil {
		return Rect{}
	}
	root := Size{int(geo.Width), int(geo.Height)}
	mon := monitorAt(point, monitors, Rect{0, 0, root.W, root.H})
	return StrutArea(mon, root, x.struts(root))
}

// struts are the struts of the shown top-level windows, the docks among
// them: _NET_WM_STRUT_PARTIAL where set, else _NET_WM_STRUT. The requests
// go out together and the replies are read after, one round trip in all.
func (x *X11) struts(root Size) []Strut {
	tree, err := xproto.QueryTree(x.conn, x.root).Reply()
	if err != nil {
		return nil
	}
	type asked struct {
		attrs          xproto.GetWindowAttributesCookie
		partial, plain xproto.GetPropertyCookie
	}
	all := make([]asked, len(tree.Children))
	for i, w := range tree.Children {
		all[i] = asked{
			xproto.GetWindowAttributes(x.conn, w),
			xproto.GetProperty(x.conn, false, w, x.atoms["_NET_WM_STRUT_PARTIAL"], xproto.AtomCardinal, 0, 12),
			xproto.GetProperty(x.conn, false, w, x.atoms["_NET_WM_STRUT"], xproto.AtomCardinal, 0, 4),
		}
	}
	var out []Strut
	for _, a := range all {
		attrs, err := a.attrs.Reply()
		v, plain := cardinalsOf(a.partial.Reply()), cardinalsOf(a.plain.Reply())
		if len(v) != 12 {
			v = plain
		}
		if err != nil || attrs.MapState != xproto.MapStateViewable {
			continue
		}
		if s, ok := StrutFromProperty(v, root); ok {
			out = append(out, s)
		}
	}
	return out
}

// cardinals reads a CARDINAL[] property, nil when it is missing.
func (x *X11) cardinals(w xproto.Window, name string) []uint32 {
	return cardinalsOf(xproto.GetProperty(x.conn, false, w, x.atoms[name], xproto.AtomCardinal, 0, 64).Reply())
}

// cardinalsOf is the CARDINAL[] in a property reply, nil when the
// property is missing or of another format.
func cardinalsOf(r *xproto.GetPropertyReply, err error) []uint32 {
	if err != nil || r.Format != 32 {
		return nil
	}
	out := make([]uint32, min(int(r.ValueLen), len(r.Value)/4))
	for i := range out {
		out[i] = xgb.Get32(r.Value[i*4:])
	}
	return out
}

// popupStates are the _NET_WM_STATE atoms of a popup: no entry in the
// taskbar or the pager, above the other windows.
var popupStates = []string{"_NET_WM_STATE_SKIP_TASKBAR", "_NET_WM_STATE_SKIP_PAGER", "_NET_WM_STATE_ABOVE"}

// MakePopup gives window win the popup's states. EWMH has two ways,
// and both are taken: the property, which the window manager reads when
// the window maps (and which is all there is without a window manager),
// and, for a window already shown, a client message to the root per
// pair of states, since the manager owns the property of a mapped
// window.
func (x *X11) MakePopup(ctx context.Context, win uint32) error {
	return within(ctx, func() error {
		x.mu.Lock()
		defer x.mu.Unlock()
		w := xproto.Window(win)
		if err := x.addStates(w); err != nil {
			return err
		}
		attrs, err := xproto.GetWindowAttributes(x.conn, w).Reply()
		if err != nil {
			return fmt.Errorf("read whether the panel shows: %w", err)
		}
		if attrs.MapState == xproto.MapStateUnmapped {
			return nil
		}
		return x.askStates(w)
	})
}

// addStates adds the popup states to the window's _NET_WM_STATE,
// keeping those it has.
func (x *X11) addStates(w xproto.Window) error {
	have := map[xproto.Atom]bool{}
	r, err := xproto.GetProperty(x.conn, false, w, x.atoms["_NET_WM_STATE"], xproto.AtomAtom, 0, 64).Reply()
	if err == nil && r.Format == 32 {
		for i := 0; i < int(r.ValueLen); i++ {
			have[xproto.Atom(xgb.Get32(r.Value[i*4:]))] = true
		}
	}
	for _, n := range popupStates {
		have[x.atoms[n]] = true
	}
	data := make([]byte, 4*len(have))
	i := 0
	for a := range have {
		xgb.Put32(data[i*4:], uint32(a))
		i++
	}
	err = xproto.ChangePropertyChecked(x.conn, xproto.PropModeReplace, w, x.atoms["_NET_WM_STATE"],
		xproto.AtomAtom, 32, uint32(len(have)), data).Check()
	if err != nil {
		return fmt.Errorf("set the panel's popup states: %w", err)
	}
	return nil
}

// askStates sends the window manager _NET_WM_STATE "add" requests, two
// states to a message.
func (x *X11) askStates(w xproto.Window) error {
	const add, fromApp = 1, 1
	for i := 0; i < len(popupStates); i += 2 {
		second := uint32(0)
		if i+1 < len(popupStates) {
			second = uint32(x.atoms[popupStates[i+1]])
		}
		ev := xproto.ClientMessageEvent{Format: 32, Window: w, Type: x.atoms["_NET_WM_STATE"],
			Data: xproto.ClientMessageDataUnionData32New([]uint32{add, uint32(x.atoms[popupStates[i]]), second, fromApp, 0})}
		err := xproto.SendEventChecked(x.conn, false, x.root,
			xproto.EventMaskSubstructureNotify|xproto.EventMaskSubstructureRedirect, string(ev.Bytes())).Check()
		if err != nil {
			return fmt.Errorf("ask the window manager for the panel's popup states: %w", err)
		}
	}
	return nil
}
