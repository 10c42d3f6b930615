package presence

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"github.com/utec-tray/utec-tray/internal/dbustest"
	"github.com/utec-tray/utec-tray/internal/xvfbtest"
)

// startXvfb starts a private Xvfb and returns its display.
func startXvfb(t *testing.T) string { return xvfbtest.New(t, "640x480x24") }

// emptyBus is a private bus on which no desktop service runs.
func emptyBus(t *testing.T) string {
	t.Helper()
	bus, _ := dbustest.TestBus(t)
	return bus.Address
}

func read(t *testing.T, m *Monitor) Reading {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return m.Read(ctx)
}

// TestX11IdleResetByInput reads MIT-SCREEN-SAVER on a real X server
// (Xvfb): the idle time grows while nothing happens and falls back when
// xdotool moves the pointer.
func TestX11IdleResetByInput(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Fatalf("xdotool is needed (scripts/deps.sh test installs it): %v", err)
	}
	display := startXvfb(t)
	m := New(Options{Display: display, SessionBus: emptyBus(t), SystemBus: emptyBus(t)})
	t.Cleanup(m.Close)
	time.Sleep(700 * time.Millisecond)
	before := read(t, m)
	if before.IdleFrom != "x11" || before.Idle < 500*time.Millisecond {
		t.Fatalf("reading %+v, want the X server's idle time of at least the 700 ms slept", before)
	}
	cmd := exec.Command("xdotool", "mousemove", "100", "100")
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "XAUTHORITY=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v\n%s", err, out)
	}
	after := read(t, m)
	if after.IdleFrom != "x11" || after.Idle >= before.Idle {
		t.Errorf("after input: %+v, want less idle than %v", after, before.Idle)
	}
	if after.Locked {
		t.Errorf("X11 alone cannot tell a lock, got %+v", after)
	}
}

// desktop stands in for GNOME's Mutter and KDE's (freedesktop) screensaver
// on a private session bus: it answers their methods with the values the
// test sets.
type desktop struct {
	mu        sync.Mutex
	mutterMs  uint64
	saverSecs uint32
	active    bool
	calls     map[string]int
}

func (d *desktop) count(method string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls[method]++
}

func (d *desktop) called(method string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls[method]
}

type mutterObject struct{ d *desktop }

func (o mutterObject) GetIdletime() (uint64, *dbus.Error) {
	o.d.count("GetIdletime")
	o.d.mu.Lock()
	defer o.d.mu.Unlock()
	return o.d.mutterMs, nil
}

type saverObject struct{ d *desktop }

func (o saverObject) GetSessionIdleTime() (uint32, *dbus.Error) {
	o.d.mu.Lock()
	defer o.d.mu.Unlock()
	return o.d.saverSecs, nil
}

func (o saverObject) GetActive() (bool, *dbus.Error) {
	o.d.mu.Lock()
	defer o.d.mu.Unlock()
	return o.d.active, nil
}

// serve exports obj as name's object on conn, with the interface named
// as the service unless iface says otherwise, and takes the name.
func serve(t *testing.T, conn *dbus.Conn, name string, path dbus.ObjectPath, obj any, iface ...string) {
	t.Helper()
	serveB(t, conn, name, path, obj, iface...)
}

func serveB(t testing.TB, conn *dbus.Conn, name string, path dbus.ObjectPath, obj any, iface ...string) {
	t.Helper()
	in := name
	if len(iface) > 0 {
		in = iface[0]
	}
	if err := conn.Export(obj, path, in); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take %s: %v %v", name, reply, err)
	}
}

