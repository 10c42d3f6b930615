package dbustest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// The StatusNotifierItem protocol: the item lives at itemPath under a
// name with trayNamePrefix, and its Menu property names the object that
// serves the dbusmenu (Fyne's systray puts it at /StatusNotifierItem/menu).
const (
	trayNamePrefix = "org.kde.StatusNotifierItem-"
	itemPath       = dbus.ObjectPath("/StatusNotifierItem")
	itemIface      = "org.kde.StatusNotifierItem"
	menuIface      = "com.canonical.dbusmenu"
)

// callTimeout bounds the calls that take no context, so that a hung app
// fails a test instead of stalling it.
const callTimeout = 10 * time.Second

// pollEvery is how often the waiting helpers ask again.
const pollEvery = 50 * time.Millisecond

// MenuItem is one entry of a dbusmenu tree.
type MenuItem struct {
	ID int32
	// Label is the text shown, mnemonic underscores removed.
	Label string
	// Enabled and Visible are true unless the menu says otherwise.
	Enabled bool
	Visible bool
	// Children are the entries of the item's submenu, if it has one.
	Children []MenuItem
	// Props holds every property as the menu sent it, for those not
	// decoded above ("type", "toggle-type", "toggle-state", ...).
	Props map[string]dbus.Variant
}

// String is the menu as an indented outline, for failure messages.
func (m MenuItem) String() string {
	var b strings.Builder
	var walk func(MenuItem, int)
	walk = func(it MenuItem, depth int) {
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

// FindTrayItem waits until a StatusNotifierItem appears on the bus and
// returns its bus name (Fyne registers org.kde.StatusNotifierItem-PID-1).
// If several are there, it returns the first in sorted order; on a bus
// shared with other apps use FindTrayItemOf.
func FindTrayItem(ctx context.Context, conn *dbus.Conn) (string, error) {
	return waitForName(ctx, conn, func(name string) bool {
		return strings.HasPrefix(name, trayNamePrefix)
	})
}

// FindTrayItemOf waits until the process pid has registered its
// StatusNotifierItem and returns the bus name.
func FindTrayItemOf(ctx context.Context, conn *dbus.Conn, pid int) (string, error) {
	prefix := fmt.Sprintf("%s%d-", trayNamePrefix, pid)
	return waitForName(ctx, conn, func(name string) bool {
		return strings.HasPrefix(name, prefix)
	})
}

func waitForName(ctx context.Context, conn *dbus.Conn, match func(string) bool) (string, error) {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		var names []string
		err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.ListNames", 0).Store(&names)
		if err != nil && ctx.Err() == nil {
			return "", fmt.Errorf("list bus names: %w", err)
		}
		slices.Sort(names)
		for _, n := range names {
			if match(n) {
				return n, nil
			}
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return "", fmt.Errorf("wait for tray item: %w", ctx.Err())
		}
	}
}

// Layout reads the whole menu of the tray item at busName, from the object
// its Menu property names, as a panel does. The root item (ID 0 in Fyne)
// has no label; the entries are its children.
//
// Fyne's systray answers its very first GetLayout with the top level only
// and fills submenus in later; WaitForItem copes with that and with menus
// that are rebuilt while the test runs.
func Layout(conn *dbus.Conn, busName string) (MenuItem, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return layout(ctx, conn, busName)
}

func layout(ctx context.Context, conn *dbus.Conn, busName string) (MenuItem, error) {
	menu, err := menuObject(ctx, conn, busName)
	if err != nil {
		return MenuItem{}, err
	}
	call := menu.CallWithContext(ctx, menuIface+".GetLayout", 0, int32(0), int32(-1), []string{})
	if call.Err != nil {
		return MenuItem{}, fmt.Errorf("GetLayout from %s: %w", busName, call.Err)
	}
	if len(call.Body) != 2 {
		return MenuItem{}, fmt.Errorf("GetLayout from %s: %d values in reply, want 2", busName, len(call.Body))
	}
	root, err := decodeItem(call.Body[1])
	if err != nil {
		return MenuItem{}, fmt.Errorf("GetLayout from %s: %w", busName, err)
	}
	return root, nil
}

// WaitForItem reads the menu until it has an item whose label satisfies
// match, and returns that item.
func WaitForItem(ctx context.Context, conn *dbus.Conn, busName string, match func(label string) bool) (MenuItem, error) {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		root, err := layout(ctx, conn, busName)
		if err == nil {
			if item, ok := root.Find(match); ok {
				return item, nil
			}
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			if err != nil {
				return MenuItem{}, err
			}
			return MenuItem{}, fmt.Errorf("wait for menu item: %w", ctx.Err())
		}
	}
}

// Find returns the first item, depth first, whose label satisfies match:
// m itself or any item below it.
func (m MenuItem) Find(match func(label string) bool) (MenuItem, bool) {
	if match(m.Label) {
		return m, true
	}
	for _, c := range m.Children {
		if item, ok := c.Find(match); ok {
			return item, true
		}
	}
	return MenuItem{}, false
}

// Click clicks the menu item id of the tray item at busName, as a panel
// does when the person picks it.
func Click(conn *dbus.Conn, busName string, id int32) error {
	return MenuEvent(conn, busName, id, "clicked")
}

// MenuEvent sends the dbusmenu Event event ("clicked", "opened",
// "closed") for item id (0 is the menu itself) of the tray item at
// busName, as a panel does.
func MenuEvent(conn *dbus.Conn, busName string, id int32, event string) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	menu, err := menuObject(ctx, conn, busName)
	if err != nil {
		return err
	}
	call := menu.CallWithContext(ctx, menuIface+".Event", 0,
		id, event, dbus.MakeVariant(""), uint32(time.Now().Unix()))
	if call.Err != nil {
		return fmt.Errorf("send %q to menu item %d of %s: %w", event, id, busName, call.Err)
	}
	return nil
}

