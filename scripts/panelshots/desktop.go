package main

// The desktop check (-check NAME): what make test-desktops proves on one
// real desktop's panel and notification server, with a picture of each
// step in -out. scripts/test-desktops.sh starts the desktop's parts.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// desktop names what one desktop's check expects.
type desktop struct {
	name     string // as in bin/desktops/<name>
	notifier string // the notification server's process name (/proc/PID/comm), or a word of its command line
	// taskbar: the panel has a task manager that shows windows as tasks
	// (Plasma's; Xfce's and LXQt's list nothing without a window manager),
	// so the quick panel's absence from it is checked in its pixels too.
	taskbar bool
	// wayland: a wlroots compositor (sway): screenshots by grim, the
	// pointer a virtual one (wayland.go), the bar found by its colour,
	// and the app a native Wayland client, whose window the compositor
	// places (centred: no Wayland program can place its window), so the
	// quick panel is not held to the click point.
	wayland bool
	// doubleClick: the host activates the item (the quick panel) on a
	// double click, and opens its menu on a single left click (GNOME's
	// AppIndicator extension, indicatorStatusIcon.js).
	doubleClick bool
	// buttonsOnHover: the notification shows its buttons only while the
	// pointer is on it (GNOME Shell's banner).
	buttonsOnHover bool
	// barByColour: the bar is no window to ask xdotool about (GNOME's);
	// it is found by its colour.
	barByColour bool
	// actionsByCtl: the server draws no buttons (mako); its user picks a
	// notification's action with makoctl (bound to a key or a menu), and
	// so does the check.
	actionsByCtl bool
}

// check runs every step on the desktop that is running, and fails at the
// first step that does not hold.
func (s *shooter) check(d desktop) error {
	if err := signIn(s.cloud); err != nil {
		return err
	}
	if err := s.startTray(); err != nil {
		return err
	}
	if err := s.checkRegistered(); err != nil {
		return err
	}
	if err := s.shoot("1-icon", image.Rect(s.tray.icon.Min.X-200, s.panel.Min.Y, s.panel.Max.X, s.panel.Max.Y)); err != nil {
		return err
	}
	if err := s.checkMenu(); err != nil {
		return err
	}
	if err := s.checkQuickPanel(d); err != nil {
		return err
	}
	if err := s.checkNotification(d); err != nil {
		return err
	}
	return s.quitTray()
}

// checkRegistered reads the StatusNotifierWatcher's list: the panel's
// systray knows the item from there.
func (s *shooter) checkRegistered() error {
	v, err := s.conn.Object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher").
		GetProperty("org.kde.StatusNotifierWatcher.RegisteredStatusNotifierItems")
	if err != nil {
		return fmt.Errorf("read RegisteredStatusNotifierItems: %w", err)
	}
	items, _ := v.Value().([]string)
	// An item registers by its well-known name or by its connection's
	// unique name (fyne.io/systray does the latter), with its path.
	var unique string
	if err := s.conn.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, s.tray.name).Store(&unique); err != nil {
		return fmt.Errorf("the owner of %s: %w", s.tray.name, err)
	}
	for _, it := range items {
		// GNOME's AppIndicator extension lists "service@path".
		service := it
		if i := strings.IndexAny(it, "/@"); i >= 0 {
			service = it[:i]
		}
		if service == s.tray.name || service == unique {
			log.Printf("PASS registered: the watcher lists %q", it)
			return nil
		}
	}
	return fmt.Errorf("the watcher does not list %s: %v", s.tray.name, items)
}

// shoot saves area of the screen as <step>.png.
func (s *shooter) shoot(step string, area image.Rectangle) error {
	img, err := capture()
	if err != nil {
		return err
	}
	return save(img, area, 1, filepath.Join(s.out, step+".png"))
}

// checkMenu right-clicks the icon and waits for the menu to be drawn.
func (s *shooter) checkMenu() error {
	before, err := capture()
	if err != nil {
		return err
	}
	c := s.tray.icon.Min.Add(s.tray.icon.Size().Div(2))
	if err := s.clickAt(c, 3); err != nil {
		return err
	}
	menu, shot, err := waitForChange(before, offPanel(before.Bounds(), s.panel), 10*time.Second)
	if err != nil {
		return fmt.Errorf("the menu did not open on a right click on the icon: %w", err)
	}
	log.Printf("PASS menu: a right click at %v drew %v", c, menu)
	area := menu.Union(s.tray.icon).Union(image.Rect(menu.Min.X, s.panel.Min.Y, s.panel.Max.X, s.panel.Max.Y))
	if err := save(shot, area.Inset(-8), 1, filepath.Join(s.out, "2-menu.png")); err != nil {
		return err
	}
	if err := s.closeMenu(); err != nil {
		return err
	}
	time.Sleep(700 * time.Millisecond)
	return nil
}

