// Command panelshots takes the pictures of the tray as a person sees it
// in a real desktop panel: the icon in each state, the open menu, a lock's
// submenu and a notification. scripts/panel-screenshots.sh runs it inside
// a throwaway session (Xvfb, a private session bus, gnome-keyring) with
// Debian's xfce4-panel, whose systray shows StatusNotifierItems, and dunst
// showing the notifications.
//
// It drives the tray binary against the fake cloud (utec/utectest) run
// here, clicks through the menu over D-Bus where a click needs no eyes
// (Refresh now, Quit) and with xdotool where the person's click is the
// point (a right click opens the menu), and captures the screen with ImageMagick's
// import. Where the icon sits is found from the panel, not assumed: the
// panel is captured before the tray starts and after its icon appeared,
// and the icon is the rightmost part that changed (the clock, right of
// it, does not change within the minute, which the capture makes sure
// of).
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/internal/dbustest"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

func main() {
	bin := flag.String("bin", "bin/utec-tray", "the tray binary")
	out := flag.String("out", "docs/screenshots", "folder of the pictures")
	check := flag.String("check", "", "check one desktop (xfce, lxqt) instead of taking the README's pictures")
	language := flag.String("lang", "en", "the tray's language; other than en, only the menu is taken, as menu-LANG-light.png")
	flag.StringVar(&panelClass, "panel-class", panelClass, "the X11 class of the panel's windows")
	flag.Parse()
	log.SetFlags(log.Ltime)
	run := run
	if *check != "" {
		d, ok := desktops[*check]
		if !ok {
			log.Fatalf("panelshots: no desktop %q", *check)
		}
		run = func(bin, out string) error { return runCheck(bin, out, d) }
	}
	if *language != "en" {
		run = func(bin, out string) error { return runLanguage(bin, out, *language) }
	}
	if err := run(*bin, *out); err != nil {
		log.Fatalf("panelshots: %v", err)
	}
}

// shooter holds what every step needs.
type shooter struct {
	bin, out string
	cloud    *utectest.Server
	conn     *dbus.Conn
	env      []string
	panel    image.Rectangle
	tray     *tray
	// labels are the menu's texts in the tray's language, by key: items
	// are found by what they say in it.
	labels  map[string]any
	pointer *virtualPointer // on Wayland; nil on X11, where xdotool clicks
	// lastOffered and lastShown are the icon the tray last offered (a
	// hash of its pixmap) and the panel's pixels where it sits, for
	// telling a panel that did not redraw.
	lastOffered string
	lastShown   []byte
}

// newShooter starts the fake cloud, connects to the session bus and
// finds the panel; done stops what it started.
func newShooter(bin, out string) (s *shooter, done func(), err error) {
	return newShooterIn(bin, out, "en")
}

// newShooterIn is newShooter with the tray in language (en, de, fr, es),
// as a desktop in it starts it: LANG, and LANGUAGE, which outranks a
// LANGUAGE the session may have.
func newShooterIn(bin, out, language string) (s *shooter, done func(), err error) {
	labels, err := i18n.Messages(language)
	if err != nil {
		return nil, nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, nil, err
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, nil, fmt.Errorf("session bus: %w", err)
	}
	// Commands act after a second, as on a real lock.
	cloud := utectest.New(utectest.WithCommandDelay(time.Second))
	cfgDir, err := os.MkdirTemp("", "panelshots-")
	if err != nil {
		cloud.Close()
		conn.Close()
		return nil, nil, err
	}
	s = &shooter{bin: bin, out: out, cloud: cloud, conn: conn, labels: labels}
	s.env = append(os.Environ(),
		"LANG="+locales[language], "LANGUAGE="+language, "LC_ALL=",
		"UTEC_TRAY_CONFIG_DIR="+cfgDir,
		"UTEC_CLIENT_ID="+utectest.ClientID,
		"UTEC_CLIENT_SECRET="+utectest.ClientSecret,
		"UTEC_OAUTH_URL="+cloud.URL(),
		"UTEC_API_URL="+cloud.URL(),
		"UTEC_REDIRECT_PORT=0",
	)
	done = func() {
		if s.tray != nil {
			s.tray.kill()
		}
		os.RemoveAll(cfgDir)
		cloud.Close()
		conn.Close()
	}
	if s.panel, err = findPanel(); err != nil {
		done()
		return nil, nil, err
	}
	log.Printf("the panel is at %v", s.panel)
	return s, done, nil
}

