package sessionwatch

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// lockedBuffer is a log destination the Watcher's goroutine and the test
// share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// forge sends the signal from a connection of its own on the bus at addr:
// once addressed to every other connection (a unicast, which match rules do
// not filter), and once broadcast.
func forge(t *testing.T, addr string, path dbus.ObjectPath, name string, body ...any) {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	peers, err := dbustest.UniqueNames(conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, peer := range peers {
		if err := dbustest.SendSignal(conn, peer, path, name, body...); err != nil {
			t.Fatal(err)
		}
	}
	if err := conn.Emit(path, name, body...); err != nil {
		t.Fatal(err)
	}
}

// Signals that logind or the screensaver did not send, from another
// program on the same bus, do nothing: no lock, and the sleep inhibitor is
// still held. The services' own signals still work afterwards.
func TestForgedSignalsAreIgnored(t *testing.T) {
	d := startDesktop(t, true, true)
	system, session := os.Getenv("DBUS_SYSTEM_BUS_ADDRESS"), os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	rec := newRecorder()
	var logs lockedBuffer
	w := New(Options{MaxDelay: time.Second, Logger: slog.New(slog.NewTextHandler(&logs, nil)), Handlers: Handlers{
		BeforeSleep:  func(context.Context) { rec.note("before") },
		AfterSleep:   func() { rec.note("after") },
		ScreenLocked: func() { rec.note("locked") },
	}})
	w.debounce = 0
	w.Start()
	t.Cleanup(func() { w.Close() })
	waitAvailability(t, w)
	w.Want(true, true)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	inhibitor, err := d.logind.WaitInhibitors(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}

	forge(t, system, "/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", true)
	forge(t, system, dbustest.SessionPath, "org.freedesktop.login1.Session.Lock")
	forge(t, session, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", true)
	forge(t, session, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", true)
	rec.none(t, 300*time.Millisecond)
	if !inhibitor.Held() {
		t.Fatal("a forged PrepareForSleep released the sleep inhibitor")
	}
	if n := strings.Count(logs.String(), "did not send"); n != 1 {
		t.Errorf("forged signals logged %d times at warning level, want once:\n%s", n, logs.String())
	}

	if err := d.logind.EmitPrepareForSleep(true); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "before")
	<-inhibitor.Released()
	if err := d.logind.EmitPrepareForSleep(false); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "after")
	if err := d.saver.EmitActiveChanged("/org/freedesktop/ScreenSaver", true); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "locked")
	if err := d.logind.EmitSessionLock(); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "locked")
}

// With no screensaver running, an ActiveChanged from any peer of the
// session bus is nobody's: it locks nothing.
func TestActiveChangedWithoutAScreensaverIsIgnored(t *testing.T) {
	startDesktop(t, false, false)
	rec := newRecorder()
	w := New(Options{Handlers: Handlers{ScreenLocked: func() { rec.note("locked") }}})
	w.debounce = 0
	w.Start()
	t.Cleanup(func() { w.Close() })
	waitAvailability(t, w)
	w.Want(false, true)
	time.Sleep(100 * time.Millisecond) // the wish reaches the loop
	session := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	forge(t, session, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", true)
	forge(t, session, "/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", true)
	rec.none(t, 300*time.Millisecond)
}

// On a bus with the system bus's policy, a PrepareForSleep(true) or a
// Session.Lock sent by a process of another user (uid 65534), addressed
// to the Watcher and broadcast, does nothing and the sleep inhibitor stays
// held; logind's own still work. Only root can start a process as another
// user.
func TestForgedLogindSignalsFromAnotherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("forging a signal from another uid needs root")
	}
	dbusSend, err := exec.LookPath("dbus-send")
	if err != nil {
		t.Skip("dbus-send is not installed")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	system, dir, err := dbustest.StartSystemBus(ctx)
	if dir != "" {
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	if err == dbustest.ErrNoDaemon {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(system.Close)
	session, _ := startBus(t)
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", system.Address)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", session.Address)
	sysConn, err := dbus.Connect(system.Address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sysConn.Close() })
	logind, err := dbustest.StartLogind(sysConn)
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	w := New(Options{MaxDelay: time.Second, Handlers: Handlers{
		BeforeSleep:  func(context.Context) { rec.note("before") },
		ScreenLocked: func() { rec.note("locked") },
	}})
	w.debounce = 0
	w.Start()
	t.Cleanup(func() { w.Close() })
	waitAvailability(t, w)
	w.Want(true, true)
	inhibitor, err := logind.WaitInhibitors(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	peers, err := dbustest.UniqueNames(sysConn)
	if err != nil {
		t.Fatal(err)
	}
	forged := [][]string{
		{"/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:true"},
		{string(dbustest.SessionPath), "org.freedesktop.login1.Session.Lock"},
	}
	for _, dest := range append(peers, "") {
		for _, signal := range forged {
			args := []string{"--bus=" + system.Address, "--type=signal"}
			if dest != "" {
				args = append(args, "--dest="+dest)
			}
			cmd := exec.Command(dbusSend, append(args, signal...)...)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("dbus-send %s as uid 65534 to %q: %v\n%s", signal[1], dest, err, out)
			}
		}
	}
	rec.none(t, 300*time.Millisecond)
	if !inhibitor.Held() {
		t.Fatal("another user's PrepareForSleep released the sleep inhibitor")
	}
	if err := logind.EmitSessionLock(); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "locked")
	if err := logind.EmitPrepareForSleep(true); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "before")
}
