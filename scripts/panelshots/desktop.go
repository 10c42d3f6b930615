package main

// The desktop check (-check NAME): what make test-desktops proves on one
// real desktop's panel and notification server, with a picture of each
// step in -out. scripts/test-desktops.sh starts the desktop's parts.

import (
	"context"
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
	notifier string // the notification server's process name (/proc/PID/comm)
	// taskbar: the panel has a task manager that shows windows as tasks
	// (Plasma's; Xfce's and LXQt's list nothing without a window manager),
	// so the quick panel's absence from it is checked in its pixels too.
	taskbar bool
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
		service, _, _ := strings.Cut(it, "/")
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
	if err := xdotool("mousemove", strconv.Itoa(c.X), strconv.Itoa(c.Y), "click", "3"); err != nil {
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
	if err := xdotool("key", "Escape"); err != nil {
		return err
	}
	time.Sleep(700 * time.Millisecond)
	return nil
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
	if err := xdotool("mousemove", strconv.Itoa(c.X), strconv.Itoa(c.Y), "click", "1"); err != nil {
		return err
	}
	var win string
	var r image.Rectangle
	deadline := time.Now().Add(10 * time.Second)
	for r.Empty() {
		if time.Now().After(deadline) {
			return errors.New("no window of the tray's showed within 10 s of a left click on the icon")
		}
		time.Sleep(300 * time.Millisecond)
		out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--pid", strconv.Itoa(pid)).Output()
		for _, id := range strings.Fields(string(out)) {
			if g, err := windowGeometry(id); err == nil && g.Dx() > 50 {
				win, r = id, g
			}
		}
	}
	// The tray moves the panel to the icon just after mapping it.
	time.Sleep(time.Second)
	if g, err := windowGeometry(win); err == nil {
		r = g
	}
	if d := distance(c, r); d > 48 {
		return fmt.Errorf("a left click at %v opened the quick panel at %v, %.0f px from the click (48 at most)", c, r, d)
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
	return xdotool("mousemove", "640", "300")
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
	log.Printf("PASS notification: %s (pid %d) drew %q with buttons %v at %v", d.notifier, pid, sent.summary, sent.actionLabels, note)
	if err := save(shot, note.Inset(-8), 1, filepath.Join(s.out, "4-notification.png")); err != nil {
		return err
	}
	return s.pressLock(d, shot, note, signals)
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
	if got := strings.TrimSpace(string(comm)); got != d.notifier {
		return 0, fmt.Errorf("org.freedesktop.Notifications is held by %s (pid %d), not %s", got, pid, d.notifier)
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
	// The pointer rests on the button before it presses: Plasma's
	// notification (Qt Quick) takes a press that comes with no hover
	// before it for a press elsewhere.
	if err := xdotool("mousemove", strconv.Itoa(c.X), strconv.Itoa(c.Y), "sleep", "0.5", "click", "1"); err != nil {
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
}