// runCheck checks one desktop (desktop.go).
func runCheck(bin, out string, d desktop) error {
	if d.wayland {
		grabber = []string{"grim", "-"}
	}
	if d.wayland || d.barByColour {
		panelClass = ""
	}
	s, done, err := newShooter(bin, out)
	if err != nil {
		return err
	}
	defer done()
	if d.wayland {
		// Made before the tray starts: the bar learns that the seat
		// has a pointer now, and binds it.
		if s.pointer, err = newVirtualPointer(1280, 800); err != nil {
			return err
		}
		defer s.pointer.close()
	}
	return s.check(d)
}

func run(bin, out string) error {
	s, done, err := newShooter(bin, out)
	if err != nil {
		return err
	}
	defer done()
	cloud := s.cloud

	// Signed out: a fresh start with nothing in the keyring.
	if err := s.startTray(); err != nil {
		return err
	}
	if err := s.iconShot("tray-icon-5-signed-out"); err != nil {
		return err
	}
	if err := s.quitTray(); err != nil {
		return err
	}

	// Signed in, in a home where everything is fine.
	if err := signIn(cloud); err != nil {
		return err
	}
	// Every picture is taken after a change of state, so that each shows
	// an icon the tray set for it: the first one after a start can be
	// lost on the way to the panel (seen once in a few runs).
	if err := s.startTray(); err != nil {
		return err
	}
	states := []struct {
		name   string
		change func()
	}{
		{"tray-icon-1-all-locked", func() { cloud.SetOnline(utectest.GarageID, true) }},
		{"tray-icon-2-unlocked", func() { cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked") }},
		{"tray-icon-3-unlocked-problem", func() { cloud.SetOnline(utectest.GarageID, false) }},
		{"tray-icon-4-locked-problem", func() { cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "locked") }},
	}
	for _, st := range states {
		st.change()
		if err := s.refresh(); err != nil {
			return err
		}
		if err := s.iconShot(st.name); err != nil {
			return err
		}
	}

	// The menu and a lock's submenu, with something to see in them.
	cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	if err := s.refresh(); err != nil {
		return err
	}
	if err := s.menuShots("tray-menu.png", "tray-submenu.png"); err != nil {
		return err
	}

	// Someone else unlocks the back door.
	_ = exec.Command("dunstctl", "close-all").Run()
	time.Sleep(500 * time.Millisecond)
	before, err := capture()
	if err != nil {
		return err
	}
	cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	if err := s.refresh(); err != nil {
		return err
	}
	note, shot, err := waitForChange(before, offPanel(before.Bounds(), s.panel), 10*time.Second)
	if err != nil {
		return fmt.Errorf("no notification showed: %w", err)
	}
	area := note.Union(s.tray.icon).Union(image.Rect(note.Min.X, s.panel.Min.Y, s.panel.Max.X, s.panel.Max.Y))
	area.Min.X = min(area.Min.X, s.tray.icon.Min.X-100)
	if err := save(shot, area.Inset(-8), 1, filepath.Join(out, "tray-notification.png")); err != nil {
		return err
	}
	return s.quitTray()
}

// signIn signs in as the command line does, so that the tray finds the
// sign-in in the keyring.
func signIn(cloud *utectest.Server) error {
	sess := &session.Session{
		Service: config.Service{ClientID: utectest.ClientID, OAuthURL: cloud.URL(), APIURL: cloud.URL()},
		Secrets: tokenstore.New(tokenstore.Options{}),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := sess.SignIn(ctx, session.SignInOptions{ClientSecret: utectest.ClientSecret, OpenURL: utectest.Browser})
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	return nil
}

// tray is a running tray app.
type tray struct {
	cmd  *exec.Cmd
	done chan struct{}
	name string          // its StatusNotifierItem's bus name
	icon image.Rectangle // where its icon is on the screen
}

func (t *tray) kill() {
	_ = t.cmd.Process.Kill()
	<-t.done
}

// startTray starts the tray app and finds its icon in the panel. The
// panel is captured before and after, within one minute, so that the
// clock does not count as a change.
func (s *shooter) startTray() error {
	for attempt := 1; ; attempt++ {
		if left := time.Minute - time.Duration(time.Now().Second())*time.Second; left < 20*time.Second {
			time.Sleep(left + time.Second)
		}
		minute := time.Now().Truncate(time.Minute)
		before, err := capture()
		if err != nil {
			return err
		}
		t := &tray{cmd: exec.Command(s.bin), done: make(chan struct{})}
		t.cmd.Env = s.env
		t.cmd.Stdout, t.cmd.Stderr = os.Stderr, os.Stderr
		if err := t.cmd.Start(); err != nil {
			return err
		}
		go func() { _ = t.cmd.Wait(); close(t.done) }()
		s.tray = t
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		t.name, err = dbustest.FindTrayItemOf(ctx, s.conn, t.cmd.Process.Pid)
		cancel()
		if err != nil {
			return fmt.Errorf("the tray app registered no tray item: %w", err)
		}
		// Let the first poll (or the sign-in check) settle the icon, and
		// move the wizard, if it opened, out of the way.
		time.Sleep(3 * time.Second)
		hideWindows(t.cmd.Process.Pid)
		time.Sleep(time.Second)
		after, err := capture()
		if err != nil {
			return err
		}
		if !time.Now().Truncate(time.Minute).Equal(minute) {
			if attempt < 3 {
				log.Print("the clock turned a minute while finding the icon; again")
				if err := s.quitTray(); err != nil {
					return err
				}
				continue
			}
			return errors.New("the clock kept turning while finding the icon")
		}
		offered, _ := dbustest.IconPixmap(s.conn, t.name)
		if t.icon, err = findIcon(before, after, s.panel, offered); err != nil {
			return err
		}
		log.Printf("the tray icon is at %v (the panel changed at %v)", t.icon, changedRuns(before, after, s.panel))
		s.lastOffered, s.lastShown = "", nil
		return nil
	}
}

// quitTray clicks Quit in the tray menu and waits for the app to end. A
// click can miss when the menu is rebuilt between reading its layout and
// clicking (the app says "no menu item with ID"): it is tried three times.
func (s *shooter) quitTray() error {
	t := s.tray
	defer func() { s.tray = nil }()
	for range 3 {
		s.tray = t
		if err := s.clickItem("menu.quit"); err != nil {
			t.kill()
			return err
		}
		select {
		case <-t.done:
			return nil
		case <-time.After(4 * time.Second):
			log.Print("the tray app has not quit 4 s after Quit; again")
		}
	}
	t.kill()
	return errors.New("the tray app did not quit on three clicks on Quit")
}

// clickItem clicks the top-level menu item that says the translation key
// says (menu.quit, menu.refresh) in the tray's language, over D-Bus.
func (s *shooter) clickItem(key string) error {
	label, ok := s.labels[key].(string)
	if !ok {
		return fmt.Errorf("no text for %q in the translations", key)
	}
	name := s.tray.name
	root, err := dbustest.Layout(s.conn, name)
	if err != nil {
		return err
	}
	for _, it := range root.Children {
		if it.Label == label {
			return dbustest.Click(s.conn, name, it.ID)
		}
	}
	return fmt.Errorf("no menu item %q (%s) in\n%s", label, key, root)
}

// refresh has the tray ask the cloud now, and gives the panel time to
// show the answer.
func (s *shooter) refresh() error {
	queries := s.cloud.Stats().Calls["Uhome.Device/Query"]
	if err := s.clickItem("menu.refresh"); err != nil {
		return err
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.cloud.Stats().Calls["Uhome.Device/Query"] == queries {
		if time.Now().After(deadline) {
			return errors.New("the tray did not poll within 10 s of Refresh now")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	return nil
}

// iconShot saves the panel around the icon, with the clock, at twice the
// size. It fails when the tray offered a new icon that the panel does not
// show.
func (s *shooter) iconShot(name string) error {
	offered := s.offeredIcon()
	var img *image.RGBA
	var shown []byte
	for range 20 {
		var err error
		if img, err = capture(); err != nil {
			return err
		}
		shown = pixels(img, s.tray.icon)
		if offered == s.lastOffered || !bytes.Equal(shown, s.lastShown) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if offered != s.lastOffered && bytes.Equal(shown, s.lastShown) {
		return fmt.Errorf("%s: the tray offers a new icon (%s, was %s) but the panel still shows the old one after 5 s", name, offered, s.lastOffered)
	}
	s.lastOffered, s.lastShown = offered, shown
	area := image.Rect(s.tray.icon.Min.X-100, s.panel.Min.Y, s.panel.Max.X, s.panel.Max.Y)
	root, _ := dbustest.Layout(s.conn, s.tray.name)
	first := ""
	if len(root.Children) > 0 {
		first = root.Children[0].Label
	}
	tip, _ := dbustest.ReadToolTip(s.conn, s.tray.name)
	log.Printf("%s: the menu's first line reads %q, the tooltip %q, the icon offered is %s", name, first, tip.Title, offered)
	return save(img, area, 2, filepath.Join(s.out, name+".png"))
}

// offeredIcon is a short hash of the icon the tray offers over D-Bus.
func (s *shooter) offeredIcon() string {
	px, err := dbustest.IconPixmap(s.conn, s.tray.name)
	if err != nil || len(px) == 0 {
		return "unreadable"
	}
	sum := sha256.Sum256(px[0].Data)
	return hex.EncodeToString(sum[:4])
}

// pixels copies the pixels of area.
func pixels(img *image.RGBA, area image.Rectangle) []byte {
	var out []byte
	for y := area.Min.Y; y < area.Max.Y; y++ {
		out = append(out, img.Pix[img.PixOffset(area.Min.X, y):img.PixOffset(area.Max.X, y)]...)
	}
	return out
}

// menuShots opens the menu with a right click on the icon, as a person
// does, then a lock's submenu with the keyboard, into the files named
// (no submenu for "").
func (s *shooter) menuShots(menuFile, submenuFile string) error {
	_ = exec.Command("dunstctl", "close-all").Run()
	time.Sleep(500 * time.Millisecond)
	before, err := capture()
	if err != nil {
		return err
	}
	c := s.tray.icon.Min.Add(s.tray.icon.Size().Div(2))
	screen := before.Bounds()
	below := offPanel(screen, s.panel)

	// A right click opens the menu (a left click opens the quick panel).
	if err := xdotool("mousemove", strconv.Itoa(c.X), strconv.Itoa(c.Y), "click", "3"); err != nil {
		return err
	}
	menu, shot, err := waitForChange(before, below, 10*time.Second)
	if err != nil {
		return fmt.Errorf("the menu did not open on a right click on the icon: %w", err)
	}
	area := menu.Union(s.tray.icon).Union(image.Rect(menu.Min.X, s.panel.Min.Y, s.panel.Max.X, s.panel.Max.Y))
	if err := save(shot, area.Inset(-8), 1, filepath.Join(s.out, menuFile)); err != nil {
		return err
	}
	if submenuFile == "" {
		return escapeMenus(screen)
	}

	// The keyboard walks the items a person can pick (not the summary
	// line, not separators) down to the first lock with a submenu.
	root, err := dbustest.Layout(s.conn, s.tray.name)
	if err != nil {
		return err
	}
	downs := 0
	found := false
	for _, it := range root.Children {
		if kind, ok := it.Props["type"]; !it.Visible || !it.Enabled || ok && kind.Value() == "separator" {
			continue
		}
		downs++
		if len(it.Children) > 0 && strings.Contains(it.Label, "Front Door") {
			found = true
			break
		}
	}
	if !found {
		return fmt.Errorf("no Front Door submenu in\n%s", root)
	}
	keys := []string{"key", "--delay", "120"}
	for range downs {
		keys = append(keys, "Down")
	}
	if err := xdotool(append(keys, "Right")...); err != nil {
		return err
	}
	sub, shot, err := waitForChange(shot, below, 10*time.Second)
	if err != nil {
		return fmt.Errorf("the Front Door submenu did not open: %w", err)
	}
	area = area.Union(sub)
	if err := save(shot, area.Inset(-8), 1, filepath.Join(s.out, submenuFile)); err != nil {
		return err
	}
	return escapeMenus(screen)
}

// escapeMenus closes the open menu (and submenu) with the keyboard, as the
// pictures in xfce4-panel do, and moves the pointer off
// the panel.
func escapeMenus(screen image.Rectangle) error {
	if err := xdotool("key", "--delay", "120", "Escape", "Escape"); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	return xdotool("mousemove", strconv.Itoa(screen.Dx()/2), strconv.Itoa(screen.Dy()/2))
}

// locales are the LANG a desktop in each language sets.
var locales = map[string]string{"en": "en_US.UTF-8", "de": "de_DE.UTF-8", "fr": "fr_FR.UTF-8", "es": "es_ES.UTF-8"}

// runLanguage takes the menu in another language, with what the README's
// English picture shows: signed in, the front door unlocked.
func runLanguage(bin, out, language string) error {
	if _, ok := locales[language]; !ok {
		return fmt.Errorf("no language %q", language)
	}
	s, done, err := newShooterIn(bin, out, language)
	if err != nil {
		return err
	}
	defer done()
	if err := signIn(s.cloud); err != nil {
		return err
	}
	if err := s.startTray(); err != nil {
		return err
	}
	s.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	if err := s.refresh(); err != nil {
		return err
	}
	if err := s.menuShots("menu-"+language+"-light.png", ""); err != nil {
		return err
	}
	return s.quitTray()
}

// findPanel waits for the panel's bar at the top or the bottom of the
// screen to be drawn and returns where it is.
func findPanel() (image.Rectangle, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		img, err := capture()
		var r image.Rectangle
		if err == nil {
			if r, err = findBar(img); err == nil {
				if !uniform(img, r) {
					// Drawn; its plugins may still be arriving
					// (Plasma's keyboard layout, a second or two later).
					return r, settle(img, r, deadline)
				}
				err = errors.New("the panel is not drawn yet")
			}
		}
		if time.Now().After(deadline) {
			return image.Rectangle{}, fmt.Errorf("no %s at the top or bottom of the screen within 30 s: %w", panelClass, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// settle waits until the panel's pixels have held still for two seconds
// (the clock turning a minute counts as a change; so be it).
func settle(last *image.RGBA, panel image.Rectangle, deadline time.Time) error {
	still := time.Now()
	for time.Since(still) < 2*time.Second {
		if time.Now().After(deadline) {
			return errors.New("the panel kept changing for 30 s")
		}
		time.Sleep(500 * time.Millisecond)
		img, err := capture()
		if err != nil {
			return err
		}
		if !bytes.Equal(pixels(img, panel), pixels(last, panel)) {
			still = time.Now()
		}
		last = img
	}
	return nil
}

// panelClass is the X11 class of the panel's windows; none for a bar
// that is not an X11 window (waybar), found by its colour instead.
var panelClass = "xfce4-panel"

// findBar finds the panel's bar: its X11 window, or with no panelClass
// the rows from the top of img that have the colour of its top left
// pixel (waybar's background, set apart from sway's by
// scripts/desktops/waybar.css).
func findBar(img *image.RGBA) (image.Rectangle, error) {
	if panelClass != "" {
		return panelWindow(img.Bounds())
	}
	b := img.Bounds()
	top := img.RGBAAt(b.Min.X+2, b.Min.Y)
	y := b.Min.Y
	for y < b.Max.Y && img.RGBAAt(b.Min.X+2, y) == top {
		y++
	}
	r := image.Rect(b.Min.X, b.Min.Y, b.Max.X, y)
	if !isBar(r, b) {
		return image.Rectangle{}, fmt.Errorf("no bar at the top of the screen (rows of one colour: %v)", r)
	}
	return r, nil
}

// panelWindow is the widest of the panel's windows that lies along the
// top or the bottom edge of screen: Xfce and LXQt (as configured here)
// keep their bar at the top, Plasma at the bottom. plasmashell's desktop
// window, as large as the screen, is not a bar.
func panelWindow(screen image.Rectangle) (image.Rectangle, error) {
	out, err := exec.Command("xdotool", "search", "--onlyvisible", "--class", panelClass).Output()
	if err != nil {
		return image.Rectangle{}, fmt.Errorf("xdotool search: %w", err)
	}
	var best image.Rectangle
	for _, id := range strings.Fields(string(out)) {
		r, err := windowGeometry(id)
		if err != nil {
			continue
		}
		if isBar(r, screen) && r.Dx() > best.Dx() {
			best = r
		}
	}
	if best.Empty() {
		return best, errors.New("no panel window along the top or bottom edge")
	}
	return best, nil
}

// isBar tells whether r is a panel bar of screen: along its top or
// bottom edge, at least 16 px and at most a quarter of the screen tall.
func isBar(r, screen image.Rectangle) bool {
	atEdge := r.Min.Y == screen.Min.Y || r.Max.Y == screen.Max.Y
	return atEdge && r.Dy() >= 16 && r.Dy() <= screen.Dy()/4
}

// offPanel is the part of screen where menus and notifications show: the
// rows below a bar at the top, or above a bar at the bottom.
func offPanel(screen, panel image.Rectangle) image.Rectangle {
	if panel.Min.Y > screen.Min.Y {
		return image.Rect(screen.Min.X, screen.Min.Y, screen.Max.X, panel.Min.Y)
	}
	return image.Rect(screen.Min.X, panel.Max.Y, screen.Max.X, screen.Max.Y)
}

// findIcon finds the tray's icon in the panel among the runs of panel
// columns that changed when it appeared (items left of the systray move
// to make room for it, and a redrawn clock can change a few pixels): in
// each run, the columns that hold a picture rather than a flat
// background. Of those pictures, it is the one most like the icon the
// tray offers (likeness.go) when the tray's pixmap could be read, and
// the rightmost one otherwise.
func findIcon(before, after *image.RGBA, panel image.Rectangle, offered []dbustest.Pixmap) (image.Rectangle, error) {
	changed := changedRuns(before, after, panel)
	var candidates, pictures []image.Rectangle
	for _, r := range changed {
		if r.Dx() < 8 {
			continue
		}
		area := image.Rect(r.Min.X, panel.Min.Y, r.Max.X, panel.Max.Y)
		// A flat column has one colour from top to bottom.
		for _, p := range columnRuns(area, func(x, y int) bool { return after.RGBAAt(x, y) != after.RGBAAt(x, panel.Min.Y) }) {
			pictures = append(pictures, p)
			if p.Dx() >= 8 && p.Dx() <= 2*panel.Dy() {
				candidates = append(candidates, p)
			}
		}
	}
	if len(candidates) == 0 {
		return image.Rectangle{}, fmt.Errorf("no icon-sized picture appeared in the panel when the tray started (changes: %v, pictures: %v): is its systray showing StatusNotifierItems?", changed, pictures)
	}
	if want, ok := pixmapMean(offered); ok {
		if icon, ok := mostAlike(after, candidates, want); ok {
			return icon, nil
		}
	}
	return candidates[len(candidates)-1], nil
}

// changedRuns are the runs of columns of area that differ between before
// and after.
func changedRuns(before, after *image.RGBA, area image.Rectangle) []image.Rectangle {
	return columnRuns(area, func(x, y int) bool { return differs(before, after, x, y) })
}

// columnRuns returns the runs of columns of area (gaps of up to two
// columns bridged) with pixels for which hit holds, each with the rows
// those pixels span.
func columnRuns(area image.Rectangle, hit func(x, y int) bool) []image.Rectangle {
	var runs []image.Rectangle
	var cur image.Rectangle
	gap := 0
	for x := area.Min.X; x < area.Max.X; x++ {
		col := image.Rectangle{}
		for y := area.Min.Y; y < area.Max.Y; y++ {
			if hit(x, y) {
				col = col.Union(image.Rect(x, y, x+1, y+1))
			}
		}
		switch {
		case !col.Empty():
			cur, gap = cur.Union(col), 0
		case !cur.Empty():
			if gap++; gap > 2 {
				runs = append(runs, cur)
				cur = image.Rectangle{}
			}
		}
	}
	if !cur.Empty() {
		runs = append(runs, cur)
	}
	return runs
}

func differs(a, b *image.RGBA, x, y int) bool {
	i, j := a.PixOffset(x, y), b.PixOffset(x, y)
	d := 0
	for k := range 3 {
		d += absDiff(a.Pix[i+k], b.Pix[j+k])
	}
	return d > 24
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func uniform(img *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y) != img.RGBAAt(r.Min.X, r.Min.Y) {
				return false
			}
		}
	}
	return true
}

// waitForChange captures the screen until the area differs from before
// and then holds still, and returns the bounds of the change and the
// last capture.
func waitForChange(before *image.RGBA, area image.Rectangle, d time.Duration) (image.Rectangle, *image.RGBA, error) {
	deadline := time.Now().Add(d)
	var last image.Rectangle
	for {
		time.Sleep(300 * time.Millisecond)
		img, err := capture()
		if err != nil {
			return image.Rectangle{}, nil, err
		}
		var changed image.Rectangle
		for y := area.Min.Y; y < area.Max.Y; y++ {
			for x := area.Min.X; x < area.Max.X; x++ {
				if differs(before, img, x, y) {
					changed = changed.Union(image.Rect(x, y, x+1, y+1))
				}
			}
		}
		if !changed.Empty() && changed == last {
			return changed, img, nil
		}
		last = changed
		if time.Now().After(deadline) {
			return image.Rectangle{}, nil, fmt.Errorf("nothing changed in %v within %v", area, d)
		}
	}
}

// hideWindows unmaps the app's windows (the wizard at a signed-out start):
// with no window manager they would sit over the panel.
func hideWindows(pid int) {
	out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--pid", strconv.Itoa(pid)).Output()
	for _, id := range strings.Fields(string(out)) {
		_ = exec.Command("xdotool", "windowunmap", id).Run()
	}
}

func xdotool(args ...string) error {
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("xdotool %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

// grabber is the command that writes the whole screen as a PNG to its
// standard output: ImageMagick's import on X11, grim on wlroots.
var grabber = []string{"import", "-window", "root", "png:-"}

// capture takes the whole screen with the grabber.
func capture() (*image.RGBA, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, grabber[0], grabber[1:]...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("import -window root: %w: %s", err, stderr.String())
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		return nil, fmt.Errorf("decode the screen: %w", err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba, nil
}

// save writes area of img, scaled by a whole factor (nearest neighbour,
// so that the panel's pixels stay sharp), as a PNG.
func save(img *image.RGBA, area image.Rectangle, scale int, path string) error {
	area = area.Intersect(img.Bounds())
	dst := image.NewRGBA(image.Rect(0, 0, area.Dx()*scale, area.Dy()*scale))
	for y := range dst.Bounds().Dy() {
		for x := range dst.Bounds().Dx() {
			dst.SetRGBA(x, y, img.RGBAAt(area.Min.X+x/scale, area.Min.Y+y/scale))
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, dst); err != nil {
		f.Close()
		return err
	}
	log.Printf("wrote %s (%dx%d)", path, dst.Bounds().Dx(), dst.Bounds().Dy())
	return f.Close()
}
