//go:build linux || freebsd || openbsd || netbsd

package hotkey

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// ErrNoX11 is returned by OpenX11 when no X server answers.
var ErrNoX11 = errors.New("no X server to grab keys on")

// xgb logs to stderr by itself; what matters comes back as errors here.
// Set before any connection exists, whose goroutines read it.
func init() { xgb.Logger = log.New(io.Discard, "", 0) }

// X11 grabs shortcuts on the root window of one X server, over a
// connection of its own whose events a goroutine of its own reads.
type X11 struct {
	conn      *xgb.Conn
	root      xproto.Window
	activated func(string)
	log       *slog.Logger

	mu   sync.Mutex // guards what follows; the reader takes it per event
	keys keymap
	held []grab
	// bindings are the last Bind's, grabbed again on a new keyboard map.
	bindings []Binding
	// released is when each keycode was last released: X repeats a held
	// key as a release and a press at the same time, which is not a
	// new press.
	released map[xproto.Keycode]xproto.Timestamp
	done     chan struct{}
}

// grab is one binding as the server holds it.
type grab struct {
	id      string
	keycode xproto.Keycode
	mods    uint16 // the X modifier bits, without the locks
}

// OpenX11 connects to the X server of $DISPLAY and starts reading its
// key events.
func OpenX11(ctx context.Context, opts Options) (*X11, error) {
	opts.defaults()
	var x *X11
	err := within(ctx, func() error {
		conn, err := xgb.NewConn()
		if err != nil {
			return fmt.Errorf("%w: %w", ErrNoX11, err)
		}
		x = &X11{conn: conn, root: xproto.Setup(conn).DefaultScreen(conn).Root, activated: opts.Activated,
			log: opts.Logger, released: map[xproto.Keycode]xproto.Timestamp{}, done: make(chan struct{})}
		x.keys, err = readKeymap(conn)
		return err
	})
	if err != nil {
		if x != nil {
			x.conn.Close()
		}
		return nil, err
	}
	go x.read()
	return x, nil
}

// readKeymap asks the server which keycodes carry which keysyms, and
// which modifier bits Alt, Super and the locks are on.
func readKeymap(conn *xgb.Conn) (keymap, error) {
	setup := xproto.Setup(conn)
	count := int(setup.MaxKeycode) - int(setup.MinKeycode) + 1
	km, err := xproto.GetKeyboardMapping(conn, setup.MinKeycode, byte(count)).Reply()
	if err != nil {
		return keymap{}, fmt.Errorf("read the keyboard map: %w", err)
	}
	mm, err := xproto.GetModifierMapping(conn).Reply()
	if err != nil {
		return keymap{}, fmt.Errorf("read the modifier map: %w", err)
	}
	return newKeymap(setup.MinKeycode, int(km.KeysymsPerKeycode), km.Keysyms,
		int(mm.KeycodesPerModifier), mm.Keycodes), nil
}

// Bind lets the shortcuts held go and grabs bindings, each with every
// combination of NumLock, CapsLock and ScrollLock (a grab matches its
// modifiers exactly).
func (x *X11) Bind(ctx context.Context, bindings []Binding) map[string]error {
	errs := map[string]error{}
	err := within(ctx, func() error {
		x.mu.Lock()
		defer x.mu.Unlock()
		x.ungrabAll()
		x.bindings = append([]Binding(nil), bindings...)
		for _, b := range bindings {
			g, err := x.grab(b)
			if err != nil {
				errs[b.ID] = err
				continue
			}
			x.held = append(x.held, g)
		}
		return nil
	})
	if err != nil {
		for _, b := range bindings {
			errs[b.ID] = err
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// grab grabs one binding in all its lock variants, or none of them.
func (x *X11) grab(b Binding) (grab, error) {
	k, ok := keyOf(b.Accel)
	if !ok {
		return grab{}, &UnmappedError{Accel: b.Accel}
	}
	code, ok := x.keys.keycode(k.keysym)
	kc := xproto.Keycode(code)
	if !ok {
		return grab{}, &UnmappedError{Accel: b.Accel}
	}
	g := grab{id: b.ID, keycode: kc, mods: x.keys.mask(b.Accel.Mods)}
	for i, v := range x.keys.lockVariants() {
		err := xproto.GrabKeyChecked(x.conn, true, x.root, g.mods|v, kc,
			xproto.GrabModeAsync, xproto.GrabModeAsync).Check()
		if err == nil {
			continue
		}
		x.ungrab(g, x.keys.lockVariants()[:i])
		var access xproto.AccessError
		if errors.As(err, &access) {
			return grab{}, &TakenError{Accel: b.Accel}
		}
		return grab{}, fmt.Errorf("grab %s: %w", b.Accel, err)
	}
	return g, nil
}

// ungrab lets one binding's variants go.
func (x *X11) ungrab(g grab, variants []uint16) {
	for _, v := range variants {
		if err := xproto.UngrabKeyChecked(x.conn, g.keycode, x.root, g.mods|v).Check(); err != nil {
			x.log.Debug("could not let a shortcut go", "err", err)
		}
	}
}

// ungrabAll lets every held binding go. Call with mu held.
func (x *X11) ungrabAll() {
	for _, g := range x.held {
		x.ungrab(g, x.keys.lockVariants())
	}
	x.held = nil
}

// closeWait bounds how long Close waits for the server to let the keys
// go: the process may be ending.
const closeWait = 2 * time.Second

// Close lets every shortcut go and ends the connection.
func (x *X11) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), closeWait)
	defer cancel()
	err := within(ctx, func() error {
		x.mu.Lock()
		defer x.mu.Unlock()
		x.ungrabAll()
		return nil
	})
	x.conn.Close()
	<-x.done
	return err
}

