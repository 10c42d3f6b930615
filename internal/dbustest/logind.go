package dbustest

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// logind's name, object and interfaces.
const (
	logindName    = "org.freedesktop.login1"
	logindPath    = dbus.ObjectPath("/org/freedesktop/login1")
	logindManager = "org.freedesktop.login1.Manager"
	logindSession = "org.freedesktop.login1.Session"
)

// SessionPath is the login session the fake logind puts every process in.
const SessionPath = dbus.ObjectPath("/org/freedesktop/login1/session/_31")

// fdHandOver is how long the fake keeps its own copy of an inhibitor's
// write end: godbus sends the reply (and the descriptor in it) after the
// method returns, so the copy cannot be closed in the method.
const fdHandOver = 500 * time.Millisecond

// Logind is a fake systemd-logind on a (stand-in) system bus: it hands out
// delay inhibitors as the write end of a pipe and sees them released when
// every copy is closed, and plays the computer going to sleep
// (PrepareForSleep) and the session being locked (Session.Lock).
type Logind struct {
	conn *dbus.Conn

	mu         sync.Mutex
	inhibitors []*Inhibitor
	changed    chan struct{}
}

// Inhibitor is one Inhibit call the fake answered.
type Inhibitor struct {
	What, Who, Why, Mode string
	Taken                time.Time

	released   chan struct{}
	releasedAt time.Time
}

// Released is closed when the inhibitor's every descriptor is closed.
func (i *Inhibitor) Released() <-chan struct{} { return i.released }

// ReleasedAt is when it was released; zero while it is held.
func (i *Inhibitor) ReleasedAt() time.Time {
	select {
	case <-i.released:
		return i.releasedAt
	default:
		return time.Time{}
	}
}

// Held reports whether it is still held.
func (i *Inhibitor) Held() bool { return i.ReleasedAt().IsZero() }

// StartLogind exports the fake logind on conn and takes its name.
func StartLogind(conn *dbus.Conn) (*Logind, error) {
	l := &Logind{conn: conn, changed: make(chan struct{})}
	if err := conn.Export(logindHandler{l}, logindPath, logindManager); err != nil {
		return nil, fmt.Errorf("export %s: %w", logindPath, err)
	}
	reply, err := conn.RequestName(logindName, dbus.NameFlagDoNotQueue)
	if err == nil && reply != dbus.RequestNameReplyPrimaryOwner && reply != dbus.RequestNameReplyAlreadyOwner {
		err = ErrNameTaken
	}
	if err != nil {
		_ = conn.Export(nil, logindPath, logindManager)
		return nil, fmt.Errorf("request %s: %w", logindName, err)
	}
	return l, nil
}

// Inhibitors returns every inhibitor handed out, oldest first.
func (l *Logind) Inhibitors() []*Inhibitor {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.inhibitors)
}

// Held returns the inhibitors still held.
func (l *Logind) Held() []*Inhibitor {
	var out []*Inhibitor
	for _, i := range l.Inhibitors() {
		if i.Held() {
			out = append(out, i)
		}
	}
	return out
}

