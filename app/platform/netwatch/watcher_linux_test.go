package netwatch

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/departure"
	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// The watcher against Debian's python3-dbusmock playing NetworkManager
// (its networkmanager template) on a private bus given to the watcher as
// its system bus (DBUS_SYSTEM_BUS_ADDRESS), as a desktop gives the real
// one.

const (
	homeBSSID = "AA:BB:CC:00:11:22"
	cafeBSSID = "DE:AD:BE:EF:00:01"
)

// rig is one test's bus, NetworkManager mock and watcher.
type rig struct {
	t      *testing.T
	ctx    context.Context
	bus    *dbustest.Bus
	conn   *dbus.Conn
	nm     *dbustest.NetworkManager
	w      *Watcher
	states chan State
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newRig starts a bus, NetworkManager on it when withNM, and a watcher.
func newRig(t *testing.T, withNM bool) *rig {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	bus, conn := dbustest.TestBus(t)
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.Address)
	r := &rig{t: t, ctx: ctx, bus: bus, conn: conn, states: make(chan State, 256), logs: &syncBuffer{}}
	if withNM {
		r.startNM()
	}
	r.w = New(Options{OnChange: func(s State) { r.states <- s },
		Logger: slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	r.w.Start()
	t.Cleanup(func() { _ = r.w.Close() })
	return r
}

func (r *rig) startNM() {
	r.t.Helper()
	nm, err := dbustest.StartNetworkManager(r.ctx, r.bus, r.conn)
	if errors.Is(err, dbustest.ErrNoDBusMock) && os.Getenv("CI") == "" {
		r.t.Skip(err)
	}
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(nm.Close)
	r.nm = nm
}

// until waits for a state that pleases want, and returns it; the states
// before it are returned too, for tests that look at the way there.
func (r *rig) until(what string, want func(State) bool) (State, []State) {
	r.t.Helper()
	var seen []State
	deadline := time.After(10 * time.Second)
	for {
		select {
		case s := <-r.states:
			seen = append(seen, s)
			if want(s) {
				return s, seen
			}
		case <-deadline:
			r.t.Fatalf("no %s within 10 s; states seen %+v; now %+v; log:\n%s", what, seen, r.w.Current(), r.logs)
			return State{}, nil
		}
	}
}

func (r *rig) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

// placeOf is where the left-home rule places s with home as the home set.
func placeOf(s State, home ...departure.HomeNetwork) departure.Place {
	p, known := s.Departure()
	if !known {
		return departure.Unknown
	}
	return departure.Classify(p, home)
}

func on(uuid string) func(State) bool {
	return func(s State) bool { return s.Status == Watching && s.Primary.UUID == uuid && !s.Primary.Unreadable }
}

func offline(s State) bool { return s.Status == Watching && s.Primary.Path == "/" }

// TestHomeAwayBack: on the home Wi-Fi the watcher reads its profile's
// UUID and the access point's BSSID; the connection removed, it sees the
// dangling path as unreadable (not as "no connection"), then no
// connection; back, the same profile again.
func TestHomeAwayBack(t *testing.T) {
	r := newRig(t, true)
	r.until("the first read: no connection", offline)
	home, err := r.nm.Join(r.ctx, "Home", homeBSSID)
	r.must(err)
	s, _ := r.until("the home Wi-Fi", on(home.UUID))
	want := Connection{Path: string(home.Active), UUID: home.UUID, Name: "Home", Type: TypeWireless, BSSID: homeBSSID}
	if s.Primary != want {
		t.Errorf("at home: %+v, want %+v", s.Primary, want)
	}

	atHome := departure.HomeNetwork{UUID: home.UUID, BSSID: homeBSSID}
	if p := placeOf(s, atHome); p != departure.Home {
		t.Errorf("at home the rule says %v", p)
	}

	r.must(r.nm.RemoveActive(r.ctx, home))
	s, _ = r.until("the dangling path", func(s State) bool { return s.Primary.Unreadable })
	if s.Primary.Path != string(home.Active) || s.Primary.UUID != "" {
		t.Errorf("dangling: %+v, want the removed path, unreadable", s.Primary)
	}
	if p := placeOf(s, atHome); p != departure.Unknown {
		t.Errorf("dangling, the rule says %v, want unknown", p)
	}
	r.must(r.nm.SetPrimary(r.ctx, "/"))
	s, _ = r.until("no connection", offline)
	if p := placeOf(s, atHome); p != departure.Away {
		t.Errorf("with no connection the rule says %v, want away", p)
	}

	cafe, err := r.nm.Join(r.ctx, "Home", cafeBSSID) // the same SSID elsewhere: another profile, another access point
	r.must(err)
	s, _ = r.until("the café's Wi-Fi", on(cafe.UUID))
	if s.Primary.BSSID != cafeBSSID || s.Primary.UUID == home.UUID {
		t.Errorf("at the café: %+v", s.Primary)
	}
	// The same SSID elsewhere is another profile at another access point.
	if p := placeOf(s, atHome); p != departure.Away {
		t.Errorf("at the café the rule says %v, want away", p)
	}
	r.must(r.nm.Leave(r.ctx, cafe))
	r.until("no connection", offline)

	back, err := r.nm.Rejoin(r.ctx, home)
	r.must(err)
	s, _ = r.until("home again", on(home.UUID))
	if s.Primary.Path != string(back.Active) || s.Primary.BSSID != homeBSSID {
		t.Errorf("back home: %+v", s.Primary)
	}
	if p := placeOf(s, atHome); p != departure.Home {
		t.Errorf("back home the rule says %v", p)
	}
}

// TestFlapping: a Wi-Fi that drops and comes back again and again leaves
// the watcher on what NetworkManager says last, whatever the order its
// reads and signals crossed in.
func TestFlapping(t *testing.T) {
	r := newRig(t, true)
	r.until("the first read", offline)
	home, err := r.nm.Join(r.ctx, "Home", homeBSSID)
	r.must(err)
	r.until("the home Wi-Fi", on(home.UUID))
	// Half the drops come back at once; the other half are seen offline
	// first, so that the rule below meets some away readings for sure.
	var seen []State
	for i := range 6 {
		r.must(r.nm.Leave(r.ctx, home))
		if i%2 == 1 {
			_, some := r.until("offline", offline)
			seen = append(seen, some...)
		}
		home, err = r.nm.Rejoin(r.ctx, home)
		r.must(err)
	}
	_, rest := r.until("home at the end", func(s State) bool { return on(home.UUID)(s) && s.Primary.Path == string(home.Active) })
	seen = append(seen, rest...)
	// The readings through the rule, a minute apart on a fake clock: a
	// Wi-Fi that keeps coming back is never "left".
	tr := departure.New(departure.DefaultAfter)
	at := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	aways := 0
	for _, s := range seen {
		at = at.Add(time.Minute)
		place := placeOf(s, departure.HomeNetwork{UUID: home.UUID})
		if place == departure.Away {
			aways++
		}
		tr.Seen(at, place)
		if _, ok := tr.Check(at, []string{"Front Door"}); ok {
			t.Fatalf("the rule offered while the Wi-Fi flapped (readings %+v)", seen)
		}
	}
	if aways == 0 {
		t.Fatalf("no reading was away: the flapping was not seen (readings %+v)", seen)
	}
	// Nothing more is on its way: a later read would say the same.
	time.Sleep(200 * time.Millisecond)
	if got := r.w.Current(); got.Primary.Path != string(home.Active) {
		t.Errorf("settled on %+v, want the last active connection %s", got.Primary, home.Active)
	}
}

// TestDanglingPrimary: a PrimaryConnection that names no object is
// unreadable, never "no connection".
func TestDanglingPrimary(t *testing.T) {
	r := newRig(t, true)
	r.until("the first read", offline)
	r.must(r.nm.SetPrimary(r.ctx, "/org/freedesktop/NetworkManager/ActiveConnection/gone"))
	s, _ := r.until("an unreadable connection", func(s State) bool { return s.Primary.Unreadable })
	if s.Status != Watching || s.Primary.Path != "/org/freedesktop/NetworkManager/ActiveConnection/gone" {
		t.Errorf("%+v, want watching, the path, unreadable", s)
	}
}

// TestAsleep: while NetworkManager sleeps, no connection says where the
// computer is.
func TestAsleep(t *testing.T) {
	r := newRig(t, true)
	r.until("the first read", offline)
	home, err := r.nm.Join(r.ctx, "Home", homeBSSID)
	r.must(err)
	r.until("the home Wi-Fi", on(home.UUID))
	r.must(r.nm.SetState(r.ctx, 10))
	r.until("asleep", func(s State) bool { return s.Primary.Asleep })
	r.must(r.nm.SetState(r.ctx, 70))
	r.until("awake at home", on(home.UUID))
}

// TestNoNetworkManager: without NetworkManager the watcher says it is
// unavailable; NetworkManager started later is seen, and its end too.
func TestNoNetworkManager(t *testing.T) {
	r := newRig(t, false)
	s, _ := r.until("unavailable", func(s State) bool { return s.Status == Unavailable })
	if !strings.Contains(s.Reason, "NetworkManager") {
		t.Errorf("reason %q does not name NetworkManager", s.Reason)
	}
	r.startNM()
	r.until("NetworkManager once it started", offline)
	r.nm.Close()
	r.until("unavailable once it ended", func(s State) bool { return s.Status == Unavailable })
}

// TestNoSystemBus: a bus address that leads nowhere is unavailable.
func TestNoSystemBus(t *testing.T) {
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path="+t.TempDir()+"/none")
	states := make(chan State, 4)
	w := New(Options{OnChange: func(s State) { states <- s }})
	w.Start()
	defer w.Close()
	select {
	case s := <-states:
		if s.Status != Unavailable || !strings.Contains(s.Reason, "no system bus") {
			t.Errorf("%+v, want unavailable for want of a system bus", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no state within 10 s")
	}
}

// TestForgedSignalsAreIgnored: a signal addressed to the watcher by a
// peer that is not NetworkManager is not acted on, and said once in the
// log.
func TestForgedSignalsAreIgnored(t *testing.T) {
	r := newRig(t, true)
	r.until("the first read", offline)
	forger := dbustest.TestConn(t, r.bus)
	var names []string
	r.must(r.conn.BusObject().CallWithContext(r.ctx, "org.freedesktop.DBus.ListNames", 0).Store(&names))
	var nmOwner string
	r.must(r.conn.BusObject().CallWithContext(r.ctx, "org.freedesktop.DBus.GetNameOwner", 0, dbustest.NetworkManagerName).Store(&nmOwner))
	sent := 0
	for _, name := range names {
		if !strings.HasPrefix(name, ":") || name == nmOwner || name == r.conn.Names()[0] || name == forger.Names()[0] {
			continue
		}
		// Sent to each other peer: one of them is the watcher.
		msg := &dbus.Message{Type: dbus.TypeSignal, Headers: map[dbus.HeaderField]dbus.Variant{
			dbus.FieldPath:        dbus.MakeVariant(dbustest.NetworkManagerPath),
			dbus.FieldInterface:   dbus.MakeVariant("org.freedesktop.DBus.Properties"),
			dbus.FieldMember:      dbus.MakeVariant("PropertiesChanged"),
			dbus.FieldDestination: dbus.MakeVariant(name),
		}}
		msg.Body = []any{"org.freedesktop.NetworkManager", map[string]dbus.Variant{}, []string{}}
		msg.Headers[dbus.FieldSignature] = dbus.MakeVariant(dbus.SignatureOf(msg.Body...))
		r.must(forger.SendWithContext(r.ctx, msg, nil).Err)
		sent++
	}
	if sent == 0 {
		t.Fatal("found no peer to send to")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(r.logs.String(), "NetworkManager did not send") {
		if time.Now().After(deadline) {
			t.Fatalf("the forged signal was not noticed within 10 s; log:\n%s", r.logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := strings.Count(r.logs.String(), "level=WARN msg=\"ignored a D-Bus signal"); got != 1 {
		t.Errorf("%d warnings, want 1", got)
	}
}
