package dbustest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// sessionBus connects to the test's session bus, or skips the test when
// there is none.
func sessionBus(t *testing.T) *dbus.Conn {
	t.Helper()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Skip("no session bus (DBUS_SESSION_BUS_ADDRESS is empty): run under dbus-run-session -- go test ./internal/dbustest/")
	}
	// A private connection, not the shared one, so that the test can close
	// it and so that two connections can talk to each other.
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("connect to the session bus at %s: %v", os.Getenv("DBUS_SESSION_BUS_ADDRESS"), err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func timeout(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

func startServer(t *testing.T, conn *dbus.Conn) *NotificationServer {
	t.Helper()
	s, err := StartNotificationServer(conn)
	if errors.Is(err, ErrNameTaken) {
		t.Skip("a notification daemon already runs on this session bus: run under dbus-run-session")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sendNotify calls Notify as Fyne does, with an urgency hint added.
func sendNotify(conn *dbus.Conn, replaces uint32, summary, body string) (uint32, error) {
	var id uint32
	err := conn.Object(notifyName, notifyPath).Call(notifyIface+".Notify", 0,
		"io.github.utec_tray.utec_tray", replaces, "/tmp/icon.png", summary, body,
		[]string{}, map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))}, int32(0)).Store(&id)
	return id, err
}

func notify(t *testing.T, conn *dbus.Conn, replaces uint32, summary, body string) uint32 {
	t.Helper()
	id, err := sendNotify(conn, replaces, summary, body)
	if err != nil {
		t.Fatalf("Notify: %v", err)
	}
	return id
}

// The notification server tests own a well-known name, so they run one
// after the other.

func TestNotificationServerRecordsNotify(t *testing.T) {
	server, client := sessionBus(t), sessionBus(t)
	s := startServer(t, server)

	id := notify(t, client, 0, "Front door unlocked", "by Alice")
	if id == 0 {
		t.Fatal("Notify returned ID 0")
	}
	n, err := s.WaitFor(timeout(t, 5*time.Second), func(n Notification) bool {
		return n.Summary == "Front door unlocked"
	})
	if err != nil {
		t.Fatal(err)
	}
	if n.ID != id || n.AppName != "io.github.utec_tray.utec_tray" || n.Body != "by Alice" ||
		n.AppIcon != "/tmp/icon.png" || time.Since(n.Time) > time.Minute {
		t.Errorf("recorded %+v", n)
	}
	if u, ok := n.Hints["urgency"].Value().(byte); !ok || u != 1 {
		t.Errorf("urgency hint = %v", n.Hints["urgency"])
	}

	// A replacement keeps its ID; a new one gets another.
	if got := notify(t, client, id, "Front door locked", ""); got != id {
		t.Errorf("replacement got ID %d, want %d", got, id)
	}
	if got := notify(t, client, 0, "Back door jammed", ""); got == id {
		t.Errorf("new notification reused ID %d", got)
	}
	all := s.Notifications()
	var summaries []string
	for _, n := range all {
		summaries = append(summaries, n.Summary)
	}
	if want := "Front door unlocked|Front door locked|Back door jammed"; strings.Join(summaries, "|") != want {
		t.Errorf("Notifications() = %q, want %q", summaries, want)
	}
}

func TestNotificationServerWaitFor(t *testing.T) {
	server, client := sessionBus(t), sessionBus(t)
	s := startServer(t, server)

	t.Run("later", func(t *testing.T) {
		sent := make(chan error, 1)
		go func() {
			time.Sleep(100 * time.Millisecond)
			_, err := sendNotify(client, 0, "later", "")
			sent <- err
		}()
		if _, err := s.WaitFor(timeout(t, 5*time.Second), func(n Notification) bool { return n.Summary == "later" }); err != nil {
			t.Fatal(err)
		}
		if err := <-sent; err != nil {
			t.Fatal(err)
		}
	})
	t.Run("already received", func(t *testing.T) {
		if _, err := s.WaitFor(timeout(t, time.Second), func(n Notification) bool { return n.Summary == "later" }); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("never", func(t *testing.T) {
		_, err := s.WaitFor(timeout(t, 100*time.Millisecond), func(n Notification) bool { return false })
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
	})
}

func TestNotificationServerInformation(t *testing.T) {
	server, client := sessionBus(t), sessionBus(t)
	startServer(t, server)
	obj := client.Object(notifyName, notifyPath)

	var caps []string
	if err := obj.Call(notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
		t.Fatal(err)
	}
	if strings.Join(caps, ",") != "body" {
		t.Errorf("capabilities %q, want [body]", caps)
	}
	var name, vendor, version, spec string
	if err := obj.Call(notifyIface+".GetServerInformation", 0).Store(&name, &vendor, &version, &spec); err != nil {
		t.Fatal(err)
	}
	if name == "" || spec != "1.2" {
		t.Errorf("server information %q %q %q %q", name, vendor, version, spec)
	}

	// CloseNotification announces the closing.
	if err := client.AddMatchSignal(dbus.WithMatchInterface(notifyIface), dbus.WithMatchMember("NotificationClosed")); err != nil {
		t.Fatal(err)
	}
	signals := make(chan *dbus.Signal, 4)
	client.Signal(signals)
	id := notify(t, client, 0, "to close", "")
	if err := obj.Call(notifyIface+".CloseNotification", 0, id).Err; err != nil {
		t.Fatal(err)
	}
	select {
	case sig := <-signals:
		if sig.Name != notifyIface+".NotificationClosed" || len(sig.Body) != 2 || sig.Body[0] != id || sig.Body[1] != uint32(3) {
			t.Errorf("signal %s %v", sig.Name, sig.Body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no NotificationClosed signal")
	}
}

func TestNotificationServerOwnsTheName(t *testing.T) {
	first, second := sessionBus(t), sessionBus(t)
	s := startServer(t, first)
	if _, err := StartNotificationServer(second); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("second server: err = %v, want ErrNameTaken", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	startServer(t, second)
}

// fakeItem is the StatusNotifierItem's property interface, reduced to the
// Menu property.
type fakeItem struct{ menu dbus.ObjectPath }

func (i fakeItem) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	if iface != itemIface || name != "Menu" {
		return dbus.Variant{}, dbus.MakeFailedError(fmt.Errorf("no property %s.%s", iface, name))
	}
	return dbus.MakeVariant(i.menu), nil
}

// fakeMenu is a dbusmenu as Fyne's systray exports it: children are
// variants holding pointers to layouts.
type fakeMenu struct {
	mu     sync.Mutex
	root   *layoutNode
	clicks []int32
}

type layoutNode struct {
	V0 int32
	V1 map[string]dbus.Variant
	V2 []dbus.Variant
}

func node(id int32, props map[string]any, children ...*layoutNode) *layoutNode {
	n := &layoutNode{V0: id, V1: map[string]dbus.Variant{}, V2: []dbus.Variant{}}
	for k, v := range props {
		n.V1[k] = dbus.MakeVariant(v)
	}
	for _, c := range children {
		n.V2 = append(n.V2, dbus.MakeVariant(c))
	}
	return n
}

func (m *fakeMenu) GetLayout(parentID, depth int32, props []string) (uint32, layoutNode, *dbus.Error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return 1, *m.root, nil
}

func (m *fakeMenu) Event(id int32, eventID string, data dbus.Variant, timestamp uint32) *dbus.Error {
	if eventID == "clicked" {
		m.mu.Lock()
		m.clicks = append(m.clicks, id)
		m.mu.Unlock()
	}
	return nil
}

func (m *fakeMenu) set(root *layoutNode) {
	m.mu.Lock()
	m.root = root
	m.mu.Unlock()
}

func (m *fakeMenu) clicked() []int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]int32(nil), m.clicks...)
}

func TestTrayMenu(t *testing.T) {
	app, tester := sessionBus(t), sessionBus(t)
	menu := &fakeMenu{}
	menu.set(node(0, map[string]any{"children-display": "submenu"},
		node(1, map[string]any{"label": "_Front door", "children-display": "submenu"},
			node(2, map[string]any{"label": "_Lock"}),
			node(3, map[string]any{"label": "Un_lock", "enabled": false}),
		),
		node(4, map[string]any{"type": "separator"}),
		node(5, map[string]any{"label": "Sign__in", "visible": false}),
		node(6, map[string]any{"label": "_Quit"}),
	))
	// Not at Fyne's path: the client must follow the Menu property.
	const menuPath = dbus.ObjectPath("/Elsewhere/menu")
	if err := app.Export(menu, menuPath, menuIface); err != nil {
		t.Fatal(err)
	}
	if err := app.Export(fakeItem{menuPath}, itemPath, "org.freedesktop.DBus.Properties"); err != nil {
		t.Fatal(err)
	}
	// Registered a little late, as an app starting up would.
	name := fmt.Sprintf("%s%d-1", trayNamePrefix, os.Getpid())
	registered := make(chan error, 1)
	go func() {
		time.Sleep(100 * time.Millisecond)
		_, err := app.RequestName(name, dbus.NameFlagDoNotQueue)
		registered <- err
	}()

	got, err := FindTrayItemOf(timeout(t, 5*time.Second), tester, os.Getpid())
	if err := <-registered; err != nil {
		t.Fatalf("request %s: %v", name, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got != name {
		t.Fatalf("found %s, want %s", got, name)
	}

	root, err := Layout(tester, name)
	if err != nil {
		t.Fatal(err)
	}
	if root.ID != 0 || len(root.Children) != 4 {
		t.Fatalf("root %d with %d children, want 0 with 4", root.ID, len(root.Children))
	}
	door := root.Children[0]
	if door.Label != "Front door" || len(door.Children) != 2 {
		t.Fatalf("first entry %q with %d children", door.Label, len(door.Children))
	}
	if sep := root.Children[1]; sep.Props["type"].Value() != "separator" || sep.Label != "" {
		t.Errorf("separator decoded as %+v", sep)
	}

	tests := []struct {
		label            string
		id               int32
		enabled, visible bool
	}{
		{"Lock", 2, true, true},
		{"Unlock", 3, false, true},
		{"Sign_in", 5, true, false},
		{"Quit", 6, true, true},
	}
	for _, tt := range tests {
		item, ok := root.Find(func(l string) bool { return l == tt.label })
		if !ok {
			t.Errorf("no item %q", tt.label)
			continue
		}
		if item.ID != tt.id || item.Enabled != tt.enabled || item.Visible != tt.visible {
			t.Errorf("%q: ID %d enabled %v visible %v, want %d %v %v",
				tt.label, item.ID, item.Enabled, item.Visible, tt.id, tt.enabled, tt.visible)
		}
	}
	if item, ok := root.Find(func(l string) bool { return l == "Settings" }); ok {
		t.Errorf("found %+v for a label that is not there", item)
	}

	if err := Click(tester, name, 2); err != nil {
		t.Fatal(err)
	}
	if err := Click(tester, name, 6); err != nil {
		t.Fatal(err)
	}
	if got := menu.clicked(); fmt.Sprint(got) != "[2 6]" {
		t.Errorf("clicks %v, want [2 6]", got)
	}

	// The menu grows an entry later; WaitForItem sees it.
	go func() {
		time.Sleep(100 * time.Millisecond)
		menu.set(node(0, nil, node(7, map[string]any{"label": "_Settings…"})))
	}()
	item, err := WaitForItem(timeout(t, 5*time.Second), tester, name, func(l string) bool {
		return strings.HasPrefix(l, "Settings")
	})
	if err != nil {
		t.Fatal(err)
	}
	if item.ID != 7 {
		t.Errorf("Settings has ID %d, want 7", item.ID)
	}

	// FindTrayItem finds it too, unless the bus has others' tray items.
	other, err := FindTrayItem(timeout(t, 5*time.Second), tester)
	if err != nil {
		t.Fatal(err)
	}
	if other != name {
		t.Logf("FindTrayItem found %s; the bus has other tray items", other)
	}
}

func TestTrayMenuErrors(t *testing.T) {
	conn := sessionBus(t)
	if _, err := FindTrayItemOf(timeout(t, 200*time.Millisecond), conn, -1); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("FindTrayItemOf with no such item: %v, want DeadlineExceeded", err)
	}
	if _, err := Layout(conn, "org.kde.StatusNotifierItem-nobody-1"); err == nil {
		t.Error("Layout of a missing name succeeded")
	}
	if err := Click(conn, "org.kde.StatusNotifierItem-nobody-1", 1); err == nil {
		t.Error("Click on a missing name succeeded")
	}
}

func TestStripMnemonics(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":            "",
		"Quit":        "Quit",
		"_Quit":       "Quit",
		"Un_lock":     "Unlock",
		"Sign__in":    "Sign_in",
		"a___b":       "a_b",
		"trailing_":   "trailing",
		"_Settings…":  "Settings…",
		"Front door_": "Front door",
	}
	for in, want := range tests {
		if got := stripMnemonics(in); got != want {
			t.Errorf("stripMnemonics(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeItemRejectsMalformedLayouts(t *testing.T) {
	t.Parallel()
	props := map[string]dbus.Variant{}
	tests := map[string]any{
		"not a struct":    "x",
		"short struct":    []any{int32(1), props},
		"ID not int32":    []any{uint32(1), props, []dbus.Variant{}},
		"props not a{sv}": []any{int32(1), map[string]string{}, []dbus.Variant{}},
		"children not av": []any{int32(1), props, []any{}},
		"malformed child": []any{int32(1), props, []dbus.Variant{dbus.MakeVariant("x")}},
	}
	for name, v := range tests {
		if _, err := decodeItem(v); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	item, err := decodeItem([]any{int32(1), props, []dbus.Variant{}})
	if err != nil || !item.Enabled || !item.Visible || item.Label != "" {
		t.Errorf("minimal item decoded as %+v, %v", item, err)
	}
}

func TestNotificationServerCapabilities(t *testing.T) {
	tests := []struct {
		name string
		opts []ServerOption
		set  *bool // SetActions after the start, when not nil
		want string
	}{
		{"default", nil, nil, "body"},
		{"with actions", []ServerOption{ServerWithActions()}, nil, "actions,body"},
		{"actions switched on", nil, ptr(true), "actions,body"},
		{"actions switched off", []ServerOption{ServerWithActions()}, ptr(false), "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server, client := sessionBus(t), sessionBus(t)
			s, err := StartNotificationServer(server, tt.opts...)
			if errors.Is(err, ErrNameTaken) {
				t.Skip("a notification daemon already runs on this session bus: run under dbus-run-session")
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if tt.set != nil {
				s.SetActions(*tt.set)
			}
			var caps []string
			if err := client.Object(notifyName, notifyPath).Call(notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(caps, ","); got != tt.want {
				t.Errorf("capabilities %q, want %q", got, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestNotificationServerHangs(t *testing.T) {
	server, client := sessionBus(t), sessionBus(t)
	s, err := StartNotificationServer(server, ServerHangs())
	if errors.Is(err, ErrNameTaken) {
		t.Skip("a notification daemon already runs on this session bus: run under dbus-run-session")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	obj := client.Object(notifyName, notifyPath)
	call := func(ctx context.Context, summary string) error {
		var id uint32
		return obj.CallWithContext(ctx, notifyIface+".Notify", 0, "utec-tray", uint32(0), "", summary, "",
			[]string{}, map[string]dbus.Variant{}, int32(-1)).Store(&id)
	}

	start := time.Now()
	if err := call(timeout(t, 200*time.Millisecond), "held"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Notify to a hanging server: err = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the call returned after %v, not at its own timeout", d)
	}
	// The other methods still answer while Notify hangs.
	var caps []string
	if err := obj.CallWithContext(timeout(t, 5*time.Second), notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
		t.Fatalf("GetCapabilities while hanging: %v", err)
	}
	if n := s.HungCalls(); n != 1 {
		t.Errorf("HungCalls() = %d, want 1", n)
	}

	s.SetHang(false)
	if err := call(timeout(t, 5*time.Second), "answered"); err != nil {
		t.Fatalf("Notify after the hang: %v", err)
	}
	var got []string
	for _, n := range s.Notifications() {
		got = append(got, n.Summary)
	}
	if strings.Join(got, ",") != "answered" {
		t.Errorf("recorded %q, want only the answered notification", got)
	}

	// A hang switched on later holds calls again, and Close releases them.
	s.SetHang(true)
	held := make(chan error, 1)
	go func() { held <- call(timeout(t, 10*time.Second), "held again") }()
	deadline := time.Now().Add(5 * time.Second)
	for s.HungCalls() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-held:
		var dbusErr dbus.Error
		if !errors.As(err, &dbusErr) {
			t.Errorf("held call after Close: err = %v, want a D-Bus error", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not release the held call")
	}
}

func TestNotificationServerEmitsSignals(t *testing.T) {
	server, client := sessionBus(t), sessionBus(t)
	s := startServer(t, server)
	if err := client.AddMatchSignal(dbus.WithMatchInterface(notifyIface)); err != nil {
		t.Fatal(err)
	}
	signals := make(chan *dbus.Signal, 4)
	client.Signal(signals)

	tests := []struct {
		name string
		emit func() error
		want string
	}{
		{"action", func() error { return s.EmitActionInvoked(7, "lock") }, notifyIface + ".ActionInvoked [7 lock]"},
		{"closed", func() error { return s.EmitNotificationClosed(7, ClosedDismissed) }, notifyIface + ".NotificationClosed [7 2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.emit(); err != nil {
				t.Fatal(err)
			}
			select {
			case sig := <-signals:
				if got := fmt.Sprint(sig.Name, " ", sig.Body); got != tt.want || sig.Path != notifyPath {
					t.Errorf("signal %q from %s, want %q from %s", got, sig.Path, tt.want, notifyPath)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("no signal")
			}
		})
	}
}
