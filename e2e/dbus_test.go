//go:build e2e

package e2e

// The D-Bus side of a desktop, as the tray test needs it: a fake
// notification daemon and a panel's view of the app's tray menu. This
// repeats the essentials of app/internal/dbustest, which this package,
// outside app/, may not import.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// sessionBus is a private connection to the session bus.
func sessionBus(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("connect to the session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// notification is one Notify call.
type notification struct {
	AppName, Summary, Body string
	Time                   time.Time
}

// notifier is a fake org.freedesktop.Notifications that remembers what it
// is asked to show.
type notifier struct {
	mu      sync.Mutex
	notes   []notification
	changed chan struct{}
}

const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// startNotifier takes the notification daemon's name on the session bus,
// on a connection of its own.
func startNotifier(t *testing.T) *notifier {
	t.Helper()
	conn := sessionBus(t)
	n := &notifier{changed: make(chan struct{})}
	if err := conn.Export(notifyHandler{n}, notifyPath, notifyIface); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(notifyName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take %s on the session bus: reply %v, %v (another notification daemon?)", notifyName, reply, err)
	}
	t.Cleanup(func() { _, _ = conn.ReleaseName(notifyName) })
	return n
}

func (n *notifier) all() []notification {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.notes)
}

func (n *notifier) summaries() []string {
	var out []string
	for _, note := range n.all() {
		out = append(out, note.Summary)
	}
	return out
}

// waitFor waits at most d for a notification, received before or during
// the call, for which match is true.
func (n *notifier) waitFor(d time.Duration, match func(notification) bool) (notification, bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	seen := 0
	for {
		n.mu.Lock()
		notes, changed := n.notes[seen:], n.changed
		seen = len(n.notes)
		n.mu.Unlock()
		for _, note := range notes {
			if match(note) {
				return note, true
			}
		}
		select {
		case <-changed:
		case <-timer.C:
			return notification{}, false
		}
	}
}

type notifyHandler struct{ n *notifier }

func (h notifyHandler) Notify(appName string, replacesID uint32, appIcon, summary, body string,
	actions []string, hints map[string]dbus.Variant, expireTimeout int32) (uint32, *dbus.Error) {
	h.n.mu.Lock()
	defer h.n.mu.Unlock()
	h.n.notes = append(h.n.notes, notification{AppName: appName, Summary: summary, Body: body, Time: time.Now()})
	close(h.n.changed)
	h.n.changed = make(chan struct{})
	return uint32(len(h.n.notes)), nil
}

func (h notifyHandler) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

func (h notifyHandler) GetServerInformation() (name, vendor, version, spec string, err *dbus.Error) {
	return "e2e", "utec-tray", "1.0", "1.2", nil
}

func (h notifyHandler) CloseNotification(id uint32) *dbus.Error { return nil }

// menuItem is one entry of a dbusmenu tree.
type menuItem struct {
	ID       int32
	Label    string
	Enabled  bool
	Visible  bool
	Children []menuItem
}

// find returns the first item, depth first, whose label satisfies match.
func (m menuItem) find(match func(string) bool) (menuItem, bool) {
	if match(m.Label) {
		return m, true
	}
	for _, c := range m.Children {
		if item, ok := c.find(match); ok {
			return item, true
		}
	}
	return menuItem{}, false
}

// String is the menu as an indented outline, for failure messages.
func (m menuItem) String() string {
	var b strings.Builder
	var walk func(menuItem, int)
	walk = func(it menuItem, depth int) {
		for _, c := range it.Children {
			label := c.Label
			if label == "" {
				label = "----"
			}
			fmt.Fprintf(&b, "%s%q", strings.Repeat("  ", depth), label)
			if !c.Enabled {
				b.WriteString(" (disabled)")
			}
			if !c.Visible {
				b.WriteString(" (hidden)")
			}
			b.WriteByte('\n')
			walk(c, depth+1)
		}
	}
	walk(m, 0)
	return b.String()
}

// findTrayItemOf waits until process pid has registered its
// StatusNotifierItem (Fyne: org.kde.StatusNotifierItem-PID-1).
func findTrayItemOf(ctx context.Context, conn *dbus.Conn, pid int) (string, error) {
	prefix := fmt.Sprintf("org.kde.StatusNotifierItem-%d-", pid)
	for {
		var names []string
		err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.ListNames", 0).Store(&names)
		if err != nil && ctx.Err() == nil {
			return "", fmt.Errorf("list bus names: %w", err)
		}
		slices.Sort(names)
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				return n, nil
			}
		}
		select {
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
			return "", fmt.Errorf("no %s* on the session bus: %w", prefix, ctx.Err())
		}
	}
}