// clickAt clicks button (1 left, 3 right) at p: with xdotool on X11, with
// the virtual pointer on Wayland.
func (s *shooter) clickAt(p image.Point, button int) error {
	if s.pointer != nil {
		code := uint32(btnLeft)
		if button == 3 {
			code = btnRight
		}
		return s.pointer.click(p.X, p.Y, code)
	}
	// The pointer rests on the spot before it presses: Plasma's
	// notification (Qt Quick) takes a press that comes with no hover
	// before it for a press elsewhere.
	return xdotool("mousemove", strconv.Itoa(p.X), strconv.Itoa(p.Y), "sleep", "0.3", "click", strconv.Itoa(button))
}

// closeMenu closes the open menu: Escape, and then a click outside it
// for the menus Escape from xdotool does not reach (GNOME Shell's, whose
// keyboard grab is the shell's own; on Wayland the keyboard is nobody's:
// the headless compositor has none), on the empty desktop below the
// middle of the screen.
func (s *shooter) closeMenu() error {
	if s.pointer != nil {
		return s.pointer.click(640, 700, btnLeft)
	}
	if err := xdotool("key", "Escape"); err != nil {
		return err
	}
	time.Sleep(300 * time.Millisecond)
	return s.clickAt(image.Pt(640, 700), 1)
}

// pointAway moves the pointer off the panel, to the middle of the screen.
func (s *shooter) pointAway() error {
	if s.pointer != nil {
		return s.pointer.move(640, 300)
	}
	return xdotool("mousemove", "640", "300")
}

// checkQuickPanel left-clicks the icon, finds the window the tray mapped,
// and wants it within 48 px of the click and out of the taskbar.
func (s *shooter) checkQuickPanel(d desktop) error {
	c := s.tray.icon.Min.Add(s.tray.icon.Size().Div(2))
	pid := s.tray.cmd.Process.Pid
	before, err := capture()
	if err != nil {
		return err
	}
	win, r, err := s.activate(d, c, pid)
	if err != nil {
		return err
	}
	if d.wayland {
		return s.quickPanelOnSway(c, win, r, pid)
	}
	if far := distance(c, r); far > 48 {
		return fmt.Errorf("a left click at %v opened the quick panel at %v, %.0f px from the click (48 at most)", c, r, far)
	}
	state, err := exec.Command("xprop", "-id", win, "_NET_WM_STATE").CombinedOutput()
	if err != nil {
		return fmt.Errorf("xprop _NET_WM_STATE: %w: %s", err, state)
	}
	if !strings.Contains(string(state), "_NET_WM_STATE_SKIP_TASKBAR") {
		return fmt.Errorf("the quick panel would have a taskbar entry: %s", strings.TrimSpace(string(state)))
	}
	log.Printf("PASS quick panel: a left click at %v mapped window %s at %v, %.0f px from the click; %s",
		c, win, r, distance(c, r), strings.TrimSpace(string(state)))
	if d.taskbar {
		if err := s.checkNoTask(before); err != nil {
			return err
		}
	}
	if err := s.shoot("3-quick-panel", image.Rectangle{Max: image.Pt(1280, 800)}); err != nil {
		return err
	}
	if err := xdotool("key", "--window", win, "Escape"); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	hideWindows(pid)
	// Away from the icon: Plasma's tooltip for it would cover the
	// notification's buttons.
	return s.pointAway()
}

