package tray

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/demo"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/owncmd"
	"github.com/utec-tray/utec-tray/app/platform/autostart"
	"github.com/utec-tray/utec-tray/app/platform/heapdump"
	"github.com/utec-tray/utec-tray/app/platform/instance"
	"github.com/utec-tray/utec-tray/app/platform/logging"
	"github.com/utec-tray/utec-tray/app/platform/notify"
	"github.com/utec-tray/utec-tray/app/platform/opener"
	"github.com/utec-tray/utec-tray/app/platform/presence"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/platform/traywatch"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/app/shortcuts"
	"github.com/utec-tray/utec-tray/app/ui/apptheme"
	"github.com/utec-tray/utec-tray/app/ui/icons"
	"github.com/utec-tray/utec-tray/app/view"
	"github.com/utec-tray/utec-tray/assets"
)

// AppID is the stable application ID (also in FyneApp.toml).
const AppID = "io.github.utec_tray.utec_tray"

// Run starts the tray app with the command line's arguments (without the
// program name) and returns the exit code. version is the app's version;
// getenv reads the UTEC_* variables (childenv.Take's).
func Run(args []string, version string, getenv func(string) string) int {
	demoMode, code := parseArgs(args)
	if code != 0 {
		return code
	}
	if !hasDisplay() {
		fmt.Fprintln(os.Stderr, "utec-tray: "+i18n.T("tray.noDisplay", "no display: the tray app needs a graphical session "+
			"(neither DISPLAY nor WAYLAND_DISPLAY is set).\nThe command line works without one: run 'utec-tray help'."))
		return 1
	}
	env, err := prepare(demoMode, version, getenv)
	defer env.close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "utec-tray: %v\n", err)
		return 1
	}
	// Off unless UTEC_HEAP_PROFILE names a file (issue 21: what holds
	// memory at rest).
	defer heapdump.Start(getenv, env.logger.With("part", "heap"))()
	inst, code := claimInstance(env)
	if code >= 0 {
		return code
	}
	if inst != nil {
		defer inst.Close()
	}
	a := app.NewWithID(AppID)
	nameTheApp(a)
	a.Lifecycle().SetOnStarted(classTheWindows)
	a.SetIcon(icons.AppIcon)
	a.Settings().SetTheme(apptheme.New())
	desk, ok := a.(desktop.App)
	if !ok {
		fmt.Fprintln(os.Stderr, "utec-tray: "+i18n.T("tray.noSystemTray", "this desktop offers no system tray"))
		return 1
	}
	stop := assemble(env, a, desk)
	if inst != nil {
		go serveSecondStarts(inst, env.ctrl, env.logger)
	}
	a.Lifecycle().SetOnStopped(stop)
	// A tray app has no window at start; Run keeps it alive until Quit.
	a.Run()
	return 0
}

// runEnv is what Run's steps share: the settings, the sign-in's secrets,
// the log, and (in the demo) the built-in cloud.
type runEnv struct {
	demo    *demo.Demo
	version string
	getenv  func(string) string
	loaded  config.Loaded
	secrets session.Secrets
	level   *slog.LevelVar
	logger  *slog.Logger
	logDir  string
	ctrl    *controller.Controller
	closers []func()
}

func (e *runEnv) close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
}

// parseArgs reads the flags; a non-zero code means exit with it.
func parseArgs(args []string) (demoMode bool, code int) {
	fs := flag.NewFlagSet("utec-tray", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	d := fs.Bool("demo", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "utec-tray: unknown argument %q\nRun 'utec-tray help' for usage.\n", args)
		return false, 2
	}
	return *d, 0
}