// menuObject is the dbusmenu object the item's Menu property names.
func menuObject(ctx context.Context, conn *dbus.Conn, busName string) (dbus.BusObject, error) {
	var v dbus.Variant
	err := conn.Object(busName, "/StatusNotifierItem").CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
		"org.kde.StatusNotifierItem", "Menu").Store(&v)
	if err != nil {
		return nil, fmt.Errorf("read the Menu property of %s: %w", busName, err)
	}
	path, ok := v.Value().(dbus.ObjectPath)
	if !ok || !path.IsValid() {
		return nil, fmt.Errorf("the Menu property of %s is %v, want an object path", busName, v)
	}
	return conn.Object(busName, path), nil
}

// layout reads the whole menu with com.canonical.dbusmenu.GetLayout.
func layout(conn *dbus.Conn, busName string) (menuItem, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	menu, err := menuObject(ctx, conn, busName)
	if err != nil {
		return menuItem{}, err
	}
	call := menu.CallWithContext(ctx, "com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{})
	if call.Err != nil {
		return menuItem{}, fmt.Errorf("GetLayout: %w", call.Err)
	}
	if len(call.Body) != 2 {
		return menuItem{}, fmt.Errorf("GetLayout: %d values in the reply, want 2", len(call.Body))
	}
	return decodeItem(call.Body[1])
}

// click sends com.canonical.dbusmenu.Event "clicked" for item id.
func click(conn *dbus.Conn, busName string, id int32) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	menu, err := menuObject(ctx, conn, busName)
	if err != nil {
		return err
	}
	call := menu.CallWithContext(ctx, "com.canonical.dbusmenu.Event", 0,
		id, "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix()))
	return call.Err
}

// decodeItem turns a (ia{sv}av) layout, as godbus decodes it without a
// target type, into a menuItem.
func decodeItem(v any) (menuItem, error) {
	if variant, ok := v.(dbus.Variant); ok {
		v = variant.Value()
	}
	fields, ok := v.([]any)
	if !ok || len(fields) != 3 {
		return menuItem{}, fmt.Errorf("menu item is %T, want a struct (ia{sv}av)", v)
	}
	id, ok1 := fields[0].(int32)
	props, ok2 := fields[1].(map[string]dbus.Variant)
	children, ok3 := fields[2].([]dbus.Variant)
	if !ok1 || !ok2 || !ok3 {
		return menuItem{}, fmt.Errorf("menu item fields are %T %T %T, want int32, a{sv}, av", fields[0], fields[1], fields[2])
	}
	item := menuItem{ID: id, Enabled: boolProp(props, "enabled"), Visible: boolProp(props, "visible")}
	if l, ok := props["label"].Value().(string); ok {
		item.Label = stripMnemonics(l)
	}
	for _, c := range children {
		child, err := decodeItem(c)
		if err != nil {
			return menuItem{}, fmt.Errorf("in menu item %d: %w", id, err)
		}
		item.Children = append(item.Children, child)
	}
	return item, nil
}

func boolProp(props map[string]dbus.Variant, name string) bool {
	if b, ok := props[name].Value().(bool); ok {
		return b
	}
	return true
}

// stripMnemonics removes the underscores that mark access keys; a doubled
// one stands for a literal underscore.
func stripMnemonics(label string) string {
	var b strings.Builder
	for i := 0; i < len(label); i++ {
		if label[i] == '_' {
			if i+1 < len(label) && label[i+1] == '_' {
				b.WriteByte('_')
				i++
			}
			continue
		}
		b.WriteByte(label[i])
	}
	return b.String()
}