// activate clicks the icon at c as the desktop opens the quick panel
// (a left click; GNOME: a double one) and waits for a window of pid's to
// show: its id and, a second later (the tray moves it to the icon just
// after mapping it), where it is.
func (s *shooter) activate(d desktop, c image.Point, pid int) (string, image.Rectangle, error) {
	click := func() error { return s.clickAt(c, 1) }
	if d.doubleClick {
		click = func() error {
			return xdotool("mousemove", strconv.Itoa(c.X), strconv.Itoa(c.Y), "sleep", "0.3", "click", "--repeat", "2", "--delay", "80", "1")
		}
	}
	if err := click(); err != nil {
		return "", image.Rectangle{}, err
	}
	var win string
	var r image.Rectangle
	deadline := time.Now().Add(10 * time.Second)
	for r.Empty() {
		if time.Now().After(deadline) {
			_ = s.shoot("3-no-quick-panel", image.Rectangle{Max: image.Pt(1280, 800)})
			if d.wayland {
				tree, _ := exec.Command("swaymsg", "-t", "get_tree", "-r").CombinedOutput()
				_ = os.WriteFile(filepath.Join(s.out, "sway-tree.json"), tree, 0o644)
			}
			return "", r, errors.New("no window of the tray's showed within 10 s of a left click on the icon; the screen is in 3-no-quick-panel.png")
		}
		time.Sleep(300 * time.Millisecond)
		win, r = s.shownWindow(d, pid)
	}
	time.Sleep(time.Second)
	if _, g := s.shownWindow(d, pid); !g.Empty() {
		r = g
	}
	return win, r, nil
}

// quickPanelOnSway records where sway put the quick panel, a native
// Wayland window there (GLFW picks Wayland when WAYLAND_DISPLAY is set):
// no Wayland program can place its window, so the panel is expected in
// the middle of the screen, which is checked, and there is no
// _NET_WM_STATE to read. Nothing sends Escape (the headless seat has no
// keyboard); sway puts the panel away in its scratchpad.
func (s *shooter) quickPanelOnSway(click image.Point, con string, r image.Rectangle, pid int) error {
	screen := image.Rect(0, 0, 1280, 800)
	off := r.Min.Add(r.Size().Div(2)).Sub(screen.Min.Add(screen.Size().Div(2)))
	if max(off.X, -off.X, off.Y, -off.Y) > 48 {
		return fmt.Errorf("sway showed the quick panel at %v, its centre %v off the screen's; a floating window is centred", r, off)
	}
	log.Printf("PASS quick panel (Wayland): a left click at %v showed window %s at %v, centred (%v off the screen's centre), as sway floats it",
		click, con, r, off)
	if err := s.shoot("3-quick-panel", screen); err != nil {
		return err
	}
	if out, err := exec.Command("swaymsg", fmt.Sprintf("[pid=%d] move scratchpad", pid)).CombinedOutput(); err != nil {
		return fmt.Errorf("swaymsg move scratchpad: %w: %s", err, out)
	}
	time.Sleep(500 * time.Millisecond)
	return s.pointAway()
}

// shownWindow is a window of pid's that shows, wider than 50 px: its id
// and where it is. On X11 xdotool tells; on sway, sway's own tree does.
func (s *shooter) shownWindow(d desktop, pid int) (string, image.Rectangle) {
	if d.wayland {
		return swayWindow(pid)
	}
	var win string
	var r image.Rectangle
	out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--pid", strconv.Itoa(pid)).Output()
	for _, id := range strings.Fields(string(out)) {
		if g, err := windowGeometry(id); err == nil && g.Dx() > 50 {
			win, r = id, g
		}
	}
	return win, r
}

// swayNode is a node of swaymsg -t get_tree: what it needs of one.
type swayNode struct {
	PID     int  `json:"pid"`
	Visible bool `json:"visible"`
	ID      int  `json:"id"`
	Rect    struct {
		X, Y, Width, Height int
	} `json:"rect"`
	Nodes         []swayNode `json:"nodes"`
	FloatingNodes []swayNode `json:"floating_nodes"`
}

// swayWindow finds, in sway's tree, a visible window of pid's wider than
// 50 px: its sway id and where it is.
func swayWindow(pid int) (string, image.Rectangle) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "swaymsg", "-t", "get_tree", "-r").Output()
	if err != nil {
		return "", image.Rectangle{}
	}
	var root swayNode
	if json.Unmarshal(out, &root) != nil {
		return "", image.Rectangle{}
	}
	return findSwayWindow(root, pid)
}

func findSwayWindow(n swayNode, pid int) (string, image.Rectangle) {
	if n.PID == pid && n.Visible && n.Rect.Width > 50 {
		return strconv.Itoa(n.ID), image.Rect(n.Rect.X, n.Rect.Y, n.Rect.X+n.Rect.Width, n.Rect.Y+n.Rect.Height)
	}
	for _, kids := range [][]swayNode{n.Nodes, n.FloatingNodes} {
		for _, k := range kids {
			if id, r := findSwayWindow(k, pid); id != "" {
				return id, r
			}
		}
	}
	return "", image.Rectangle{}
}

