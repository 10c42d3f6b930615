//go:build linux && !android

package notify

// Against a real session bus with the fake daemon of internal/dbustest:
// dbus-run-session -- go test -race ./app/notify/. The tests own the
// daemon's well-known name, so they run one after the other.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/assets"
	"github.com/utec-tray/utec-tray/internal/dbustest"
)

func sessionBus(t *testing.T) *dbus.Conn {
	t.Helper()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Skip("no session bus: run under dbus-run-session -- go test ./app/notify/")
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("connect to the session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func startDaemon(t *testing.T, opts ...dbustest.ServerOption) *dbustest.NotificationServer {
	t.Helper()
	conn := sessionBus(t)
	d, err := dbustest.StartNotificationServer(conn, opts...)
	if errors.Is(err, dbustest.ErrNameTaken) {
		t.Skip("a notification daemon already runs on this session bus (or another package's test holds its name): run under a dbus-run-session of its own")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// busSender is a Sender on the session bus; results receives every
// delivery's Result.
func busSender(t *testing.T, opts Options) (*Sender, <-chan Result, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	opts.Logger = slogTo(logs)
	results := make(chan Result, 100)
	opts.OnResult = func(r Result) { results <- r }
	s := New(opts)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s, results, logs
}

func waitFor(t *testing.T, d *dbustest.NotificationServer, title string) dbustest.Notification {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	n, err := d.WaitFor(ctx, func(n dbustest.Notification) bool { return n.Summary == title })
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDBusNotify(t *testing.T) {
	d := startDaemon(t, dbustest.ServerWithActions())
	s, results, logs := busSender(t, Options{Icon: "/usr/share/icons/utec-tray.png"})

	s.Send(Notification{
		Title:   "Front Door still unlocked",
		Body:    "for 10 minutes\nsince 09:00",
		Actions: []Action{{"lock", "Lock"}, {"snooze", "Remind me in 30 min"}},
		Urgency: UrgencyCritical,
		Tag:     "remind:front",
	})
	n := waitFor(t, d, "Front Door still unlocked")
	if n.AppName != DefaultAppName || n.AppIcon != "/usr/share/icons/utec-tray.png" || n.Body != "for 10 minutes\nsince 09:00" {
		t.Errorf("received %+v", n)
	}
	if want := []string{"lock", "Lock", "snooze", "Remind me in 30 min"}; !slices.Equal(n.Actions, want) {
		t.Errorf("actions %q, want %q", n.Actions, want)
	}
	if u, ok := n.Hints["urgency"].Value().(byte); !ok || u != 2 {
		t.Errorf("urgency hint %v, want byte 2", n.Hints["urgency"])
	}
	if e, ok := n.Hints["desktop-entry"].Value().(string); !ok || e != DefaultDesktopEntry {
		t.Errorf("desktop-entry hint %v, want %s", n.Hints["desktop-entry"], DefaultDesktopEntry)
	}
	r := <-results
	if r.Err != nil || r.ID != n.ID {
		t.Errorf("result %+v, want ID %d", r, n.ID)
	}

	// The same tag replaces it; hostile text arrives cleaned, as text.
	s.Send(Notification{Title: "Front Door still unlocked\x1b[2J", Body: "<b>$(calc)</b>\u202E", Tag: "remind:front"})
	again := waitFor(t, d, "Front Door still unlocked[2J")
	if again.ID != n.ID || again.Body != "<b>$(calc)</b>" || len(again.Actions) != 0 {
		t.Errorf("replacement %+v, want ID %d and the body cleaned", again, n.ID)
	}
	if u := again.Hints["urgency"].Value(); u != byte(1) {
		t.Errorf("default urgency %v, want 1", u)
	}
	<-results
	if strings.Contains(logs.String(), "10 minutes") || strings.Contains(logs.String(), "calc") {
		t.Errorf("a body reached the log:\n%s", logs)
	}
}

func TestDBusHungDaemon(t *testing.T) {
	d := startDaemon(t, dbustest.ServerHangs())
	const timeout = time.Second
	s, results, logs := busSender(t, Options{Timeout: timeout})

	s.Send(Notification{Title: "first"})
	s.Send(Notification{Title: "second"})
	// Send did not wait for the daemon: both returned while their calls
	// are still held (no result can exist before the timeout ends them).
	select {
	case r := <-results:
		t.Fatalf("a result (%+v) before the hung calls timed out: Send waited for the daemon", r)
	default:
	}
	for _, title := range []string{"first", "second"} {
		select {
		case r := <-results:
			if r.Title != title || !errors.Is(r.Err, context.DeadlineExceeded) {
				t.Errorf("result %+v, want %q timed out", r, title)
			}
			t.Logf("%s gave up after %v (timeout %v)", title, r.Took, timeout)
		case <-time.After(20 * timeout):
			t.Fatalf("no result for %q within %v", title, 20*timeout)
		}
	}
	if d.HungCalls() != 2 {
		t.Errorf("the daemon held %d calls, want 2", d.HungCalls())
	}
	if !strings.Contains(logs.String(), "title=first") {
		t.Errorf("the failure is not logged:\n%s", logs)
	}

	// The daemon answers again, and the next notification goes out.
	d.SetHang(false)
	s.Send(Notification{Title: "third"})
	waitFor(t, d, "third")
	if r := <-results; r.Err != nil {
		t.Errorf("after the hang: %v", r.Err)
	}
	var got []string
	for _, n := range d.Notifications() {
		got = append(got, n.Summary)
	}
	if !slices.Equal(got, []string{"third"}) {
		t.Errorf("the daemon recorded %q, want [third]", got)
	}
}

func TestDBusSupportsActions(t *testing.T) {
	tests := []struct {
		name string
		opts []dbustest.ServerOption
		want bool
	}{
		{"offered", []dbustest.ServerOption{dbustest.ServerWithActions()}, true},
		{"not offered", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := startDaemon(t, tt.opts...)
			s, _, _ := busSender(t, Options{})
			got, err := s.SupportsActions(t.Context())
			if err != nil || got != tt.want {
				t.Fatalf("SupportsActions = %v, %v; want %v", got, err, tt.want)
			}
			// Cached: a change on the server shows after the TTL only.
			d.SetActions(!tt.want)
			if got, _ := s.SupportsActions(t.Context()); got != tt.want {
				t.Errorf("the answer was not kept")
			}
		})
	}
	t.Run("expired", func(t *testing.T) {
		d := startDaemon(t)
		s, _, _ := busSender(t, Options{CapabilitiesTTL: time.Millisecond})
		if got, _ := s.SupportsActions(t.Context()); got {
			t.Fatal("actions before the daemon offered them")
		}
		d.SetActions(true)
		time.Sleep(5 * time.Millisecond)
		if got, err := s.SupportsActions(t.Context()); !got || err != nil {
			t.Errorf("after the TTL: %v, %v; want true", got, err)
		}
	})
	t.Run("no daemon", func(t *testing.T) {
		var owned bool
		if err := sessionBus(t).BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, busName).Store(&owned); err != nil {
			t.Fatal(err)
		}
		if owned {
			t.Skip("a notification daemon runs on this session bus: run under a dbus-run-session of its own")
		}
		// Not started on demand either: this machine may have a daemon
		// installed, which would then own the name for the later tests.
		s := newSender(withDefaults(Options{Timeout: 500 * time.Millisecond}), nil)
		b := newPlatformBackend(s.life, s.opts, s.handleSignal).(*dbusBackend)
		b.flags = dbus.FlagNoAutoStart
		s.backend = b
		s.start()
		defer s.Close()
		start := time.Now()
		got, err := s.SupportsActions(t.Context())
		if got || err == nil || time.Since(start) > 5*time.Second {
			t.Errorf("with no daemon: %v, %v after %v; want false and an error", got, err, time.Since(start))
		}
	})
}

func nextEvent(t *testing.T, s *Sender) Event {
	t.Helper()
	select {
	case ev := <-s.Events():
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
		return Event{}
	}
}

func noEvent(t *testing.T, s *Sender, d time.Duration) {
	t.Helper()
	select {
	case ev := <-s.Events():
		t.Errorf("unexpected event %+v", ev)
	case <-time.After(d):
	}
}

func TestDBusEvents(t *testing.T) {
	d := startDaemon(t, dbustest.ServerWithActions())
	s, results, _ := busSender(t, Options{})

	s.Send(Notification{Title: "Front Door still unlocked", Tag: "remind:front",
		Actions: []Action{{"lock", "Lock"}, {"snooze", "Remind me in 30 min"}}})
	r := <-results
	if r.Err != nil {
		t.Fatal(r.Err)
	}

	// Another app's notification, and another program on the bus that
	// pretends to be the daemon: neither reaches the events.
	if err := d.EmitActionInvoked(r.ID+1000, "lock"); err != nil {
		t.Fatal(err)
	}
	impostor := sessionBus(t)
	if err := impostor.Emit("/org/freedesktop/Notifications", "org.freedesktop.Notifications.ActionInvoked", r.ID, "lock"); err != nil {
		t.Fatal(err)
	}
	noEvent(t, s, 200*time.Millisecond)

	if err := d.EmitActionInvoked(r.ID, "lock"); err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, s); ev != (Event{ID: r.ID, Tag: "remind:front", Action: "lock"}) {
		t.Errorf("event %+v, want the lock action on %d", ev, r.ID)
	}
	if err := d.EmitNotificationClosed(r.ID, dbustest.ClosedDismissed); err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, s); ev != (Event{ID: r.ID, Tag: "remind:front", Closed: true, Reason: ClosedDismissed}) {
		t.Errorf("event %+v, want closed by the person", ev)
	}
	// Once closed, it is no longer ours to hear about.
	if err := d.EmitActionInvoked(r.ID, "lock"); err != nil {
		t.Fatal(err)
	}
	noEvent(t, s, 200*time.Millisecond)

	// A daemon that restarts (a new connection owns the name) is reached
	// on the same Sender, and its signals are heard.
	d.Close()
	d2 := startDaemon(t, dbustest.ServerWithActions())
	s.Send(Notification{Title: "after restart", Tag: "t2"})
	waitFor(t, d2, "after restart")
	r2 := <-results
	if err := d2.EmitNotificationClosed(r2.ID, dbustest.ClosedExpired); err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, s); ev.Tag != "t2" || !ev.Closed || ev.Reason != ClosedExpired {
		t.Errorf("event %+v, want t2 expired", ev)
	}
}

func TestDBusNoSessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	s, results, _ := busSender(t, Options{})
	s.Send(Notification{Title: "nowhere"})
	select {
	case r := <-results:
		if !errors.Is(r.Err, ErrNoSessionBus) {
			t.Errorf("err = %v, want ErrNoSessionBus", r.Err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no result")
	}
}

// TestDBusImageWhenTheThemeLacksTheIcon: an app not installed
// system-wide has no theme icon, and its notifications carry the app icon
// as image-data (scaled down); once the theme has it, the name alone
// goes.
func TestDBusImageWhenTheThemeLacksTheIcon(t *testing.T) {
	d := startDaemon(t)
	share := t.TempDir()
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", filepath.Join(share, "home"))
	t.Setenv("XDG_DATA_DIRS", share)

	s, results, _ := busSender(t, Options{IconPNG: assets.AppIcon.PNG})
	s.Send(Notification{Title: "not installed"})
	n := waitFor(t, d, "not installed")
	<-results
	if n.AppIcon != DefaultDesktopEntry {
		t.Errorf("app_icon %q, want the theme name %q still", n.AppIcon, DefaultDesktopEntry)
	}
	v, ok := n.Hints["image-data"]
	if !ok {
		t.Fatalf("no image-data hint without a theme icon; hints %v", n.Hints)
	}
	var img imageData
	if err := dbus.Store([]any{v.Value()}, &img); err != nil {
		t.Fatalf("image-data %s is not (iiibiiay): %v", v.Signature(), err)
	}
	if img.Width != 64 || img.Height != 64 || img.RowStride != 256 || !img.HasAlpha || img.BitsPerSample != 8 ||
		img.Channels != 4 || len(img.Data) != 64*256 {
		t.Errorf("image %dx%d stride %d alpha %v bits %d channels %d, %d bytes; want 64x64 RGBA",
			img.Width, img.Height, img.RowStride, img.HasAlpha, img.BitsPerSample, img.Channels, len(img.Data))
	}
	if centre := img.Data[32*256+32*4+3]; centre == 0 {
		t.Error("the image's centre is transparent: the icon did not come through")
	}

	apps := filepath.Join(share, "icons", "hicolor", "256x256", "apps")
	if err := os.MkdirAll(apps, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(apps, DefaultDesktopEntry+".png"), assets.AppIcon.PNG, 0o644); err != nil {
		t.Fatal(err)
	}
	installed, results2, _ := busSender(t, Options{IconPNG: assets.AppIcon.PNG})
	installed.Send(Notification{Title: "installed"})
	n = waitFor(t, d, "installed")
	<-results2
	if _, ok := n.Hints["image-data"]; ok {
		t.Error("image-data sent although the theme has the icon")
	}
}