// fakeClock is the Monitor's clock for the retry of failed sources.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestSessionBusSourcesInOrder: Mutter's idle time wins over the
// screensaver's; once Mutter is gone (and retried) the screensaver's
// counts; the screensaver's GetActive says the screen is locked.
func TestSessionBusSourcesInOrder(t *testing.T) {
	t.Parallel()
	bus, conn := dbustest.TestBus(t)
	d := &desktop{mutterMs: 1234, saverSecs: 42, calls: map[string]int{}}
	serve(t, conn, mutterName, mutterPath, mutterObject{d})
	serve(t, conn, fdoSaverName, fdoSaverPath, saverObject{d})
	clock := &fakeClock{now: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	m := New(Options{SessionBus: bus.Address, SystemBus: emptyBus(t), Display: "", Now: clock.Now})
	t.Cleanup(m.Close)

	if r := read(t, m); r.IdleFrom != "mutter" || r.Idle != 1234*time.Millisecond || r.Locked {
		t.Fatalf("reading %+v, want Mutter's 1.234s, unlocked", r)
	}
	d.mu.Lock()
	d.active = true
	d.mu.Unlock()
	if r := read(t, m); !r.Locked || r.LockedBy != "screensaver-active" {
		t.Errorf("reading %+v, want locked by the screensaver", r)
	}

	// Mutter leaves: the screensaver's idle time counts, and Mutter is
	// not asked again until retryAfter has passed.
	if _, err := conn.ReleaseName(mutterName); err != nil {
		t.Fatal(err)
	}
	if r := read(t, m); r.IdleFrom != "screensaver" || r.Idle != 42*time.Second {
		t.Fatalf("without Mutter: %+v, want the screensaver's 42s", r)
	}
	asked := d.called("GetIdletime")
	read(t, m)
	if n := d.called("GetIdletime"); n != asked {
		t.Errorf("a failed Mutter was asked again at once")
	}
	serve(t, conn, mutterName, mutterPath, mutterObject{d})
	clock.add(retryAfter)
	if r := read(t, m); r.IdleFrom != "mutter" {
		t.Errorf("Mutter back and retryAfter passed: %+v, want Mutter's answer again", r)
	}
}

// fakeLogind stands in for systemd-logind on a stand-in system bus (a
// dbus-daemon of its own): this process's session, with the hints the test
// sets as properties.
type fakeLogind struct{ path dbus.ObjectPath }

func (l fakeLogind) GetSessionByPID(pid uint32) (dbus.ObjectPath, *dbus.Error) {
	if pid != uint32(os.Getpid()) {
		return "", dbus.MakeFailedError(os.ErrNotExist)
	}
	return l.path, nil
}

func startLogind(t testing.TB, hints map[string]any) (addr string, props *prop.Properties) {
	t.Helper()
	bus, conn := dbustest.TestBus(t)
	path := dbus.ObjectPath("/org/freedesktop/login1/session/_34")
	serveB(t, conn, logindName, logindPath, fakeLogind{path}, logindManager)
	session := map[string]*prop.Prop{}
	for name, v := range hints {
		session[name] = &prop.Prop{Value: v, Writable: true, Emit: prop.EmitTrue}
	}
	props, err := prop.Export(conn, path, prop.Map{logindSession: session})
	if err != nil {
		t.Fatal(err)
	}
	return bus.Address, props
}

// TestLogindHints: with nothing on the session bus and no X display,
// logind's session tells the idle time (from IdleSinceHint) and the lock
// (LockedHint, or a session that is not the active one).
func TestLogindHints(t *testing.T) {
	t.Parallel()
	since := time.Now().Add(-7 * time.Minute)
	system, props := startLogind(t, map[string]any{"IdleHint": true, "IdleSinceHint": uint64(since.UnixMicro()),
		"LockedHint": false, "Active": true})
	m := New(Options{SessionBus: emptyBus(t), SystemBus: system, Display: ""})
	t.Cleanup(m.Close)
	r := read(t, m)
	if r.IdleFrom != "logind" || r.Idle < 7*time.Minute || r.Idle > 8*time.Minute || r.Locked {
		t.Fatalf("reading %+v, want logind's 7 min idle, unlocked", r)
	}
	props.SetMust(logindSession, "LockedHint", true)
	if r := read(t, m); !r.Locked || r.LockedBy != "logind" {
		t.Errorf("LockedHint set: %+v, want locked by logind", r)
	}
	props.SetMust(logindSession, "LockedHint", false)
	props.SetMust(logindSession, "Active", false)
	if r := read(t, m); !r.Locked {
		t.Errorf("session inactive: %+v, want it counted as locked", r)
	}
	props.SetMust(logindSession, "Active", true)
	props.SetMust(logindSession, "IdleHint", false)
	if r := read(t, m); r.Idle != 0 || r.Locked {
		t.Errorf("input again: %+v, want present", r)
	}
}

// TestNoSourceMeansPresent: with no service on either bus and no X
// display, the person counts as here and unlocked.
func TestNoSourceMeansPresent(t *testing.T) {
	t.Parallel()
	m := New(Options{SessionBus: emptyBus(t), SystemBus: emptyBus(t), Display: ""})
	t.Cleanup(m.Close)
	if r := read(t, m); r != (Reading{}) {
		t.Errorf("reading %+v, want present (the zero Reading)", r)
	}
	idle, locked := m.Sample(context.Background())
	if idle != 0 || locked {
		t.Errorf("Sample %v %v, want 0, false", idle, locked)
	}
}

// stuckMutter never answers in time.
type stuckMutter struct{ release chan struct{} }

func (s stuckMutter) GetIdletime() (uint64, *dbus.Error) {
	<-s.release
	return 0, nil
}

// TestASourceThatHangsIsGivenUp: a service that does not answer costs the
// sample its deadline, not more, and the person counts as present.
func TestASourceThatHangsIsGivenUp(t *testing.T) {
	t.Parallel()
	bus, conn := dbustest.TestBus(t)
	stuck := stuckMutter{release: make(chan struct{})}
	t.Cleanup(func() { close(stuck.release) })
	serve(t, conn, mutterName, mutterPath, stuck)
	m := New(Options{SessionBus: bus.Address, SystemBus: emptyBus(t), Display: ""})
	t.Cleanup(m.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	done := make(chan Reading, 1)
	go func() { done <- m.Read(ctx) }()
	select {
	case r := <-done:
		if r.Idle != 0 || r.Locked {
			t.Errorf("reading %+v, want present", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read did not give up on a service that does not answer")
	}
}

// TestSessionAnswer reads logind's properties as the real one spells them.
func TestSessionAnswer(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	v := dbus.MakeVariant
	cases := []struct {
		name  string
		props map[string]dbus.Variant
		want  answer
	}{
		{"none", map[string]dbus.Variant{}, answer{}},
		{"not idle", map[string]dbus.Variant{"IdleHint": v(false), "IdleSinceHint": v(uint64(now.Add(-time.Hour).UnixMicro()))},
			answer{hasIdle: true}},
		{"idle since", map[string]dbus.Variant{"IdleHint": v(true), "IdleSinceHint": v(uint64(now.Add(-90 * time.Second).UnixMicro()))},
			answer{hasIdle: true, idle: 90 * time.Second}},
		{"idle since the future", map[string]dbus.Variant{"IdleHint": v(true), "IdleSinceHint": v(uint64(now.Add(time.Minute).UnixMicro()))},
			answer{hasIdle: true}},
		{"idle since unknown", map[string]dbus.Variant{"IdleHint": v(true)}, answer{hasIdle: true, idle: idleUnknownSince}},
		{"locked", map[string]dbus.Variant{"LockedHint": v(true), "Active": v(true)}, answer{locked: true}},
		{"inactive", map[string]dbus.Variant{"Active": v(false)}, answer{locked: true}},
		{"wrong types", map[string]dbus.Variant{"IdleHint": v("yes"), "LockedHint": v(uint32(1))}, answer{}},
	}
	for _, c := range cases {
		if got := sessionAnswer(c.props, now); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestLooksStartNoService: the session bus could start a screensaver and
// GNOME's idle monitor (as a machine with GNOME installed can); a look
// must find them not running, and start neither.
func TestLooksStartNoService(t *testing.T) {
	dir := t.TempDir()
	started := filepath.Join(dir, "started")
	for _, name := range []string{mutterName, fdoSaverName, gnomeSaverName} {
		service := "[D-BUS Service]\nName=" + name + "\nExec=/bin/sh -c 'echo " + name + " >> " + started + "; sleep 30'\n"
		if err := os.WriteFile(filepath.Join(dir, name+".service"), []byte(service), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	bus, err := dbustest.StartBusWithServices(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bus.Close() })
	m := New(Options{SessionBus: bus.Address, SystemBus: emptyBus(t), Display: ""})
	t.Cleanup(m.Close)
	if r := read(t, m); r.IdleFrom == "mutter" || r.Locked {
		t.Errorf("reading %+v from services that are not running", r)
	}
	time.Sleep(300 * time.Millisecond) // a started service would have written by now
	if data, err := os.ReadFile(started); err == nil {
		t.Errorf("a look started %s", data)
	}
}

// TestLooksKeepTheirConnection: a look's deadline bounds the dial, not the
// connection's life: the next look reuses it (a new connection per look
// would cost an authentication and a Hello every few seconds at rest).
func TestLooksKeepTheirConnection(t *testing.T) {
	t.Parallel()
	bus, conn := dbustest.TestBus(t)
	d := &desktop{mutterMs: 1234, calls: map[string]int{}}
	serve(t, conn, mutterName, mutterPath, mutterObject{d})
	m := New(Options{SessionBus: bus.Address, SystemBus: emptyBus(t), Display: ""})
	t.Cleanup(m.Close)
	var first *dbus.Conn
	for i := range 3 {
		if r := read(t, m); r.IdleFrom != "mutter" {
			t.Fatalf("look %d: %+v, want Mutter's", i, r)
		}
		b := m.sources[0].(*mutter).bus
		b.mu.Lock()
		c := b.conn
		b.mu.Unlock()
		if c == nil || !c.Connected() {
			t.Fatalf("look %d ended with the connection closed", i)
		}
		if first == nil {
			first = c
		} else if c != first {
			t.Errorf("look %d made a new connection", i)
		}
	}
}