// prepare loads the settings (or starts the demo cloud), picks the
// secrets' store and opens the log file.
func prepare(demoMode bool, version string, getenv func(string) string) (*runEnv, error) {
	e := &runEnv{version: version, getenv: getenv, level: new(slog.LevelVar)}
	e.logger = logging.New(e.level, os.Stderr)
	if demoMode {
		if err := e.startDemo(); err != nil {
			return e, err
		}
	} else {
		loaded, err := config.LoadEffective(getenv)
		var damaged *config.DamagedError
		switch {
		case errors.As(err, &damaged):
			// Kept aside; the tray starts with the defaults (and the
			// wizard) rather than not at all, and says so below.
			fmt.Fprintln(os.Stderr, "utec-tray: "+i18n.T("tray.settingsDamaged", "the settings could not be read ({{.Reason}}); "+
				"the file was kept as {{.KeptAs}} and the defaults are used: fix it and move it back, or set the app up again",
				map[string]any{"Reason": damaged.Err, "KeptAs": damaged.KeptAs}))
			defer func() { e.logger.Warn(damaged.Error()) }()
		case err != nil:
			return e, err
		}
		e.loaded = loaded
		e.secrets = tokenstore.New(tokenstore.Options{Logger: e.logger})
		e.level.Set(logLevel(loaded.Effective.LogLevel))
	}
	e.logDir = filepath.Join(e.loaded.Dir, "logs")
	if f, err := logging.Open(e.logDir); err != nil {
		e.logger.Warn("logging to stderr only", "err", err)
	} else {
		e.closers = append(e.closers, func() { _ = f.Close() })
		e.logger = logging.New(e.level, os.Stderr, f)
	}
	return e, nil
}