// menuObject is the dbusmenu of the tray item at busName.
func menuObject(ctx context.Context, conn *dbus.Conn, busName string) (dbus.BusObject, error) {
	var v dbus.Variant
	err := conn.Object(busName, itemPath).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
		itemIface, "Menu").Store(&v)
	if err != nil {
		return nil, fmt.Errorf("read the Menu property of %s: %w", busName, err)
	}
	path, ok := v.Value().(dbus.ObjectPath)
	if !ok || !path.IsValid() {
		return nil, fmt.Errorf("the Menu property of %s is %v, want an object path", busName, v)
	}
	return conn.Object(busName, path), nil
}

// decodeItem turns one (ia{sv}av) layout, as godbus decodes it without a
// target type, into a MenuItem: a struct arrives as []any, and the
// children as variants holding such structs.
func decodeItem(v any) (MenuItem, error) {
	if variant, ok := v.(dbus.Variant); ok {
		v = variant.Value()
	}
	fields, ok := v.([]any)
	if !ok || len(fields) != 3 {
		return MenuItem{}, fmt.Errorf("menu item is %T, want a struct (ia{sv}av)", v)
	}
	id, ok := fields[0].(int32)
	if !ok {
		return MenuItem{}, fmt.Errorf("menu item ID is %T, want int32", fields[0])
	}
	props, ok := fields[1].(map[string]dbus.Variant)
	if !ok {
		return MenuItem{}, fmt.Errorf("menu item %d: properties are %T, want a{sv}", id, fields[1])
	}
	children, ok := fields[2].([]dbus.Variant)
	if !ok {
		return MenuItem{}, fmt.Errorf("menu item %d: children are %T, want av", id, fields[2])
	}
	item := MenuItem{
		ID:      id,
		Enabled: boolProp(props, "enabled", true),
		Visible: boolProp(props, "visible", true),
		Props:   props,
	}
	if l, ok := props["label"].Value().(string); ok {
		item.Label = stripMnemonics(l)
	}
	for _, c := range children {
		child, err := decodeItem(c)
		if err != nil {
			return MenuItem{}, fmt.Errorf("in menu item %d: %w", id, err)
		}
		item.Children = append(item.Children, child)
	}
	return item, nil
}

func boolProp(props map[string]dbus.Variant, name string, def bool) bool {
	if b, ok := props[name].Value().(bool); ok {
		return b
	}
	return def
}

// stripMnemonics removes the underscores that mark access keys in a
// dbusmenu label; a doubled underscore stands for a literal one.
func stripMnemonics(label string) string {
	if !strings.Contains(label, "_") {
		return label
	}
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

// Activate calls the tray item's Activate at screen position (x, y), as a
// panel does on a left click on the icon.
func Activate(conn *dbus.Conn, busName string, x, y int32) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	call := conn.Object(busName, itemPath).CallWithContext(ctx, itemIface+".Activate", 0, x, y)
	if call.Err != nil {
		return fmt.Errorf("activate %s: %w", busName, call.Err)
	}
	return nil
}

// ItemIsMenu reads the tray item's ItemIsMenu property: true tells the
// panel to open the menu on a left click instead of calling Activate.
func ItemIsMenu(conn *dbus.Conn, busName string) (bool, error) {
	var b bool
	err := itemProperty(conn, busName, "ItemIsMenu", &b)
	return b, err
}

// Checkmark reports whether the item is shown with a checkmark (dbusmenu
// "toggle-type" "checkmark") and whether that checkmark is on
// ("toggle-state" 1).
func (m MenuItem) Checkmark() (isCheckmark, on bool) {
	if t, _ := m.Props["toggle-type"].Value().(string); t != "checkmark" {
		return false, false
	}
	switch s := m.Props["toggle-state"].Value().(type) {
	case int32:
		return true, s == 1
	case int64:
		return true, s == 1
	case int:
		return true, s == 1
	}
	return true, false
}

// Pixmap is one image of a StatusNotifierItem icon: Width×Height ARGB32
// pixels in network byte order.
type Pixmap struct {
	Width, Height int32
	Data          []byte
}

// ToolTip is a StatusNotifierItem's ToolTip property: an icon name, icon
// pixmaps, a title and a longer text.
type ToolTip struct {
	IconName string
	Icons    []Pixmap
	Title    string
	Text     string
}

// IconPixmap reads the IconPixmap property of the tray item at busName,
// the images a panel draws.
func IconPixmap(conn *dbus.Conn, busName string) ([]Pixmap, error) {
	var px []Pixmap
	if err := itemProperty(conn, busName, "IconPixmap", &px); err != nil {
		return nil, err
	}
	return px, nil
}

// ReadToolTip reads the ToolTip property of the tray item at busName.
func ReadToolTip(conn *dbus.Conn, busName string) (ToolTip, error) {
	var tt ToolTip
	err := itemProperty(conn, busName, "ToolTip", &tt)
	return tt, err
}

// ReadTitle reads the Title property of the tray item at busName: the
// name Plasma's tray settings list the item under.
func ReadTitle(conn *dbus.Conn, busName string) (string, error) {
	var title string
	err := itemProperty(conn, busName, "Title", &title)
	return title, err
}

func itemProperty(conn *dbus.Conn, busName, name string, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	var v dbus.Variant
	err := conn.Object(busName, itemPath).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
		itemIface, name).Store(&v)
	if err != nil {
		return fmt.Errorf("read the %s property of %s: %w", name, busName, err)
	}
	if err := v.Store(out); err != nil {
		return fmt.Errorf("the %s property of %s is %s: %w", name, busName, v.Signature(), err)
	}
	return nil
}