// checkNoTask wants the task manager's part of the panel (left of the
// tray's icons) as it was before the quick panel opened: a window that is
// a task would add a button there.
func (s *shooter) checkNoTask(before *image.RGBA) error {
	after, err := capture()
	if err != nil {
		return err
	}
	tasks := image.Rect(s.panel.Min.X, s.panel.Min.Y, s.tray.icon.Min.X-taskbarMargin, s.panel.Max.Y)
	if changed := columnRuns(tasks, func(x, y int) bool { return differs(before, after, x, y) }); len(changed) > 0 {
		if err := save(after, s.panel, 1, filepath.Join(s.out, "3-taskbar.png")); err != nil {
			return err
		}
		return fmt.Errorf("the taskbar changed at %v when the quick panel opened (a task for it?); see 3-taskbar.png", changed)
	}
	log.Printf("PASS no task: the taskbar %v did not change when the quick panel opened", tasks)
	return nil
}

// taskbarMargin keeps the tray's own neighbours (the arrow to hidden
// icons, other icons) out of the task manager's part of the panel.
const taskbarMargin = 80

// distance is how far p is from the nearest point of r (0 inside it).
func distance(p image.Point, r image.Rectangle) float64 {
	dx := max(r.Min.X-p.X, 0, p.X-(r.Max.X-1))
	dy := max(r.Min.Y-p.Y, 0, p.Y-(r.Max.Y-1))
	return math.Hypot(float64(dx), float64(dy))
}

// windowGeometry is where window id is on the screen.
func windowGeometry(id string) (image.Rectangle, error) {
	geo, err := exec.Command("xdotool", "getwindowgeometry", "--shell", id).Output()
	if err != nil {
		return image.Rectangle{}, fmt.Errorf("xdotool getwindowgeometry %s: %w", id, err)
	}
	v := map[string]int{}
	for _, line := range strings.Fields(string(geo)) {
		k, val, _ := strings.Cut(line, "=")
		v[k], _ = strconv.Atoi(val)
	}
	return image.Rect(v["X"], v["Y"], v["X"]+v["WIDTH"], v["Y"]+v["HEIGHT"]), nil
}

// checkNotification has someone else unlock the back door, sees the
// desktop's own server show the tray's notification with a Lock button,
// clicks the button with the pointer and waits for the cloud to see the
// door locked.
func (s *shooter) checkNotification(d desktop) error {
	pid, err := s.notifierPID(d)
	if err != nil {
		return err
	}
	notes, signals, stop, err := watchNotify()
	if err != nil {
		return err
	}
	defer stop()
	before, err := capture()
	if err != nil {
		return err
	}
	s.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	if err := s.refresh(); err != nil {
		return err
	}
	var sent notifyCall
	select {
	case sent = <-notes:
	case <-time.After(10 * time.Second):
		return errors.New("the tray sent no notification within 10 s of the back door's unlocking")
	}
	if !slices.Contains(sent.actionLabels, "Lock") {
		return fmt.Errorf("the notification %q offers %v, no Lock", sent.summary, sent.actionLabels)
	}
	note, shot, err := waitForChange(before, offPanel(before.Bounds(), s.panel), 10*time.Second)
	if err != nil {
		return fmt.Errorf("%s showed no notification: %w", d.notifier, err)
	}
	if d.buttonsOnHover {
		// The banner shows its buttons once the pointer is on it.
		c := note.Min.Add(note.Size().Div(2))
		if err := xdotool("mousemove", strconv.Itoa(c.X), strconv.Itoa(c.Y)); err != nil {
			return err
		}
		if note, shot, err = waitForChange(before, offPanel(before.Bounds(), s.panel), 10*time.Second); err != nil {
			return fmt.Errorf("%s's notification under the pointer: %w", d.notifier, err)
		}
	}
	log.Printf("PASS notification: %s (pid %d) drew %q, sent with the actions %v, at %v", d.notifier, pid, sent.summary, sent.actionLabels, note)
	if err := save(shot, note.Inset(-8), 1, filepath.Join(s.out, "4-notification.png")); err != nil {
		return err
	}
	if d.actionsByCtl {
		return s.invokeLock(d, signals)
	}
	return s.pressLock(d, shot, note, signals)
}