// WaitInhibitors waits until n inhibitors have been handed out in all and
// returns the nth; it gives up when ctx ends.
func (l *Logind) WaitInhibitors(ctx context.Context, n int) (*Inhibitor, error) {
	for {
		l.mu.Lock()
		got, changed := len(l.inhibitors), l.changed
		var nth *Inhibitor
		if got >= n {
			nth = l.inhibitors[n-1]
		}
		l.mu.Unlock()
		if nth != nil {
			// Past the hand-over, so that a release seen from now on is
			// the client's.
			select {
			case <-time.After(time.Until(nth.Taken.Add(fdHandOver + 50*time.Millisecond))):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			return nth, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for inhibitor %d (%d taken): %w", n, got, ctx.Err())
		}
	}
}

// EmitPrepareForSleep broadcasts PrepareForSleep(start): true as the
// computer is about to sleep, false when it woke up.
func (l *Logind) EmitPrepareForSleep(start bool) error {
	if err := l.conn.Emit(logindPath, logindManager+".PrepareForSleep", start); err != nil {
		return fmt.Errorf("emit PrepareForSleep(%v): %w", start, err)
	}
	return nil
}

// EmitSessionLock broadcasts Lock on the session's object, as logind does
// on "loginctl lock-session".
func (l *Logind) EmitSessionLock() error {
	if err := l.conn.Emit(SessionPath, logindSession+".Lock"); err != nil {
		return fmt.Errorf("emit Session.Lock: %w", err)
	}
	return nil
}

// EmitSessionUnlock broadcasts Unlock on the session's object, as logind
// does on "loginctl unlock-session".
func (l *Logind) EmitSessionUnlock() error {
	if err := l.conn.Emit(SessionPath, logindSession+".Unlock"); err != nil {
		return fmt.Errorf("emit Session.Unlock: %w", err)
	}
	return nil
}

// logindHandler holds the D-Bus methods.
type logindHandler struct{ l *Logind }

// Inhibit is org.freedesktop.login1.Manager.Inhibit: the caller gets the
// write end of a pipe, and the inhibitor lasts until it is closed.
func (h logindHandler) Inhibit(what, who, why, mode string) (dbus.UnixFD, *dbus.Error) {
	r, w, err := os.Pipe()
	if err != nil {
		return 0, dbus.MakeFailedError(err)
	}
	in := &Inhibitor{What: what, Who: who, Why: why, Mode: mode, Taken: time.Now(), released: make(chan struct{})}
	go func() {
		// The read end sees EOF once every copy of the write end is
		// closed: the fake's (after the hand-over) and the client's.
		_, _ = io.Copy(io.Discard, r)
		r.Close()
		in.releasedAt = time.Now()
		close(in.released)
	}()
	fd := dbus.UnixFD(w.Fd())
	time.AfterFunc(fdHandOver, func() { w.Close() })
	h.l.mu.Lock()
	h.l.inhibitors = append(h.l.inhibitors, in)
	close(h.l.changed)
	h.l.changed = make(chan struct{})
	h.l.mu.Unlock()
	return fd, nil
}

// GetSessionByPID puts every process in SessionPath.
func (h logindHandler) GetSessionByPID(pid uint32) (dbus.ObjectPath, *dbus.Error) {
	return SessionPath, nil
}

// GetSession knows the one session, by any id.
func (h logindHandler) GetSession(id string) (dbus.ObjectPath, *dbus.Error) {
	return SessionPath, nil
}

// ScreenSaver is a fake screensaver on the session bus: it owns the
// freedesktop or GNOME name and broadcasts ActiveChanged.
type ScreenSaver struct {
	conn  *dbus.Conn
	iface string
}

// The screensaver interfaces (and names) the fake can play.
const (
	FreedesktopScreenSaver = "org.freedesktop.ScreenSaver"
	GnomeScreenSaver       = "org.gnome.ScreenSaver"
)

// StartScreenSaver takes the name iface (FreedesktopScreenSaver or
// GnomeScreenSaver) on conn.
func StartScreenSaver(conn *dbus.Conn, iface string) (*ScreenSaver, error) {
	reply, err := conn.RequestName(iface, dbus.NameFlagDoNotQueue)
	if err == nil && reply != dbus.RequestNameReplyPrimaryOwner && reply != dbus.RequestNameReplyAlreadyOwner {
		err = ErrNameTaken
	}
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", iface, err)
	}
	return &ScreenSaver{conn: conn, iface: iface}, nil
}

// EmitActiveChanged broadcasts ActiveChanged(active) from path (KDE uses
// /ScreenSaver, others /org/freedesktop/ScreenSaver or
// /org/gnome/ScreenSaver).
func (s *ScreenSaver) EmitActiveChanged(path dbus.ObjectPath, active bool) error {
	if err := s.conn.Emit(path, s.iface+".ActiveChanged", active); err != nil {
		return fmt.Errorf("emit %s.ActiveChanged(%v): %w", s.iface, active, err)
	}
	return nil
}
