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
	"time"

	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/demo"
	"github.com/utec-tray/utec-tray/app/owncmd"
	"github.com/utec-tray/utec-tray/app/platform/autostart"
	"github.com/utec-tray/utec-tray/app/platform/instance"
	"github.com/utec-tray/utec-tray/app/platform/logging"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/app/ui/apptheme"
	"github.com/utec-tray/utec-tray/app/ui/icons"
	"github.com/utec-tray/utec-tray/app/view"
)

// AppID is the stable application ID (also in FyneApp.toml).
const AppID = "io.github.utec_tray.utec_tray"

// Run starts the tray app with the command line's arguments (without the
// program name) and returns the exit code. version is the app's version;
// getenv reads the UTEC_* variables (childenv.Take's).
func Run(args []string, version string, getenv func(string) string) int {
	fs := flag.NewFlagSet("utec-tray", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	demoMode := fs.Bool("demo", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "utec-tray: unknown argument %q\nRun 'utec-tray help' for usage.\n", args)
		return 2
	}
	if !hasDisplay() {
		fmt.Fprintln(os.Stderr, "utec-tray: no display: the tray app needs a graphical session "+
			"(neither DISPLAY nor WAYLAND_DISPLAY is set).\nThe command line works without one: run 'utec-tray help'.")
		return 1
	}

	var (
		loaded  config.Loaded
		secrets session.Secrets
		err     error
		dm      *demo.Demo
	)
	level := new(slog.LevelVar)
	logger := logging.New(level, os.Stderr)
	if *demoMode {
		if dm, err = demo.Start(logger.With("part", "demo-cloud")); err != nil {
			fmt.Fprintf(os.Stderr, "utec-tray: start the demo: %v\n", err)
			return 1
		}
		defer dm.Close()
		loaded.Effective, loaded.Dir, secrets = dm.Settings, dm.ConfigDir, dm.Secrets
	} else {
		if loaded, err = config.LoadEffective(getenv); err != nil {
			fmt.Fprintf(os.Stderr, "utec-tray: %v\n", err)
			return 1
		}
		secrets = tokenstore.New(tokenstore.Options{Logger: logger})
		level.Set(logLevel(loaded.Effective.LogLevel))
	}
	dir := loaded.Dir
	logDir := filepath.Join(dir, "logs")
	if f, err := logging.Open(logDir); err != nil {
		logger.Warn("logging to stderr only", "err", err)
	} else {
		defer f.Close()
		logger = logging.New(level, os.Stderr, f)
	}

	name := "utec-tray"
	if *demoMode {
		name = "utec-tray-demo"
	}
	instDir, passedOver := instance.DirWhy(dir, getenv)
	if passedOver != "" {
		logger.Warn(passedOver)
	}
	inst, err := instance.Listen(instDir, name, "settings")
	if errors.Is(err, instance.ErrRunning) {
		msg, code := secondStart(err)
		fmt.Fprintln(os.Stderr, msg)
		return code
	}
	if err != nil {
		logger.Warn("cannot make sure only one instance runs", "err", err)
	} else {
		defer inst.Close()
	}

	a := app.NewWithID(AppID)
	a.SetIcon(icons.AppIcon)
	a.Settings().SetTheme(apptheme.New())
	desk, ok := a.(desktop.App)
	if !ok {
		fmt.Fprintln(os.Stderr, "utec-tray: this desktop offers no system tray")
		return 1
	}
	// LockDir: the tray and the command line take turns refreshing the
	// sign-in, so that neither spends a refresh token the other rotated.
	sess := &session.Session{Secrets: secrets, Logger: logger, UserAgent: session.AppUserAgent(version),
		Getenv: getenv, LockDir: dir}
	co := controller.Options{Session: sess, Settings: loaded.Effective, ConfigDir: dir, Version: version,
		OnSettings:     func(s config.Settings) { level.Set(logLevel(s.LogLevel)) },
		QuickPanelItem: quickPanelItem()}
	if dm != nil {
		co.OpenURL = dm.Browser
		co.SignInAtStart = true
		// The demo home is on this machine: poll it every few seconds, not
		// once a minute, so that its changes show as they happen.
		co.Poller.Interval = demo.PollInterval
		co.Poller.FastInterval = 2 * time.Second
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go dm.Life(ctx, demo.DefaultTiming)
	} else {
		co.StartAtLogin = func(on bool) error {
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			return autostart.Set(on, exe)
		}
		// Environment overrides are for this run; what the person changes
		// in the window is saved.
		co.Persist = func(s config.Settings) error {
			return config.Save(dir, s.WithoutEnv(loaded.File, getenv))
		}
	}
	// The watcher of sleep and screen lock: it holds a sleep inhibitor only
	// while a lock is chosen for sleep (the controller says).
	g, attach := newGuard(logger)
	co.Guard = g
	t := New(Options{App: a, Surface: &systraySurface{App: desk}, Controller: co, LogDir: logDir, Logger: logger, Guard: g})
	attach(t.Controller())
	g.Start()
	defer g.Close()
	// Fyne starts its tray only if a menu is set before Run; Start sets the
	// first one on this (the main) goroutine.
	t.Start()
	// A left click on the tray icon (StatusNotifierItem.Activate) toggles
	// the quick panel; the right click keeps the menu. Set before Run:
	// Fyne's tray tells the host whether the item is only a menu when it
	// registers, then never again.
	panel := t.Panel()
	desk.SetSystemTrayWindow(panel.Window)
	panel.TakeOverTrayClicks(t.ui)
	// Fyne v2.8.1 has no focus-lost hook for one window; the app leaving
	// the foreground (the focus went to another program) is the nearest.
	a.Lifecycle().SetOnExitedForeground(panel.FocusLost)
	if inst != nil {
		go func() {
			for msg := range inst.Messages() {
				switch {
				case msg == "settings":
					t.OpenSettings()
				case owncmd.Is(msg):
					m, err := owncmd.Parse(msg)
					if err != nil {
						logger.Warn("ignored a message from the command line", "err", err)
						continue
					}
					t.Controller().OwnCommand(m)
				}
			}
		}()
	}
	a.Lifecycle().SetOnStopped(t.Stop)
	// A tray app has no window at start; Run keeps it alive until Quit.
	a.Run()
	return 0
}

// secondStart is what a start that found the app running says, and its
// exit code: the Settings window is claimed open only when the running
// instance acknowledged the wish.
func secondStart(err error) (string, int) {
	if errors.Is(err, instance.ErrNoAnswer) {
		return "utec-tray is already running, but it did not answer, so its Settings window may not open.\n" +
			"If its tray icon does not respond either, end it and start utec-tray again.", 1
	}
	return "utec-tray is already running; its Settings window is open now.", 0
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