// read handles the connection's events until it closes: a press of a
// held shortcut calls Activated (not a repeat of a held key); a new
// keyboard map moves the grabs to the new keycodes.
func (x *X11) read() {
	defer close(x.done)
	for {
		ev, err := x.conn.WaitForEvent()
		if ev == nil && err == nil {
			return // the connection closed
		}
		if err != nil {
			x.log.Debug("an X error on the shortcut connection", "err", err)
			continue
		}
		switch e := ev.(type) {
		case xproto.KeyPressEvent:
			if id, ok := x.pressed(e); ok {
				x.activated(id)
			}
		case xproto.KeyReleaseEvent:
			x.mu.Lock()
			x.released[e.Detail] = e.Time
			x.mu.Unlock()
		case xproto.MappingNotifyEvent:
			if e.Request != xproto.MappingPointer {
				x.remap()
			}
		}
	}
}

// pressed finds the held binding a key press is for.
func (x *X11) pressed(e xproto.KeyPressEvent) (string, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if t, ok := x.released[e.Detail]; ok && t == e.Time {
		return "", false // auto-repeat
	}
	mods := e.State &^ x.keys.locks()
	for _, g := range x.held {
		if g.keycode == e.Detail && g.mods == mods {
			return g.id, true
		}
	}
	return "", false
}

// remap reads the new keyboard map and, when it moves a held shortcut
// (a layout switch moves letters to other keycodes), grabs the bindings
// again on it; what can no longer be had is logged. A map that moves
// none (X sends one when a new input device, xdotool's say, takes over
// the keyboard) changes nothing: letting go and grabbing again would
// drop a press that comes in between.
func (x *X11) remap() {
	keys, err := readKeymap(x.conn)
	if err != nil {
		x.log.Warn("could not read the new keyboard map; the shortcuts stay on the old keys", "err", err)
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.sameGrabs(keys) {
		x.keys = keys
		return
	}
	x.ungrabAll()
	x.keys = keys
	for _, b := range x.bindings {
		g, err := x.grab(b)
		if err != nil {
			x.log.Warn("a shortcut was lost with the new keyboard map", "shortcut", b.Accel.String(), "err", err)
			continue
		}
		x.held = append(x.held, g)
	}
}

// sameGrabs reports whether the held grabs are what their bindings come
// to on keys (a binding that could not be had is left for the next
// Bind). Call with mu held.
func (x *X11) sameGrabs(keys keymap) bool {
	if !slices.Equal(keys.lockVariants(), x.keys.lockVariants()) {
		return false
	}
	for _, g := range x.held {
		i := slices.IndexFunc(x.bindings, func(b Binding) bool { return b.ID == g.id })
		if i < 0 {
			return false
		}
		b := x.bindings[i]
		k, ok := keyOf(b.Accel)
		if !ok {
			return false
		}
		kc, ok := keys.keycode(k.keysym)
		if !ok || xproto.Keycode(kc) != g.keycode || keys.mask(b.Accel.Mods) != g.mods {
			return false
		}
	}
	return true
}
