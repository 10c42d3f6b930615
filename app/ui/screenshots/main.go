// Command screenshots renders the quick panel, every wizard step and settings tab with the
// real Fyne driver and saves them as PNG files, for the README and for a
// person to look at. Run it under an X server (make screenshots starts
// Xvfb); FYNE_THEME=light or dark picks the theme.
//
//	go run ./app/ui/screenshots -out docs/screenshots
package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/utec-tray/utec-tray/app/i18n"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/demo"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/platform/hotkey"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/app/shortcuts"
	"github.com/utec-tray/utec-tray/app/ui/apptheme"
	"github.com/utec-tray/utec-tray/app/ui/codes"
	"github.com/utec-tray/utec-tray/app/ui/panel"
	"github.com/utec-tray/utec-tray/app/ui/settingsui"
	"github.com/utec-tray/utec-tray/app/ui/widgets"
	"github.com/utec-tray/utec-tray/app/ui/wizard"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

func main() {
	out := flag.String("out", "docs/screenshots", "folder for the PNG files")
	flag.Parse()
	variant := os.Getenv("FYNE_THEME")
	if variant == "" {
		variant = "light"
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// In the system's language, as the app itself starts: LANG=de_DE.UTF-8
	// gives the German pictures.
	if err := i18n.Load(i18n.System); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dm, err := demo.Start(slog.New(slog.DiscardHandler))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer dm.Close()
	sess := &session.Session{Service: dm.Settings.Service, Secrets: dm.Secrets}
	_ = dm.Secrets.Clear()

	a := app.NewWithID("io.github.utec_tray.utec_tray.screenshots")
	a.Settings().SetTheme(apptheme.New())
	failed := false
	go func() {
		defer fyne.Do(a.Quit)
		if err := shoot(a, dm, sess, *out, variant); err != nil {
			fmt.Fprintln(os.Stderr, "screenshots:", err)
			failed = true
		}
	}()
	a.Run()
	if failed {
		os.Exit(1)
	}
}

// shoot walks the quick panel, the unlock question, the wizard and the
// settings window, saving a picture of each step and tab.
func shoot(a fyne.App, dm *demo.Demo, sess *session.Session, out, variant string) error {
	ui := func(f func()) { fyne.DoAndWait(f) }
	// The GL canvas reads back black under Xvfb's software GL, so the
	// picture is taken from the X server, as a person would see it.
	save := func(w fyne.Window, name string) error {
		time.Sleep(900 * time.Millisecond) // let the window paint
		path := filepath.Join(out, fmt.Sprintf("%s-%s.png", name, variant))
		var title string
		ui(func() { title = w.Title() })
		// By id where xdotool finds one: import matches a title byte for
		// byte against WM_NAME, which misses titles beyond ASCII.
		target := title
		if id, err := exec.Command("xdotool", "search", "--name", titlePattern(title)).Output(); err == nil {
			if f := strings.Fields(string(id)); len(f) > 0 {
				target = f[0]
			}
		}
		if msg, err := exec.Command("import", "-window", target, path).CombinedOutput(); err != nil {
			return fmt.Errorf("capture %q: %v: %s", title, err, msg)
		}
		fmt.Println("wrote", path)
		return nil
	}
	if err := shootPanel(a, ui, save); err != nil {
		return err
	}
	var confirm fyne.Window
	ui(func() {
		// The app's own question, in the language loaded.
		q, _ := devices.Ask(&utec.Device{Name: "Front Door", Category: "SmartLock"}, &utec.Status{Lock: utec.LockLocked}, devices.Action{Verb: devices.Unlock})
		confirm = widgets.NewConfirm(a, q.Title, widgets.WrapText(q.Message, 64), q.OK, func() {})
		confirm.Show()
	})
	if err := save(confirm, "confirm-unlock"); err != nil {
		return err
	}
	ui(confirm.Close)
	if err := shootWizard(a, dm, sess, ui, save); err != nil {
		return err
	}
	if err := shootSettings(a, dm, sess, ui, save); err != nil {
		return err
	}
	return shootCodes(a, sess, ui, save)
}

// shootCodes saves the Front Door's guest codes window with the demo's
// codes on the lock and another just given, shown once.
func shootCodes(a fyne.App, sess *session.Session, ui func(func()), save func(fyne.Window, string) error) error {
	client, err := sess.Client()
	if err != nil {
		return err
	}
	ctx := context.Background()
	ds, err := client.Devices(ctx)
	if err != nil {
		return err
	}
	var door utec.Device
	for _, d := range ds {
		if d.ID == utectest.FrontDoorID {
			door = d
		}
	}
	var w *codes.Window
	ui(func() {
		w = codes.New(a, codes.Deps{Lock: door, List: client.LockUsers,
			Add: func(ctx context.Context, lock utec.Device, u utec.NewLockUser) (utec.LockUser, error) {
				return client.AddLockUser(ctx, lock, u, 10*time.Second)
			},
			Delete: func(ctx context.Context, lock utec.Device, u utec.LockUser) error {
				return client.DeleteLockUser(ctx, lock, u.ID)
			},
			Confirm: func(string, string, string, func()) {}, Copy: func(string) {}})
		w.Window.Show()
	})
	if !waitFor(ui, func() bool { return len(w.Codes.Objects) == 2 }) {
		return fmt.Errorf("codes: the list did not come")
	}
	ui(func() {
		w.Name.SetText("Dog walker")
		test.Tap(w.Give)
	})
	if !waitFor(ui, func() bool { return w.Given.Text != "" }) {
		return fmt.Errorf("codes: the code was not given")
	}
	return save(w.Window, "codes-window")
}

// titlePattern is a regular expression xdotool finds a window by: its
// title's ASCII letters as they are, any other (the "–" of a German or
// French title) as any bytes, since WM_NAME may hold them in another
// encoding.
func titlePattern(title string) string {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range title {
		if r < 0x80 {
			b.WriteString(regexp.QuoteMeta(string(r)))
		} else {
			b.WriteString(".*")
		}
	}
	b.WriteString("$")
	return b.String()
}

// shootWizard walks the wizard against the demo cloud, step by step.
func shootWizard(a fyne.App, dm *demo.Demo, sess *session.Session, ui func(func()), save func(fyne.Window, string) error) error {
	var wz *wizard.Wizard
	ui(func() {
		wz = wizard.New(a, wizard.Deps{
			RedirectURI: "http://127.0.0.1:9501/callback",
			SaveCredentials: func(id, secret string) error {
				st := sess.CurrentService()
				st.ClientID = id
				sess.UpdateService(st)
				return dm.Secrets.SaveClientSecret(secret)
			},
			SignIn: func(ctx context.Context) (*utec.User, error) {
				return sess.SignIn(ctx, session.SignInOptions{OpenURL: dm.Browser})
			},
			Devices:     sess.Devices,
			SaveDevices: func(hidden, order []string) error { return nil },
			// The last step as on a desktop with logind and a screensaver.
			Guard: &wizard.GuardChoices{
				Availability: func() sessionwatch.Availability {
					return sessionwatch.Availability{Known: true, Sleep: true, ScreenLock: true}
				},
				Save: func(sleep, screen []string) {},
			},
			SetStartAtLogin: func(bool) {},
		})
		wz.Window.Show()
	})
	steps := []struct {
		name string
		act  func()
		wait func() bool
	}{
		{"wizard-1-welcome", nil, nil},
		{"wizard-2-credentials", func() {
			test.Tap(wz.Next)
			wz.ClientID.SetText(dm.Settings.ClientID)
			wz.Secret.SetText("demo-client-secret")
		}, nil},
		{"wizard-3-sign-in", func() { test.Tap(wz.Next) }, func() bool { return wz.Step() == wizard.StepSignIn }},
		{"wizard-3-signed-in", func() { test.Tap(wz.SignInBtn) }, func() bool { return !wz.Next.Disabled() }},
		{"wizard-4-devices", func() { test.Tap(wz.Next) }, func() bool { return len(wz.DeviceList.Objects) > 0 }},
		{"wizard-5-done", func() { test.Tap(wz.Next) }, func() bool { return wz.Step() == wizard.StepDone }},
	}
	for _, s := range steps {
		if s.act != nil {
			ui(s.act)
		}
		if s.wait != nil && !waitFor(ui, s.wait) {
			return fmt.Errorf("%s: the wizard did not get there", s.name)
		}
		if err := save(wz.Window, s.name); err != nil {
			return err
		}
	}
	ui(wz.Window.Close)
	return nil
}

// shootSettings saves each tab of the settings window, signed in to the
// demo cloud.
func shootSettings(a fyne.App, dm *demo.Demo, sess *session.Session, ui func(func()), save func(fyne.Window, string) error) error {
	client, err := sess.Client()
	if err != nil {
		return err
	}
	devices, err := client.Devices(context.Background())
	if err != nil {
		return err
	}
	statuses, err := client.Query(context.Background(), devices)
	if err != nil {
		return err
	}
	state := settingsui.State{Account: settingsui.SignedIn, Settings: dm.Settings}
	for i, d := range devices {
		state.Devices = append(state.Devices, settingsui.Device{Device: d, Online: statuses[i].IsOnline()})
	}
	var sw *settingsui.Window
	ui(func() {
		sw = settingsui.New(a, settingsui.Deps{
			State: state,
			// Nothing is clicked here; the pictures show the window as it opens.
			Edit:    func(func(*config.Settings)) {},
			User:    client.User,
			Version: "0.1.0", LogDir: "/tmp", Diagnostics: func() string { return "" },
		})
		sw.Window.Show()
	})
	for i, name := range []string{"account", "devices", "checking", "notifications", "advanced", "about"} {
		ui(func() { sw.Tabs.SelectIndex(i) })
		if err := save(sw.Window, fmt.Sprintf("settings-%d-%s", i+1, name)); err != nil {
			return err
		}
	}
	ui(sw.Window.Close)
	return shootShortcuts(a, state, ui, save)
}

// shootShortcuts saves the Advanced tab's keyboard shortcuts, one held
// and one whose keys another program holds.
func shootShortcuts(a fyne.App, state settingsui.State, ui func(func()), save func(fyne.Window, string) error) error {
	state.Settings.Shortcuts = config.Shortcuts{LockAll: config.Shortcut{On: true},
		OpenPanel: config.Shortcut{On: true, Keys: "Super+Shift+P"}}
	taken, _ := hotkey.Parse("Super+Shift+P")
	status := shortcuts.Status{
		shortcuts.LockAll:   {On: true, Keys: config.DefaultLockAllKeys},
		shortcuts.OpenPanel: {On: true, Keys: "Super+Shift+P", Err: &hotkey.TakenError{Accel: taken}},
	}
	var sw *settingsui.Window
	ui(func() {
		sw = settingsui.New(a, settingsui.Deps{State: state, Edit: func(func(*config.Settings)) {},
			Shortcuts: func() shortcuts.Status { return status }, Version: "0.1.0", LogDir: "/tmp",
			Diagnostics: func() string { return "" }})
		sw.Tabs.SelectIndex(4)
		sw.Window.Show()
		sw.ShowShortcuts()
		if scroll, ok := sw.Tabs.Items[4].Content.(*container.Scroll); ok {
			scroll.ScrollToBottom()
		}
	})
	defer ui(sw.Window.Close)
	return save(sw.Window, "settings-7-shortcuts")
}

// shootPanel saves the quick panel: the home all locked, with the front
// door unlocked, and with a lock under way.
func shootPanel(a fyne.App, ui func(func()), save func(fyne.Window, string) error) error {
	on, off := true, false
	now := time.Now()
	ptr := func(v int) *int { return &v }
	mode := utec.LockModeNormal
	shown := []poller.Device{
		{Device: utec.Device{ID: "front", Name: "Front Door", Category: "SmartLock"},
			Status: utec.Status{Online: &on, Lock: utec.LockLocked, LockMode: &mode, Door: utec.DoorClosed, Battery: ptr(80)}},
		{Device: utec.Device{ID: "back", Name: "Back Door", Category: "LOCK"},
			Status: utec.Status{Online: &on, Lock: utec.LockLocked, LockMode: &mode, Battery: ptr(40)}},
		{Device: utec.Device{ID: "lamp", Name: "Living Room Lamp", Category: "LIGHT", HandleType: "utec-dimmer"},
			Status: utec.Status{Online: &on, On: &on, Brightness: ptr(60)}},
		{Device: utec.Device{ID: "plug", Name: "Coffee Maker", Category: "SmartPlug"}, Status: utec.Status{Online: &on, On: &off}},
		{Device: utec.Device{ID: "garage", Name: "Garage Light", Category: "SmartSwitch"}, Status: utec.Status{Online: &off, On: &on},
			LastOnline: now.Add(-95 * time.Minute)},
	}
	for i := range shown {
		shown[i].Status.DeviceID, shown[i].Updated = shown[i].Device.ID, now
		if shown[i].LastOnline.IsZero() {
			shown[i].LastOnline = now
		}
	}
	var current view.Frame
	set := func(change func(*view.Snapshot)) {
		s := view.Snapshot{SignIn: signin.OK, Settings: config.Default(),
			Poll: poller.State{Loaded: true, LastPoll: now, Devices: append([]poller.Device(nil), shown...)}}
		if change != nil {
			change(&s)
		}
		current = view.BuildFrame(s)
	}
	set(nil)
	var p *panel.Panel
	ui(func() {
		p = panel.New(a, func(view.Action) {})
		p.Update(current.Panel)
		p.Show()
	})
	unlocked := func(s *view.Snapshot) { s.Poll.Devices[0].Status.Lock = utec.LockUnlocked }
	for _, shot := range []struct {
		name   string
		change func(*view.Snapshot)
	}{
		{"panel", nil},
		{"panel-unlocked", unlocked},
		{"panel-pending", func(s *view.Snapshot) {
			unlocked(s)
			s.Pending = map[string]devices.Action{"front": {Verb: devices.Lock}}
		}},
	} {
		set(shot.change)
		ui(func() { p.Update(current.Panel) })
		if err := save(p.Window, shot.name); err != nil {
			return err
		}
	}
	ui(p.Hide)
	return nil
}

func waitFor(ui func(func()), cond func() bool) bool {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		ui(func() { ok = cond() })
		if ok {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}
