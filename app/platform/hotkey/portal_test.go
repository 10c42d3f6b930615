//go:build linux || freebsd || openbsd || netbsd

package hotkey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// standInPortal stands in for xdg-desktop-portal, which cannot run here
// (it needs a desktop's backend and a real session): it serves the
// GlobalShortcuts calls the client makes on a private session bus and
// answers them as the specification says, through Request objects'
// Response signals. refuse makes BindShortcuts answer "cancelled";
// leaveOut binds all but that ID (both guarded by mu).
type standInPortal struct {
	conn     *dbus.Conn
	refuse   bool
	leaveOut string

	mu         sync.Mutex
	registered []string // app IDs, with the sender's calls after
	sessions   []dbus.ObjectPath
	closed     []dbus.ObjectPath
	bound      map[dbus.ObjectPath][]portalShortcut
}

func startStandInPortal(t *testing.T, conn *dbus.Conn) *standInPortal {
	t.Helper()
	s := &standInPortal{conn: conn, bound: map[dbus.ObjectPath][]portalShortcut{}}
	if err := conn.Export(s, portalPath, portalIface); err != nil {
		t.Fatal(err)
	}
	if err := conn.Export(registry{s}, portalPath, registryIface); err != nil {
		t.Fatal(err)
	}
	if err := conn.Export(portalProps{}, portalPath, "org.freedesktop.DBus.Properties"); err != nil {
		t.Fatal(err)
	}
	if r, err := conn.RequestName(portalName, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", portalName, r, err)
	}
	return s
}

// registry is org.freedesktop.host.portal.Registry: it notes the app
// ID, refused once the sender made a portal call (as the portal does).
type registry struct{ s *standInPortal }

func (r registry) Register(appID string, _ map[string]dbus.Variant) *dbus.Error {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if len(r.s.sessions) > 0 {
		return dbus.MakeFailedError(errors.New("registered after a portal call"))
	}
	r.s.registered = append(r.s.registered, appID)
	return nil
}

type portalProps struct{}

func (portalProps) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	if iface == portalIface && name == "version" {
		return dbus.MakeVariant(uint32(2)), nil
	}
	return dbus.Variant{}, dbus.NewError("org.freedesktop.DBus.Error.UnknownProperty", []any{name})
}

// requestPath is where the portal puts a request of sender's.
func requestPath(sender dbus.Sender, options map[string]dbus.Variant) dbus.ObjectPath {
	token, _ := options["handle_token"].Value().(string)
	return dbus.ObjectPath(portalRequests + senderPart(string(sender)) + "/" + token)
}

// respond sends the Response after the method's reply, as the portal
// does once the desktop answered.
func (s *standInPortal) respond(path dbus.ObjectPath, code uint32, results map[string]dbus.Variant) {
	go func() {
		time.Sleep(10 * time.Millisecond) // after the reply, as a dialog would be
		_ = s.conn.Emit(path, requestIface+".Response", code, results)
	}()
}

func (s *standInPortal) CreateSession(sender dbus.Sender, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	token, _ := options["session_handle_token"].Value().(string)
	session := dbus.ObjectPath("/org/freedesktop/portal/desktop/session/" + senderPart(string(sender)) + "/" + token)
	if err := s.conn.Export(sessionObject{s, session}, session, sessionIface); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	s.mu.Lock()
	s.sessions = append(s.sessions, session)
	s.mu.Unlock()
	path := requestPath(sender, options)
	s.respond(path, responseSuccess, map[string]dbus.Variant{"session_handle": dbus.MakeVariant(string(session))})
	return path, nil
}

func (s *standInPortal) BindShortcuts(sender dbus.Sender, session dbus.ObjectPath, shortcuts []portalShortcut,
	parent string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	path := requestPath(sender, options)
	s.mu.Lock()
	refuse, leaveOut := s.refuse, s.leaveOut
	s.mu.Unlock()
	if refuse {
		s.respond(path, responseRefused, map[string]dbus.Variant{})
		return path, nil
	}
	var got []portalShortcut
	for _, sc := range shortcuts {
		if sc.ID == leaveOut {
			continue
		}
		trigger, _ := sc.Options["preferred_trigger"].Value().(string)
		got = append(got, portalShortcut{ID: sc.ID, Options: map[string]dbus.Variant{
			"description":         sc.Options["description"],
			"trigger_description": dbus.MakeVariant("Press " + trigger),
		}})
	}
	s.mu.Lock()
	s.bound[session] = shortcuts
	s.mu.Unlock()
	s.respond(path, responseSuccess, map[string]dbus.Variant{"shortcuts": dbus.MakeVariant(got)})
	return path, nil
}

type sessionObject struct {
	s    *standInPortal
	path dbus.ObjectPath
}

func (o sessionObject) Close() *dbus.Error {
	o.s.mu.Lock()
	defer o.s.mu.Unlock()
	o.s.closed = append(o.s.closed, o.path)
	return nil
}

// press is the desktop seeing the keys of a session's shortcut.
func (s *standInPortal) press(t *testing.T, session dbus.ObjectPath, id string) {
	t.Helper()
	if err := s.conn.Emit(portalPath, portalIface+".Activated", session, id, uint64(1), map[string]dbus.Variant{}); err != nil {
		t.Fatal(err)
	}
}

