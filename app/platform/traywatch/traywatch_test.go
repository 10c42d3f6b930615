//go:build linux && !android

package traywatch

import (
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// privateBus starts a session bus of the test's own (a real
// dbus-daemon) and points the Watcher at it; the returned connection
// plays the tray, taking and dropping the watcher's name.
func privateBus(t *testing.T) *dbus.Conn {
	t.Helper()
	bus, conn := dbustest.TestBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address)
	return conn
}

func takeName(t *testing.T, conn *dbus.Conn) {
	t.Helper()
	if reply, err := conn.RequestName(WatcherName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take %s: %v, %v", WatcherName, reply, err)
	}
}

func dropName(t *testing.T, conn *dbus.Conn) {
	t.Helper()
	if _, err := conn.ReleaseName(WatcherName); err != nil {
		t.Fatalf("release %s: %v", WatcherName, err)
	}
}

// recorder collects what the Watcher reported, in order.
type recorder chan string

func (r recorder) options(grace time.Duration) Options {
	return Options{Grace: grace, Missing: func() { r <- "missing" }, Back: func() { r <- "back" }}
}

func (r recorder) next(t *testing.T, want string) {
	t.Helper()
	select {
	case got := <-r:
		if got != want {
			t.Fatalf("reported %q, want %q", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("nothing reported within 10 s, want %q", want)
	}
}

func (r recorder) none(t *testing.T) {
	t.Helper()
	select {
	case got := <-r:
		t.Fatalf("reported %q, want nothing", got)
	default:
	}
}

// TestNoTrayThenOne: with no watcher on the bus the absence is reported
// once; a tray starting later is reported back, and one going away again
// is reported again.
func TestNoTrayThenOne(t *testing.T) {
	tray := privateBus(t)
	r := make(recorder, 10)
	w := Start(r.options(20 * time.Millisecond))
	t.Cleanup(func() { _ = w.Close() })
	r.next(t, "missing")
	takeName(t, tray)
	r.next(t, "back")
	dropName(t, tray)
	r.next(t, "missing")
	takeName(t, tray)
	r.next(t, "back")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r.none(t)
}

// TestTrayAtStart: a watcher already there is no news; its going away
// is.
func TestTrayAtStart(t *testing.T) {
	tray := privateBus(t)
	takeName(t, tray)
	r := make(recorder, 10)
	w := Start(r.options(20 * time.Millisecond))
	t.Cleanup(func() { _ = w.Close() })
	<-w.Ready()
	// Many graces pass: a watcher that missed the tray at start would
	// have reported by now.
	time.Sleep(200 * time.Millisecond)
	r.none(t)
	dropName(t, tray)
	r.next(t, "missing")
}

// TestNoBus: without a session bus no tray can show the icon: missing.
func TestNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	r := make(recorder, 10)
	w := Start(r.options(time.Millisecond))
	t.Cleanup(func() { _ = w.Close() })
	r.next(t, "missing")
}

func TestDecodeOwnerChanged(t *testing.T) {
	for _, tc := range []struct {
		body        []any
		name, owner string
		ok          bool
	}{
		{[]any{WatcherName, "", ":1.5"}, WatcherName, ":1.5", true},
		{[]any{WatcherName, ":1.5", ""}, WatcherName, "", true},
		{[]any{WatcherName, ""}, "", "", false},
		{[]any{WatcherName, uint32(1), ":1.5"}, "", "", false},
		{nil, "", "", false},
	} {
		name, owner, ok := decodeOwnerChanged(tc.body)
		if name != tc.name || owner != tc.owner || ok != tc.ok {
			t.Errorf("decodeOwnerChanged(%v) = %q, %q, %v", tc.body, name, owner, ok)
		}
	}
}

// FuzzDecodeOwnerChanged: whatever strings the bus sends, the decoder
// returns them as they are or refuses, and never panics.
func FuzzDecodeOwnerChanged(f *testing.F) {
	f.Add(WatcherName, "", ":1.5", 3)
	f.Add("", ":1.2", "", 2)
	f.Fuzz(func(t *testing.T, name, old, owner string, n int) {
		body := []any{name, old, owner}
		if n >= 0 && n < len(body) {
			body = body[:n]
		}
		gotName, gotOwner, ok := decodeOwnerChanged(body)
		if ok != (len(body) == 3) || (ok && (gotName != name || gotOwner != owner)) {
			t.Fatalf("decodeOwnerChanged(%q) = %q, %q, %v", body, gotName, gotOwner, ok)
		}
	})
}
