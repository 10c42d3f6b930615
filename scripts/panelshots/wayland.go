package main

// A pointer for wlroots compositors (sway): a Wayland client of its own
// that creates a virtual pointer (the zwlr_virtual_pointer_v1 protocol,
// which sway offers to its clients) and moves and clicks it. The headless
// backend the check runs sway on has no input devices at all, and
// xdotool reaches only Xwayland's windows, not waybar. It speaks the
// Wayland wire format itself: the few requests it sends need no library.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Linux input event codes of the buttons (linux/input-event-codes.h).
const (
	btnLeft  = 0x110
	btnRight = 0x111
)

// idDisplay is the display's object id; the client numbers its other
// objects from 2 up, in the order it makes them, with no gaps (the
// compositor refuses an id out of turn).
const idDisplay = 1

// virtualPointer is a connection to the compositor holding one virtual
// pointer.
type virtualPointer struct {
	conn       net.Conn
	nextID     uint32 // the id of the next object made
	registry   uint32
	pointer    uint32
	start      time.Time
	width, hgt uint32 // the layout's size, the extent of absolute motion
}

// newVirtualPointer connects to $WAYLAND_DISPLAY and creates the pointer
// on the compositor's default seat; width×height is the screen.
func newVirtualPointer(width, height int) (*virtualPointer, error) {
	name := os.Getenv("WAYLAND_DISPLAY")
	if name == "" {
		return nil, errors.New("no WAYLAND_DISPLAY")
	}
	if !filepath.IsAbs(name) {
		name = filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), name)
	}
	conn, err := net.DialTimeout("unix", name, 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("connect to the compositor: %w", err)
	}
	vp := &virtualPointer{conn: conn, nextID: idDisplay + 1, start: time.Now(), width: uint32(width), hgt: uint32(height)}
	globals, err := vp.globals()
	if err != nil {
		conn.Close()
		return nil, err
	}
	const iface = "zwlr_virtual_pointer_manager_v1"
	global, ok := globals[iface]
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("the compositor offers no %s", iface)
	}
	// wl_registry.bind(name, interface, version, id), then
	// create_virtual_pointer(seat: none = the default one, id).
	manager := vp.newID()
	vp.send(vp.registry, 0, u32(global), str(iface), u32(1), u32(manager))
	vp.pointer = vp.newID()
	vp.send(manager, 0, u32(0), u32(vp.pointer))
	if err := vp.roundTrip(); err != nil {
		conn.Close()
		return nil, err
	}
	return vp, nil
}

// click moves the pointer to p and presses and releases button.
func (vp *virtualPointer) click(x, y int, button uint32) error {
	vp.send(vp.pointer, 1, u32(vp.now()), u32(uint32(x)), u32(uint32(y)), u32(vp.width), u32(vp.hgt)) // motion_absolute
	vp.send(vp.pointer, 4)                                                                            // frame
	if err := vp.roundTrip(); err != nil {
		return err
	}
	// A moment for the surface under it to take the enter and motion.
	time.Sleep(300 * time.Millisecond)
	for _, state := range []uint32{1, 0} {
		vp.send(vp.pointer, 2, u32(vp.now()), u32(button), u32(state)) // button
		vp.send(vp.pointer, 4)
		time.Sleep(50 * time.Millisecond)
	}
	return vp.roundTrip()
}

// move moves the pointer to x, y.
func (vp *virtualPointer) move(x, y int) error {
	vp.send(vp.pointer, 1, u32(vp.now()), u32(uint32(x)), u32(uint32(y)), u32(vp.width), u32(vp.hgt)) // motion_absolute
	vp.send(vp.pointer, 4)                                                                            // frame
	return vp.roundTrip()
}

func (vp *virtualPointer) close() { vp.conn.Close() }

func (vp *virtualPointer) now() uint32 { return uint32(time.Since(vp.start).Milliseconds()) }

// globals asks for the registry and returns the globals' names by
// interface.
func (vp *virtualPointer) globals() (map[string]uint32, error) {
	vp.registry = vp.newID()
	vp.send(idDisplay, 1, u32(vp.registry)) // get_registry
	out := map[string]uint32{}
	err := vp.roundTripWith(func(obj uint32, op uint16, body []byte) {
		if obj == vp.registry && op == 0 && len(body) >= 8 { // global(name, interface, version)
			name := binary.LittleEndian.Uint32(body)
			if iface, ok := readString(body[4:]); ok {
				out[iface] = name
			}
		}
	})
	return out, err
}

// newID numbers a new object.
func (vp *virtualPointer) newID() uint32 {
	id := vp.nextID
	vp.nextID++
	return id
}

func (vp *virtualPointer) roundTrip() error { return vp.roundTripWith(nil) }

// roundTripWith sends wl_display.sync and reads events, handing each to
// event, until the callback is done; a protocol error ends it.
func (vp *virtualPointer) roundTripWith(event func(obj uint32, op uint16, body []byte)) error {
	cb := vp.newID()
	vp.send(idDisplay, 0, u32(cb)) // sync
	_ = vp.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	header := make([]byte, 8)
	for {
		if _, err := readFull(vp.conn, header); err != nil {
			return fmt.Errorf("read from the compositor: %w", err)
		}
		obj := binary.LittleEndian.Uint32(header)
		word := binary.LittleEndian.Uint32(header[4:])
		size, op := int(word>>16), uint16(word)
		if size < 8 {
			return fmt.Errorf("a Wayland message of %d bytes", size)
		}
		body := make([]byte, size-8)
		if _, err := readFull(vp.conn, body); err != nil {
			return fmt.Errorf("read from the compositor: %w", err)
		}
		switch {
		case obj == idDisplay && op == 0: // error(object, code, message)
			msg, _ := readString(body[min(8, len(body)):])
			return fmt.Errorf("the compositor refused a request: %s", msg)
		case obj == cb && op == 0: // done
			return nil
		case event != nil:
			event(obj, op, body)
		}
	}
}

// send writes one request; a failed write shows at the next round trip.
func (vp *virtualPointer) send(obj uint32, op uint16, args ...[]byte) {
	size := 8
	for _, a := range args {
		size += len(a)
	}
	msg := make([]byte, 8, size)
	binary.LittleEndian.PutUint32(msg, obj)
	binary.LittleEndian.PutUint32(msg[4:], uint32(size)<<16|uint32(op))
	for _, a := range args {
		msg = append(msg, a...)
	}
	_, _ = vp.conn.Write(msg)
}

func u32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// str is a Wayland string: its length with the NUL, the bytes, the NUL,
// padded to 4 bytes.
func str(s string) []byte {
	b := u32(uint32(len(s) + 1))
	b = append(b, s...)
	b = append(b, 0)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// readString reads a Wayland string from the start of b.
func readString(b []byte) (string, bool) {
	if len(b) < 4 {
		return "", false
	}
	n := int(binary.LittleEndian.Uint32(b))
	if n == 0 || 4+n > len(b) {
		return "", false
	}
	return string(b[4 : 4+n-1]), true
}

func readFull(c net.Conn, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := c.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
