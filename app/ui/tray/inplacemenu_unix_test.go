//go:build linux && !android

package tray

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// The menus the child shows: the front door locked, then unlocked (the
// same shape: words and checkmarks change), then with a second device
// (another shape).
func doorMenu(state string, doors int) []view.Item {
	do := func(id string, verb devices.Verb) view.Action {
		return view.Action{Kind: view.DeviceAction, DeviceID: id, Do: devices.Action{Verb: verb}}
	}
	items := []view.Item{{Label: "All " + state, Disabled: true}, {Separator: true}}
	for i := range doors {
		id := fmt.Sprintf("door-%d", i)
		items = append(items, view.Item{Label: fmt.Sprintf("Door %d: %s", i, state), Children: []view.Item{
			{Label: "Locked", Checked: state == "locked", Checkable: true, Action: do(id, devices.Lock)},
			{Label: "Unlocked", Checked: state == "unlocked", Checkable: true, Action: do(id, devices.Unlock)},
		}})
	}
	return append(items, view.Item{Separator: true}, view.Item{Label: "Quit utec-tray", Action: view.Action{Kind: view.Quit}})
}

// menuChild is the child process: systray on the session bus, showing
// the menus the parent names on stdin, one job at a time (the host's
// events included), and saying "done" after each.
func menuChild() {
	start, _ := systray.RunWithExternalLoop(nil, nil)
	jobs := make(chan func(), 16)
	m := &inPlaceMenu{ui: func(f func()) { jobs <- func() { f(); fmt.Println("done") } }}
	onClick := func(view.Action) {}
	m.show(doorMenu("locked", 1), onClick)
	start()
	fmt.Println("ready")
	go func() {
		lines := bufio.NewScanner(os.Stdin)
		for lines.Scan() {
			var items []view.Item
			switch lines.Text() {
			case "states":
				items = doorMenu("unlocked", 1)
			case "structure":
				items = doorMenu("unlocked", 2)
			case "back":
				items = doorMenu("locked", 1)
			}
			jobs <- func() { m.show(items, onClick); fmt.Println("done") }
		}
		os.Exit(0)
	}()
	for job := range jobs {
		job()
	}
}

// signalCounter counts the menu's signals from one sender.
type signalCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *signalCounter) peek(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[name]
}

func (c *signalCounter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.counts
	c.counts = map[string]int{}
	return out
}

// ids lists the menu's item ids and labels, depth first.
func ids(root dbustest.MenuItem) (out []int32, labels []string) {
	var walk func(dbustest.MenuItem)
	walk = func(m dbustest.MenuItem) {
		for _, c := range m.Children {
			out = append(out, c.ID)
			labels = append(labels, c.Label)
			walk(c)
		}
	}
	walk(root)
	return out, labels
}