func (s *standInPortal) state() (sessions, closed []dbus.ObjectPath, bound map[dbus.ObjectPath][]portalShortcut) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]dbus.ObjectPath(nil), s.sessions...), append([]dbus.ObjectPath(nil), s.closed...), s.bound
}

// portalBus starts a private session bus with the stand-in on it, as
// the app's session bus.
func portalBus(t *testing.T) (*standInPortal, *dbus.Conn) {
	t.Helper()
	bus, conn := dbustest.TestBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address)
	return startStandInPortal(t, conn), conn
}

func openPortal(t *testing.T) (*Portal, <-chan string) {
	t.Helper()
	fired := make(chan string, 10)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := OpenPortal(ctx, Options{AppID: "io.github.utec_tray.utec_tray", Activated: func(id string) { fired <- id }})
	if err != nil {
		t.Fatal(err)
	}
	return p, fired
}

func TestPortalBindsAndFires(t *testing.T) {
	s, _ := portalBus(t)
	p, fired := openPortal(t)
	if errs := bind(t, p, binding(t, "lock", "Ctrl+Alt+L"), binding(t, "panel", "Super+Shift+P")); errs != nil {
		t.Fatal(errs)
	}
	sessions, _, bound := s.state()
	if len(sessions) != 1 {
		t.Fatalf("sessions %v, want one", sessions)
	}
	s.mu.Lock()
	registered := append([]string(nil), s.registered...)
	s.mu.Unlock()
	if len(registered) != 1 || registered[0] != "io.github.utec_tray.utec_tray" {
		t.Errorf("registered as %q, want the app ID once, first", registered)
	}
	var triggers []string
	for _, sc := range bound[sessions[0]] {
		tr, _ := sc.Options["preferred_trigger"].Value().(string)
		d, _ := sc.Options["description"].Value().(string)
		triggers = append(triggers, fmt.Sprintf("%s=%s (%s)", sc.ID, tr, d))
	}
	if got, want := strings.Join(triggers, ", "), "lock=CTRL+ALT+l (lock), panel=SHIFT+LOGO+p (panel)"; got != want {
		t.Errorf("bound %s, want %s", got, want)
	}
	s.press(t, sessions[0], "panel")
	wantFired(t, fired, "panel")
	// An activation of another session (another app's, or ours closed)
	// is not ours.
	s.press(t, "/org/freedesktop/portal/desktop/session/1_1/other", "lock")

	// A new Bind closes the first session and opens another.
	if errs := bind(t, p, binding(t, "lock", "Ctrl+Alt+K")); errs != nil {
		t.Fatal(errs)
	}
	sessions, closed, _ := s.state()
	if len(sessions) != 2 || len(closed) != 1 || closed[0] != sessions[0] {
		t.Fatalf("sessions %v, closed %v: want the first closed", sessions, closed)
	}
	s.press(t, sessions[0], "panel")
	s.press(t, sessions[1], "lock")
	wantFired(t, fired, "lock")
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, closed, _ := s.state(); len(closed) != 2 {
		t.Errorf("closed %v, want the second session closed too", closed)
	}
}

func TestPortalRefusedOrLeftOut(t *testing.T) {
	s, _ := portalBus(t)
	p, _ := openPortal(t)
	defer p.Close()
	s.mu.Lock()
	s.leaveOut = "panel"
	s.mu.Unlock()
	errs := bind(t, p, binding(t, "lock", "Ctrl+Alt+L"), binding(t, "panel", "Ctrl+Alt+P"))
	if errs["lock"] != nil || !errors.Is(errs["panel"], ErrNotBound) {
		t.Errorf("left out: %v, want panel not bound", errs)
	}
	s.mu.Lock()
	s.refuse = true
	s.mu.Unlock()
	errs = bind(t, p, binding(t, "lock", "Ctrl+Alt+L"))
	if !errors.Is(errs["lock"], ErrRefused) {
		t.Errorf("refused: %v, want ErrRefused", errs)
	}
}

// A desktop whose portal lacks GlobalShortcuts, or has no portal at all,
// says so.
func TestPortalUnavailable(t *testing.T) {
	bus, conn := dbustest.TestBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := OpenPortal(ctx, Options{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("no portal: %v, want ErrUnavailable", err)
	}
	// A portal with other interfaces only.
	if err := conn.Export(struct{}{}, portalPath, "org.freedesktop.portal.Settings"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.RequestName(portalName, dbus.NameFlagDoNotQueue); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenPortal(ctx, Options{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("portal without GlobalShortcuts: %v, want ErrUnavailable", err)
	}
}

func TestPortalTrigger(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Ctrl+Alt+L": "CTRL+ALT+l", "Super+Shift+PageUp": "SHIFT+LOGO+Prior", "F5": "F5", "Alt+Space": "ALT+space",
	} {
		a, _ := Parse(in)
		if got := PortalTrigger(a); got != want {
			t.Errorf("PortalTrigger(%s) = %s, want %s", in, got, want)
		}
	}
}
