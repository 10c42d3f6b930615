package sessionwatch

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// desktop is a stand-in system bus with a fake logind and a session bus
// with a fake screensaver, each a dbus-daemon of the test's own, given to
// the Watcher through the environment as on a desktop.
type desktop struct {
	logind *dbustest.Logind
	saver  *dbustest.ScreenSaver
}

func startBus(t *testing.T) (*dbustest.Bus, *dbus.Conn) {
	t.Helper()
	return dbustest.TestBus(t)
}

func startDesktop(t *testing.T, logind, saver bool) *desktop {
	t.Helper()
	d := &desktop{}
	system, sysConn := startBus(t)
	session, sessConn := startBus(t)
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", system.Address)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", session.Address)
	var err error
	if logind {
		if d.logind, err = dbustest.StartLogind(sysConn); err != nil {
			t.Fatal(err)
		}
	}
	if saver {
		if d.saver, err = dbustest.StartScreenSaver(sessConn, dbustest.FreedesktopScreenSaver); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// recorder notes the Watcher's calls.
type recorder struct {
	mu     sync.Mutex
	calls  []string
	called chan string
}

func newRecorder() *recorder { return &recorder{called: make(chan string, 16)} }

func (r *recorder) note(s string) {
	r.mu.Lock()
	r.calls = append(r.calls, s)
	r.mu.Unlock()
	r.called <- s
}

func (r *recorder) wait(t *testing.T, want string) {
	t.Helper()
	select {
	case got := <-r.called:
		if got != want {
			t.Fatalf("called %q, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%q not called within 5 s", want)
	}
}

func (r *recorder) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case got := <-r.called:
		t.Fatalf("called %q, want nothing", got)
	case <-time.After(d):
	}
}

func waitAvailability(t *testing.T, w *Watcher) Availability {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if a := w.Availability(); a.Known {
			return a
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the Watcher never said what is available")
	return Availability{}
}

func TestSleep(t *testing.T) {
	d := startDesktop(t, true, true)
	rec := newRecorder()
	var heldDuring []bool
	w := New(Options{MaxDelay: 300 * time.Millisecond, Handlers: Handlers{
		BeforeSleep: func(ctx context.Context) {
			heldDuring = append(heldDuring, len(d.logind.Held()) == 1)
			if len(heldDuring) == 2 {
				<-ctx.Done() // a cloud that does not answer
			}
			rec.note("before")
		},
		AfterSleep: func() { rec.note("after") },
	}})
	w.Start()
	t.Cleanup(func() { w.Close() })
	if a := waitAvailability(t, w); !a.Sleep || !a.ScreenLock || a.Reason != "" {
		t.Errorf("availability %+v, want both", a)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()

	// Nothing chosen: no inhibitor, and sleeping calls nothing.
	time.Sleep(100 * time.Millisecond)
	if n := len(d.logind.Inhibitors()); n != 0 {
		t.Fatalf("%d inhibitors taken with no lock chosen", n)
	}
	if err := d.logind.EmitPrepareForSleep(true); err != nil {
		t.Fatal(err)
	}
	if err := d.logind.EmitPrepareForSleep(false); err != nil {
		t.Fatal(err)
	}
	rec.none(t, 200*time.Millisecond)

	// Chosen: a delay inhibitor for sleep, with words a person understands.
	w.Want(true, false)
	first, err := d.logind.WaitInhibitors(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if first.What != "sleep" || first.Mode != "delay" || first.Who != "utec-tray" || !strings.Contains(first.Why, "Locking your doors") || !first.Held() {
		t.Errorf("inhibitor %+v", first)
	}

	// Going to sleep: BeforeSleep runs while the inhibitor is held, and it
	// is released as soon as BeforeSleep returns.
	if err := d.logind.EmitPrepareForSleep(true); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "before")
	select {
	case <-first.Released():
	case <-time.After(2 * time.Second):
		t.Fatal("the inhibitor was not released after BeforeSleep returned")
	}
	// Woken: a new inhibitor, and AfterSleep.
	if err := d.logind.EmitPrepareForSleep(false); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "after")
	second, err := d.logind.WaitInhibitors(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}

	// A BeforeSleep that hangs is cut off at MaxDelay: the sleep waits no
	// longer.
	began := time.Now()
	if err := d.logind.EmitPrepareForSleep(true); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "before")
	<-second.Released()
	if took := second.ReleasedAt().Sub(began); took < 300*time.Millisecond || took > 2*time.Second {
		t.Errorf("with a hung BeforeSleep the inhibitor was held %v, want about MaxDelay (300ms)", took)
	}
	if err := d.logind.EmitPrepareForSleep(false); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "after")
	third, err := d.logind.WaitInhibitors(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}

	// No lock chosen any more: the inhibitor goes at once.
	w.Want(false, false)
	select {
	case <-third.Released():
	case <-time.After(2 * time.Second):
		t.Fatal("the inhibitor was kept with no lock chosen")
	}
	if !slices.Equal(heldDuring, []bool{true, true}) {
		t.Errorf("inhibitor held during BeforeSleep: %v, want [true true]", heldDuring)
	}
	// Closing the Watcher holds nothing.
	w.Want(true, false)
	fourth, err := d.logind.WaitInhibitors(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	select {
	case <-fourth.Released():
	case <-time.After(2 * time.Second):
		t.Fatal("Close kept the inhibitor")
	}
}