// invokeLock picks the Lock action of the tray's notification as a mako
// user does, with makoctl (from the list makoctl list gives), and waits
// for the fake cloud to have the back door locked.
func (s *shooter) invokeLock(d desktop, signals <-chan string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "makoctl", "list").Output()
	if err != nil {
		return fmt.Errorf("makoctl list: %w", err)
	}
	id, key, err := lockAction(out)
	if err != nil {
		return err
	}
	if out, err := exec.CommandContext(ctx, "makoctl", "invoke", "-n", strconv.FormatUint(uint64(id), 10), key).CombinedOutput(); err != nil {
		return fmt.Errorf("makoctl invoke -n %d %s: %w: %s", id, key, err, out)
	}
	if err := s.waitLocked(); err != nil {
		return fmt.Errorf("makoctl invoke -n %d %s on %s's notification: %w (the server's signals: %v)", id, key, d.notifier, err, drain(signals))
	}
	log.Printf("PASS lock: %s's notification %d offered Lock (action %q); makoctl invoke locked the back door", d.notifier, id, key)
	return nil
}

// lockAction finds, in makoctl list's output, the notification with a
// Lock action: its id and the action's key.
func lockAction(list []byte) (uint32, string, error) {
	var doc struct {
		Data [][]struct {
			ID struct {
				Data uint32 `json:"data"`
			} `json:"id"`
			Actions struct {
				Data map[string]string `json:"data"`
			} `json:"actions"`
		} `json:"data"`
	}
	if err := json.Unmarshal(list, &doc); err != nil {
		return 0, "", fmt.Errorf("read makoctl list: %w", err)
	}
	for _, group := range doc.Data {
		for _, n := range group {
			for key, label := range n.Actions.Data {
				if label == "Lock" {
					return n.ID.Data, key, nil
				}
			}
		}
	}
	return 0, "", fmt.Errorf("no notification with a Lock action in makoctl list: %s", list)
}

// waitLocked waits up to 10 s for the fake cloud to have the back door
// locked.
func (s *shooter) waitLocked() error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s.cloud.State(utectest.BackDoorID)["st.lock/lockState"] == "locked" {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return errors.New("the back door was not locked within 10 s")
}

// notifierPID checks that the desktop's own server holds
// org.freedesktop.Notifications, and returns its process id.
func (s *shooter) notifierPID(d desktop) (int, error) {
	var owner string
	if err := s.conn.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, "org.freedesktop.Notifications").Store(&owner); err != nil {
		return 0, fmt.Errorf("nobody holds org.freedesktop.Notifications: %w", err)
	}
	var pid uint32
	if err := s.conn.BusObject().Call("org.freedesktop.DBus.GetConnectionUnixProcessID", 0, owner).Store(&pid); err != nil {
		return 0, fmt.Errorf("the process of %s: %w", owner, err)
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return 0, err
	}
	// GNOME's is a gjs script, named on its command line.
	cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if got := strings.TrimSpace(string(comm)); got != d.notifier && !bytes.Contains(cmdline, []byte(d.notifier)) {
		return 0, fmt.Errorf("org.freedesktop.Notifications is held by %s (pid %d, %q), not %s", got, pid, bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}), d.notifier)
	}
	return int(pid), nil
}

