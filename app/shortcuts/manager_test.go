//go:build linux || freebsd || openbsd || netbsd

package shortcuts

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/platform/hotkey"
	"github.com/utec-tray/utec-tray/internal/xvfbtest"
)

// startXvfb: the manager runs the real X11 grabber, and xdotool
// presses the keys.
func startXvfb(t *testing.T) { xvfbtest.Start(t, "xdotool") }

// newManager starts a manager whose actions and status changes arrive
// on channels.
func newManager(t *testing.T) (*Manager, <-chan Action, <-chan struct{}) {
	t.Helper()
	fired := make(chan Action, 10)
	changed := make(chan struct{}, 100)
	m := New(Options{Fire: func(a Action) { fired <- a }, Changed: func() { changed <- struct{}{} }})
	t.Cleanup(m.Close)
	return m, fired, changed
}

// settle applies s and waits for its result (a status not pending).
func settle(t *testing.T, m *Manager, changed <-chan struct{}, s config.Shortcuts) Status {
	t.Helper()
	m.Apply(s)
	deadline := time.After(10 * time.Second)
	for {
		st := m.Status()
		done := true
		for _, a := range Actions {
			done = done && !st[a].Pending
		}
		if done && st[LockAll].On == s.LockAll.On && st[OpenPanel].On == s.OpenPanel.On {
			return st
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("the shortcuts were not applied: %+v", st)
		}
	}
}

func press(t *testing.T, keys string) { t.Helper(); xvfbtest.Press(t, keys) }

func wantFired(t *testing.T, fired <-chan Action, want Action) {
	t.Helper()
	select {
	case a := <-fired:
		if a != want {
			t.Fatalf("fired %s, want %s", a, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not fire", want)
	}
}

func TestManagerHoldsWhatIsOn(t *testing.T) {
	startXvfb(t)
	m, fired, changed := newManager(t)
	st := settle(t, m, changed, config.Shortcuts{LockAll: config.Shortcut{On: true}})
	if st[LockAll].Err != nil || st[LockAll].Keys != config.DefaultLockAllKeys || st[OpenPanel].On {
		t.Fatalf("status %+v", st)
	}
	press(t, "ctrl+alt+shift+l")
	wantFired(t, fired, LockAll)
	// The panel's default keys are not held while it is off.
	press(t, "ctrl+alt+shift+p")

	st = settle(t, m, changed, config.Shortcuts{LockAll: config.Shortcut{On: true, Keys: "Ctrl+Alt+P"},
		OpenPanel: config.Shortcut{On: true, Keys: "ctrl+alt+p"}})
	var same *SameKeysError
	if st[LockAll].Err != nil || !errors.As(st[OpenPanel].Err, &same) {
		t.Fatalf("status %+v, want the panel refused for Lock all's keys", st)
	}
	press(t, "ctrl+alt+shift+l") // let go by the change
	press(t, "ctrl+alt+p")
	wantFired(t, fired, LockAll)
	select {
	case a := <-fired:
		t.Fatalf("%s fired", a)
	default:
	}

	// All off: the keys are free for another program.
	settle(t, m, changed, config.Shortcuts{})
	other, err := hotkey.OpenX11(t.Context(), hotkey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	a, _ := hotkey.Parse("Ctrl+Alt+P")
	if errs := other.Bind(t.Context(), []hotkey.Binding{{ID: "x", Accel: a}}); errs != nil {
		t.Errorf("another program cannot have the keys after they were turned off: %v", errs)
	}
}

func TestManagerSaysTaken(t *testing.T) {
	startXvfb(t)
	other, err := hotkey.OpenX11(t.Context(), hotkey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	a, _ := hotkey.Parse(config.DefaultLockAllKeys)
	if errs := other.Bind(t.Context(), []hotkey.Binding{{ID: "x", Accel: a}}); errs != nil {
		t.Fatal(errs)
	}
	m, _, changed := newManager(t)
	st := settle(t, m, changed, config.Shortcuts{LockAll: config.Shortcut{On: true}, OpenPanel: config.Shortcut{On: true}})
	if !errors.Is(st[LockAll].Err, hotkey.ErrTaken) || st[OpenPanel].Err != nil {
		t.Fatalf("status %+v, want Lock all taken", st)
	}
}

// Without a desktop to grab keys on, each shortcut turned on says so.
func TestManagerUnavailable(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("XDG_SESSION_TYPE", "tty")
	m, _, changed := newManager(t)
	st := settle(t, m, changed, config.Shortcuts{OpenPanel: config.Shortcut{On: true}})
	if !errors.Is(st[OpenPanel].Err, hotkey.ErrUnavailable) || st[LockAll].Err != nil {
		t.Fatalf("status %+v", st)
	}
}

// countingGrabber is the real grabber, with its Binds counted.
type countingGrabber struct {
	hotkey.Grabber
	binds *atomic.Int32
}

func (g countingGrabber) Bind(ctx context.Context, b []hotkey.Binding) map[string]error {
	g.binds.Add(1)
	return g.Grabber.Bind(ctx, b)
}

// The same shortcuts again (the controller passes every change of the
// settings on) change nothing: no new grab, and on the portal no new
// question to the person.
func TestManagerSameShortcutsAgain(t *testing.T) {
	startXvfb(t)
	var binds atomic.Int32
	changed := make(chan struct{}, 100)
	m := New(Options{Changed: func() { changed <- struct{}{} },
		Open: func(ctx context.Context, o hotkey.Options) (hotkey.Grabber, error) {
			g, err := hotkey.Open(ctx, o)
			if err != nil {
				return nil, err
			}
			return countingGrabber{g, &binds}, nil
		}})
	defer m.Close()
	s := config.Shortcuts{LockAll: config.Shortcut{On: true}}
	settle(t, m, changed, s)
	m.Apply(s)
	if st := m.Status(); st[LockAll].Pending || st[LockAll].Err != nil || !st[LockAll].On {
		t.Errorf("after the same shortcuts again: %+v, want them held, nothing under way", st[LockAll])
	}
	other := config.Shortcuts{LockAll: config.Shortcut{On: true, Keys: "Ctrl+Alt+K"}}
	settle(t, m, changed, other)
	if got := binds.Load(); got != 2 {
		t.Errorf("%d binds, want 2 (the same shortcuts again are not bound again)", got)
	}
}