func TestScreenLock(t *testing.T) {
	d := startDesktop(t, true, true)
	rec := newRecorder()
	w := New(Options{Handlers: Handlers{ScreenLocked: func() { rec.note("locked") }}})
	w.debounce = 0
	w.Start()
	t.Cleanup(func() { w.Close() })
	waitAvailability(t, w)

	// Not chosen: nothing.
	if err := d.saver.EmitActiveChanged("/org/freedesktop/ScreenSaver", true); err != nil {
		t.Fatal(err)
	}
	rec.none(t, 200*time.Millisecond)

	w.Want(false, true)
	time.Sleep(100 * time.Millisecond) // the wish reaches the loop
	for _, path := range []dbus.ObjectPath{"/org/freedesktop/ScreenSaver", "/ScreenSaver"} {
		if err := d.saver.EmitActiveChanged(path, true); err != nil {
			t.Fatal(err)
		}
		rec.wait(t, "locked")
	}
	// Unlocking the screen locks nothing.
	if err := d.saver.EmitActiveChanged("/ScreenSaver", false); err != nil {
		t.Fatal(err)
	}
	rec.none(t, 200*time.Millisecond)
	// logind's Lock for this session.
	if err := d.logind.EmitSessionLock(); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "locked")
	// Only the screen was chosen: no sleep inhibitor.
	if n := len(d.logind.Inhibitors()); n != 0 {
		t.Errorf("%d inhibitors taken with only the screen lock chosen", n)
	}

	// Several services announcing one lock lock once.
	w2 := New(Options{Handlers: Handlers{ScreenLocked: func() { rec.note("locked twice") }}})
	w2.Start()
	t.Cleanup(func() { w2.Close() })
	w2.Want(false, true)
	waitAvailability(t, w2)
	time.Sleep(100 * time.Millisecond)
	if err := d.saver.EmitActiveChanged("/ScreenSaver", true); err != nil {
		t.Fatal(err)
	}
	if err := d.logind.EmitSessionLock(); err != nil {
		t.Fatal(err)
	}
	got := 0
	timeout := time.After(500 * time.Millisecond)
	for done := false; !done; {
		select {
		case s := <-rec.called:
			if s == "locked twice" {
				got++
			}
		case <-timeout:
			done = true
		}
	}
	if got != 1 {
		t.Errorf("one screen lock announced twice locked %d times, want 1", got)
	}
}

// TestScreenUnlock: the return is told once per lock the Watcher saw,
// whichever service announces it, and never for an unlock without a lock.
func TestScreenUnlock(t *testing.T) {
	d := startDesktop(t, true, true)
	rec := newRecorder()
	w := New(Options{Handlers: Handlers{
		ScreenLocked:   func() { rec.note("locked") },
		ScreenUnlocked: func() { rec.note("unlocked") },
	}})
	w.Start()
	t.Cleanup(func() { w.Close() })
	waitAvailability(t, w)
	w.Want(false, true)
	time.Sleep(100 * time.Millisecond) // the wish reaches the loop

	// An unlock with no lock seen first is no return.
	if err := d.saver.EmitActiveChanged("/ScreenSaver", false); err != nil {
		t.Fatal(err)
	}
	rec.none(t, 200*time.Millisecond)

	for _, tc := range []struct {
		name         string
		lock, unlock func() error
	}{
		{"screensaver", func() error { return d.saver.EmitActiveChanged("/ScreenSaver", true) },
			func() error { return d.saver.EmitActiveChanged("/ScreenSaver", false) }},
		{"logind", d.logind.EmitSessionLock, d.logind.EmitSessionUnlock},
	} {
		if err := tc.lock(); err != nil {
			t.Fatal(err)
		}
		rec.wait(t, "locked")
		if err := tc.unlock(); err != nil {
			t.Fatal(err)
		}
		rec.wait(t, "unlocked")
		// The other service announcing the same unlock: no second return.
		if err := d.logind.EmitSessionUnlock(); err != nil {
			t.Fatal(err)
		}
		rec.none(t, 200*time.Millisecond)
	}
}

func TestGnomeScreenSaver(t *testing.T) {
	startDesktop(t, false, false) // no logind, no screensaver yet
	sess, err := dbus.Connect(os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	saver, err := dbustest.StartScreenSaver(sess, dbustest.GnomeScreenSaver)
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	w := New(Options{Handlers: Handlers{ScreenLocked: func() { rec.note("locked") }}})
	w.Start()
	t.Cleanup(func() { w.Close() })
	w.Want(true, true)
	if a := waitAvailability(t, w); a.Sleep || !a.ScreenLock || !strings.Contains(a.Reason, "logind") {
		t.Errorf("availability without logind %+v", a)
	}
	time.Sleep(100 * time.Millisecond)
	if err := saver.EmitActiveChanged("/org/gnome/ScreenSaver", true); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "locked")
}

// TestNoBuses: without a system bus or a session bus the options say they
// are unavailable, and nothing else breaks.
func TestNoBuses(t *testing.T) {
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path="+t.TempDir()+"/none")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", "")
	w := New(Options{Handlers: Handlers{BeforeSleep: func(context.Context) { t.Error("BeforeSleep called") }}})
	w.Start()
	w.Want(true, true)
	a := waitAvailability(t, w)
	if a.Sleep || a.ScreenLock || a.Reason == "" {
		t.Errorf("availability %+v, want neither, with a reason", a)
	}
	w.Want(false, false)
	done := make(chan struct{})
	go func() { w.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hung without buses")
	}
}