// startAtLoginBlocked is why this program cannot be started at login (it
// runs from a temporary folder), for the windows to say; "" when it can.
func startAtLoginBlocked() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	err = autostart.CheckLocation(exe)
	var loc *autostart.LocationError
	if errors.As(err, &loc) {
		return i18n.T("tray.temporaryLocation", "{{.Exe}} is in the temporary folder {{.Folder}}: "+
			"install utec-tray somewhere lasting (such as ~/.local/bin or /usr/bin) to start it at login",
			map[string]any{"Exe": loc.Exe, "Folder": loc.Folder})
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// startDemo starts the demo cloud and takes its settings, with the
// guard's one-run overrides applied (the others would point away from
// the demo cloud).
func (e *runEnv) startDemo() error {
	dm, err := demo.Start(e.logger.With("part", "demo-cloud"))
	if err != nil {
		return fmt.Errorf("start the demo: %w", err)
	}
	e.demo = dm
	e.closers = append(e.closers, dm.Close)
	e.loaded.Effective, e.loaded.Dir, e.secrets = dm.Settings, dm.ConfigDir, dm.Secrets
	if err := e.loaded.Effective.ApplyGuardEnv(e.getenv); err != nil {
		return fmt.Errorf("the demo's settings: %w", err)
	}
	return nil
}

// claimInstance makes sure only one tray runs. A code of zero or more
// means exit with it (another instance runs); the listener is nil when
// the check could not be made (the app then runs anyway).
func claimInstance(e *runEnv) (*instance.Instance, int) {
	name := "utec-tray"
	if e.demo != nil {
		name = "utec-tray-demo"
	}
	dir, passedOver := instance.DirWhy(e.loaded.Dir, e.getenv)
	if passedOver != "" {
		e.logger.Warn(passedOver)
	}
	inst, err := instance.Listen(dir, name, "settings")
	if errors.Is(err, instance.ErrRunning) {
		msg, code := secondStart(err)
		fmt.Fprintln(os.Stderr, msg)
		return nil, code
	}
	if err != nil {
		e.logger.Warn("cannot make sure only one instance runs", "err", err)
		return nil, -1
	}
	return inst, -1
}

// assemble builds the core first, then attaches its faces: the
// controller from its options, the watcher of sleep and screen lock and
// the notifications over its entry points, and the Fyne tray. It returns
// what stops them. Call it on the main goroutine before the app runs:
// Fyne starts its tray only if a menu is set by then, and the
// controller's Start sets the first one.
func assemble(e *runEnv, a fyne.App, desk desktop.App) (stop func()) {
	co := controllerOptions(e)
	// Fired only once held, after the first Apply below: e.ctrl is set.
	keys := startShortcuts(e, &co, func(a shortcuts.Action) { FireShortcut(e.ctrl, a) })
	e.ctrl = controller.New(co)
	ctrl := e.ctrl
	// The watcher holds a sleep inhibitor only while a lock is chosen for
	// sleep (the controller says).
	watcher := sessionwatch.New(sessionwatch.Options{Logger: e.logger.With("part", "guard"), Handlers: sessionwatch.Handlers{
		BeforeSleep:    ctrl.LockForSleep,
		AfterSleep:     ctrl.Woke,
		ScreenLocked:   ctrl.ScreenLocked,
		ScreenUnlocked: ctrl.ScreenUnlocked,
	}})
	// The network for "you left home": started once the controller runs.
	network := newNetworkWatch(ctrl, e.logger.With("part", "network"))
	// The icon too, for a run from the build folder, whose icon name no
	// theme has.
	sender := notify.New(notify.Options{Logger: e.logger, IconPNG: assets.AppIcon.PNG})
	notifier := NewSenderNotifier(sender)
	go notifier.AnswerButtons(ctrl)
	t := New(Options{App: a, Surface: &systraySurface{App: desk}, Controller: ctrl, Notifier: notifier,
		LogDir: e.logDir, Version: e.version, Watcher: watcher, Network: network, Logger: e.logger,
		StartAtLoginBlocked: startAtLoginBlocked()})
	t.UseShortcuts(keys)
	watcher.Start()
	ctrl.Start(t, watcher)
	network.Start()
	takeOverTrayClicks(t, a, desk)
	keys.Apply(e.loaded.Effective.Shortcuts)
	startPlacing(t.Panel(), e.logger.With("part", "panel"))
	// Where no tray shows the icon, the app says so and opens a window.
	trays := traywatch.Start(traywatch.Options{Missing: ctrl.TrayMissing, Back: ctrl.TrayBack,
		Logger: e.logger.With("part", "tray")})
	return func() {
		stopWithin(quitWait, e.logger, ctrl.Stop, func() { _ = trays.Close() }, func() { _ = watcher.Close() },
			func() { _ = sender.Close() }, func() { _ = network.Close() })
	}
}

// startShortcuts starts the global shortcuts' manager: it fires the
// actions, and follows the settings the controller puts in force (co's
// OnSettings); the first Apply comes once the tray is built. It lets
// the keys go when Run ends.
func startShortcuts(e *runEnv, co *controller.Options, fire func(shortcuts.Action)) *shortcuts.Manager {
	keys := shortcuts.New(shortcuts.Options{AppID: AppID, Logger: e.logger.With("part", "shortcuts"), Fire: fire})
	e.closers = append(e.closers, keys.Close)
	onSettings := co.OnSettings
	co.OnSettings = func(s config.Settings) {
		onSettings(s)
		keys.Apply(s.Shortcuts)
	}
	return keys
}

// quitWait bounds how long Quit waits for the controller, the watcher and
// the notifications to stop: a keyring or a bus that does not answer must
// not keep a process the person asked to end.
const quitWait = 3 * time.Second

// stopWithin runs the stops side by side and returns when all have
// returned, or after wait (it logs what it left behind: the process is
// ending anyway).
func stopWithin(wait time.Duration, logger *slog.Logger, stops ...func()) {
	var wg sync.WaitGroup
	for _, stop := range stops {
		wg.Add(1)
		go func() { defer wg.Done(); stop() }()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(wait):
		logger.Warn("quitting without waiting any longer for the app to stop", "waited", wait)
	}
}

// controllerOptions are the controller's options for this run: the
// demo's cloud and timing, or the person's settings, saved as they change.
func controllerOptions(e *runEnv) controller.Options {
	dir := e.loaded.Dir
	// LockDir: the tray and the command line take turns refreshing the
	// sign-in, so that neither spends a refresh token the other rotated.
	sess := &session.Session{Secrets: e.secrets, Logger: e.logger, UserAgent: session.AppUserAgent(e.version),
		Getenv: e.getenv, LockDir: dir}
	co := controller.Options{Session: sess, Settings: e.loaded.Effective, ConfigDir: dir, Version: e.version,
		OnSettings:     func(s config.Settings) { e.level.Set(logLevel(s.LogLevel)) },
		QuickPanelItem: quickPanelItem(), Logger: e.logger,
		// Not Fyne's OpenURL: it hands the browser the whole environment.
		OpenURL: opener.Open}
	if dm := e.demo; dm != nil {
		co.OpenURL = dm.Browser
		co.SignInAtStart = true
		// The demo home is on this machine: poll it every few seconds, not
		// once a minute, so that its changes show as they happen.
		co.Poller.Interval = demo.PollInterval
		co.Poller.FastInterval = 2 * time.Second
		ctx, cancel := context.WithCancel(context.Background())
		e.closers = append(e.closers, cancel)
		go dm.Life(ctx, demo.DefaultTiming)
		return co
	}
	co.StartAtLogin = func(on bool) error {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		return autostart.Set(on, exe)
	}
	// Environment overrides are for this run; what the person changes in
	// the window is saved.
	co.Persist = func(s config.Settings) error {
		return config.Save(dir, s.WithoutEnv(e.loaded.File, e.getenv))
	}
	// The pace follows the person: the poller samples presence on its own
	// goroutine (D-Bus and X11 calls, with timeouts).
	mon := presence.New(presence.Options{Logger: e.logger.With("part", "presence")})
	e.closers = append(e.closers, mon.Close)
	co.Poller.Presence = mon
	return co
}

// takeOverTrayClicks makes a left click on the tray icon
// (StatusNotifierItem.Activate) toggle the quick panel; the right click
// keeps the menu. Set before Run: Fyne's tray tells the host whether the
// item is only a menu when it registers, then never again.
func takeOverTrayClicks(t *Tray, a fyne.App, desk desktop.App) {
	p := t.Panel()
	desk.SetSystemTrayWindow(p.Window)
	p.TakeOverTrayClicks(t.ui)
	// Fyne v2.8.1 has no focus-lost hook for one window; the app leaving
	// the foreground (the focus went to another program) is the nearest.
	a.Lifecycle().SetOnExitedForeground(p.FocusLost)
}

// serveSecondStarts answers what later starts of the app and the command
// line send: open the Settings window or the quick panel, or note a
// command the command line sent itself.
func serveSecondStarts(inst *instance.Instance, ctrl *controller.Controller, logger *slog.Logger) {
	for msg := range inst.Messages() {
		switch {
		case msg == "settings":
			ctrl.OpenSettings()
		case msg == owncmd.OpenPanel:
			ctrl.OpenPanel()
		case owncmd.Is(msg):
			m, err := owncmd.Parse(msg)
			if err != nil {
				logger.Warn("ignored a message from the command line", "err", err)
				continue
			}
			ctrl.OwnCommand(m)
		}
	}
}

// secondStart is what a start that found the app running says, and its
// exit code: the Settings window is claimed open only when the running
// instance acknowledged the wish.
func secondStart(err error) (string, int) {
	if errors.Is(err, instance.ErrNoAnswer) {
		return i18n.T("tray.runningNoAnswer", "utec-tray is already running, but it did not answer, so its Settings window may not open.\n"+
			"If its tray icon does not respond either, end it and start utec-tray again."), 1
	}
	return i18n.T("tray.running", "utec-tray is already running; its Settings window is open now."), 0
}

// hasDisplay reports whether a graphical session is reachable. Starting
// Fyne without one panics deep in the driver, so the app checks first.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// quickPanelItem reports whether the menu should offer the quick panel:
// on Linux and BSD trays that open the menu on a left click.
func quickPanelItem() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return false
	}
	return view.QuickPanelInMenu(os.Getenv("XDG_CURRENT_DESKTOP"))
}

func logLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return l
}