// TestMenuUpdatesInPlace counts the signals of each change on a private
// session bus: a change of words and checkmarks keeps every id and sends
// one ItemsPropertiesUpdated and no LayoutUpdated; a change of shape sends
// one LayoutUpdated, and waits while the menu is open. systray keeps
// global state and a bus name for the life of a process, hence the child.
func TestMenuUpdatesInPlace(t *testing.T) {
	if os.Getenv("UTEC_TRAY_MENU_CHILD") != "" {
		menuChild()
		return
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	bus, conn := dbustest.TestBus(t)

	cmd := exec.Command(os.Args[0], "-test.run=^TestMenuUpdatesInPlace$")
	cmd.Env = append(os.Environ(), "UTEC_TRAY_MENU_CHILD=1", "DBUS_SESSION_BUS_ADDRESS="+bus.Address)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	expect := func(want string) {
		t.Helper()
		for lines.Scan() {
			if lines.Text() == want {
				return
			}
		}
		t.Fatalf("the child ended before saying %q", want)
	}
	expect("ready")
	name, err := dbustest.FindTrayItemOf(ctx, conn, cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	var owner string
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, name).Store(&owner); err != nil {
		t.Fatal(err)
	}
	counter := countSignals(t, conn, owner)
	// layout reads the menu: the reply comes after every signal the child
	// sent before it, so the counts are complete then.
	layout := func() ([]int32, []string) {
		t.Helper()
		root, err := dbustest.Layout(conn, name)
		if err != nil {
			t.Fatal(err)
		}
		return ids(root)
	}
	send := func(line string) {
		t.Helper()
		if _, err := io.WriteString(stdin, line+"\n"); err != nil {
			t.Fatal(err)
		}
		expect("done")
	}
	// The first read after the first menu gets the top level only, and
	// systray sends a LayoutUpdated soon after for a second read (a
	// workaround of its own for libdbusmenu-gtk3): let that pass.
	layout()
	deadline := time.Now().Add(5 * time.Second)
	for counter.peek("LayoutUpdated") == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	before, _ := layout()
	counter.take()

	send("states")
	after, labels := layout()
	if got := counter.take(); got["LayoutUpdated"] != 0 || got["ItemsPropertiesUpdated"] != 1 {
		t.Errorf("a change of states sent %v, want one ItemsPropertiesUpdated and no LayoutUpdated", got)
	}
	if !slices.Equal(before, after) {
		t.Errorf("ids %v became %v in a change of states", before, after)
	}
	if !slices.Contains(labels, "Door 0: unlocked") {
		t.Errorf("labels %q after the change", labels)
	}

	send("structure")
	grown, _ := layout()
	if got := counter.take(); got["LayoutUpdated"] != 1 {
		t.Errorf("a change of shape sent %v, want one LayoutUpdated", got)
	}
	if len(grown) <= len(after) {
		t.Errorf("%d items after adding a device, %d before", len(grown), len(after))
	}

	// With the menu open, a change of shape waits for it to close.
	if err := dbustest.MenuEvent(conn, name, 0, "opened"); err != nil {
		t.Fatal(err)
	}
	expect("done")
	send("back")
	if got, _ := layout(); len(got) != len(grown) || counter.take()["LayoutUpdated"] != 0 {
		t.Errorf("the menu changed shape while open")
	}
	if err := dbustest.MenuEvent(conn, name, 0, "closed"); err != nil {
		t.Fatal(err)
	}
	expect("done")
	if got, _ := layout(); len(got) != len(before) {
		t.Errorf("%d items after the menu closed, want the %d of the held change", len(got), len(before))
	}
	if got := counter.take(); got["LayoutUpdated"] != 1 {
		t.Errorf("the held change sent %v when the menu closed, want one LayoutUpdated", got)
	}

	// With the menu open, longer labels wait too ("unlocked" is longer
	// than "locked"), then go out in place.
	if err := dbustest.MenuEvent(conn, name, 0, "opened"); err != nil {
		t.Fatal(err)
	}
	expect("done")
	send("states")
	if _, labels := layout(); slices.Contains(labels, "Door 0: unlocked") || counter.take()["ItemsPropertiesUpdated"] != 0 {
		t.Errorf("a label grew while the menu was open: %q", labels)
	}
	if err := dbustest.MenuEvent(conn, name, 0, "closed"); err != nil {
		t.Fatal(err)
	}
	expect("done")
	if _, labels := layout(); !slices.Contains(labels, "Door 0: unlocked") {
		t.Errorf("labels %q after the menu closed, want the held longer ones", labels)
	}
	if got := counter.take(); got["LayoutUpdated"] != 0 || got["ItemsPropertiesUpdated"] != 1 {
		t.Errorf("the held labels sent %v when the menu closed, want one ItemsPropertiesUpdated and no LayoutUpdated", got)
	}
}

// countSignals counts the dbusmenu signals owner sends.
func countSignals(t *testing.T, conn *dbus.Conn, owner string) *signalCounter {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(owner), dbus.WithMatchInterface("com.canonical.dbusmenu")); err != nil {
		t.Fatal(err)
	}
	c := &signalCounter{counts: map[string]int{}}
	ch := make(chan *dbus.Signal, 256)
	conn.Signal(ch)
	go func() {
		for sig := range ch {
			if sig.Sender != owner {
				continue
			}
			c.mu.Lock()
			c.counts[sig.Name[len("com.canonical.dbusmenu."):]]++
			c.mu.Unlock()
		}
	}()
	return c
}

// A removed item (systray closes its ClickedCh) is not clicked: its
// listener ends, even before it sees stop, without reporting a click.
func TestRemovedItemIsNoClick(t *testing.T) {
	t.Parallel()
	n := &menuNode{item: &systray.MenuItem{ClickedCh: make(chan struct{})}}
	n.action.Store(&view.Action{Kind: view.DeviceAction, DeviceID: "lamp", Do: devices.Action{Verb: devices.On}})
	clicks := make(chan view.Action, 10)
	ended := make(chan struct{})
	go func() { listen(n, make(chan struct{}), func(a view.Action) { clicks <- a }); close(ended) }()
	n.item.ClickedCh <- struct{}{} // a real click first
	if a := <-clicks; a.DeviceID != "lamp" {
		t.Fatalf("clicked %+v", a)
	}
	close(n.item.ClickedCh)
	select {
	case <-ended:
	case a := <-clicks:
		t.Fatalf("the removed item reported a click: %+v", a)
	case <-time.After(5 * time.Second):
		t.Fatal("the listener of a removed item did not end")
	}
	if len(clicks) > 0 {
		t.Errorf("the removed item reported %d clicks", len(clicks))
	}
}