// pressLock clicks the Lock button with the pointer (found in the
// picture by findButton) and waits for the fake cloud to have the back
// door locked.
func (s *shooter) pressLock(d desktop, shot *image.RGBA, note image.Rectangle, signals <-chan string) error {
	button := findButton(shot, note)
	if button.Empty() {
		return fmt.Errorf("no button in the lower half of %s's notification at %v", d.notifier, note)
	}
	c := button.Min.Add(button.Size().Div(2))
	if err := save(shot, button.Inset(-4), 2, filepath.Join(s.out, "5-lock-button.png")); err != nil {
		return err
	}
	if err := s.clickAt(c, 1); err != nil {
		return err
	}
	log.Printf("clicked at %v", c)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s.cloud.State(utectest.BackDoorID)["st.lock/lockState"] == "locked" {
			log.Printf("PASS lock: a click at %v on the button %v of %s's notification locked the back door", c, button, d.notifier)
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("a click at %v on the button %v of %s's notification did not lock the back door within 10 s (the server's signals since the notification: %v)", c, button, d.notifier, drain(signals))
}

// findButton finds the notification's one button in the picture: inside
// its border, in its lower half, the lowest band of rows tall enough for a
// button that holds pixels unlike its background (lines of text above are
// bands of their own), and in that band the rightmost run at least 20 px
// wide. It is empty when there is none.
func findButton(shot *image.RGBA, note image.Rectangle) image.Rectangle {
	bg := image.Pt(note.Min.X+8, note.Max.Y-6)
	band := image.Rect(note.Min.X+8, note.Min.Y+note.Dy()/2, note.Max.X-8, note.Max.Y-4)
	unlike := func(x, y int) bool { return colourDiffers(shot, bg, image.Pt(x, y)) }
	var row image.Rectangle
	for _, r := range rowRuns(band, unlike) {
		if r.Dy() >= 12 {
			row = image.Rect(band.Min.X, r.Min.Y, band.Max.X, r.Max.Y)
		}
	}
	var button image.Rectangle
	for _, r := range columnRuns(row, unlike) {
		if r.Dx() >= 20 {
			button = r
		}
	}
	return button
}

// rowRuns returns the runs of rows of area (gaps of up to two rows
// bridged) with pixels for which hit holds.
func rowRuns(area image.Rectangle, hit func(x, y int) bool) []image.Rectangle {
	swapped := image.Rect(area.Min.Y, area.Min.X, area.Max.Y, area.Max.X)
	var out []image.Rectangle
	for _, r := range columnRuns(swapped, func(y, x int) bool { return hit(x, y) }) {
		out = append(out, image.Rect(r.Min.Y, r.Min.X, r.Max.Y, r.Max.X))
	}
	return out
}

// colourDiffers tells whether the pixels at a and b differ visibly.
func colourDiffers(img *image.RGBA, a, b image.Point) bool {
	i, j := img.PixOffset(a.X, a.Y), img.PixOffset(b.X, b.Y)
	diff := 0
	for k := range 3 {
		diff += absDiff(img.Pix[i+k], img.Pix[j+k])
	}
	return diff > 24
}

// notifyCall is what the tray asked the notification server to show.
type notifyCall struct {
	summary      string
	actionLabels []string
}

// watchNotify watches the bus for Notify calls, and the server's
// signals (ActionInvoked, NotificationClosed, ActivationToken) in words,
// from a monitor connection of its own (a monitor can send nothing else).
func watchNotify() (<-chan notifyCall, <-chan string, func(), error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, nil, nil, err
	}
	rules := []string{
		"type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
		"type='signal',interface='org.freedesktop.Notifications'",
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.Monitoring.BecomeMonitor", 0, rules, uint32(0)).Err; err != nil {
		conn.Close()
		return nil, nil, nil, fmt.Errorf("become a monitor: %w", err)
	}
	msgs := make(chan *dbus.Message, 16)
	conn.Eavesdrop(msgs)
	calls := make(chan notifyCall, 16)
	signals := make(chan string, 64)
	go func() {
		for m := range msgs {
			if m.Type == dbus.TypeSignal {
				member, _ := m.Headers[dbus.FieldMember].Value().(string)
				select {
				case signals <- fmt.Sprintf("%s %s%v", time.Now().Format("15:04:05.0"), member, m.Body):
				default:
				}
				continue
			}
			if len(m.Body) < 6 {
				continue
			}
			summary, _ := m.Body[3].(string)
			actions, _ := m.Body[5].([]string)
			var labels []string
			for i := 1; i < len(actions); i += 2 {
				labels = append(labels, actions[i])
			}
			calls <- notifyCall{summary: summary, actionLabels: labels}
		}
	}()
	return calls, signals, func() { conn.Close() }, nil
}

// drain is what ch holds now.
func drain(ch <-chan string) []string {
	var out []string
	for {
		select {
		case v := <-ch:
			out = append(out, v)
		default:
			return out
		}
	}
}

// desktops are the desktops -check knows.
var desktops = map[string]desktop{
	"xfce": {name: "xfce", notifier: "xfce4-notifyd"},
	"lxqt": {name: "lxqt", notifier: "lxqt-notificati"},
	"kde":  {name: "kde", notifier: "plasmashell", taskbar: true},
	"sway": {name: "sway", notifier: "mako", wayland: true, actionsByCtl: true},
	// GNOME's top bar is drawn by the shell on its stage, no window of
	// its own: found by its colour (no panelClass).
	"gnome": {name: "gnome", notifier: "org.gnome.Shell.Notifications", barByColour: true, doubleClick: true, buttonsOnHover: true},
}
