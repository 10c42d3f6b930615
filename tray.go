package main

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
	"github.com/utec-tray/utec-tray/app/demo"
	"github.com/utec-tray/utec-tray/app/instance"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/app/tokenstore"
	"github.com/utec-tray/utec-tray/app/tray"
	"github.com/utec-tray/utec-tray/assets"
)

// AppID is the stable application ID (also in FyneApp.toml).
const AppID = "io.github.utec_tray.utec_tray"

// runTray starts the tray app and returns the exit code.
func runTray(args []string) int {
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
		settings     config.Settings
		fileSettings config.Settings
		secrets      session.Secrets
		dir          string
		err          error
		dm           *demo.Demo
	)
	level := new(slog.LevelVar)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	if *demoMode {
		if dm, err = demo.Start(logger.With("part", "demo-cloud")); err != nil {
			fmt.Fprintf(os.Stderr, "utec-tray: start the demo: %v\n", err)
			return 1
		}
		defer dm.Close()
		settings, secrets, dir = dm.Settings, dm.Secrets, dm.ConfigDir
	} else {
		if dir, err = config.Dir(); err == nil {
			fileSettings, err = config.Load(dir)
		}
		settings = fileSettings
		if err == nil {
			err = settings.ApplyEnv(os.Getenv)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "utec-tray: %v\n", err)
			return 1
		}
		secrets = tokenstore.New(tokenstore.Options{Logger: logger})
		level.Set(logLevel(settings.LogLevel))
	}
	logDir := filepath.Join(dir, "logs")
	if f, err := openLog(logDir); err != nil {
		logger.Warn("logging to stderr only", "err", err)
	} else {
		defer f.Close()
		logger = slog.New(slog.NewMultiHandler(
			slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}),
			slog.NewTextHandler(f, &slog.HandlerOptions{Level: level})))
	}
	session.UserAgent = "utec-tray/" + version

	name := "utec-tray"
	if *demoMode {
		name = "utec-tray-demo"
	}
	inst, err := instance.Listen(instanceDir(dir), name, "settings")
	if errors.Is(err, instance.ErrRunning) {
		fmt.Fprintln(os.Stderr, "utec-tray is already running; its Settings window is open now.")
		return 0
	}
	if err != nil {
		logger.Warn("cannot make sure only one instance runs", "err", err)
	} else {
		defer inst.Close()
	}

	a := app.NewWithID(AppID)
	a.SetIcon(assets.AppIcon)
	desk, ok := a.(desktop.App)
	if !ok {
		fmt.Fprintln(os.Stderr, "utec-tray: this desktop offers no system tray")
		return 1
	}
	// LockDir: the tray and the command line take turns refreshing the
	// sign-in (issue 11, item 5).
	sess := &session.Session{Settings: settings, Secrets: secrets, Logger: logger, LockDir: dir}
	opts := tray.Options{App: a, Surface: desk, Session: sess, ConfigDir: dir, Logger: logger,
		LogDir: logDir, Version: version,
		OnSettings: func(s config.Settings) { level.Set(logLevel(s.LogLevel)) }}
	if dm != nil {
		opts.OpenURL = dm.Browser
		opts.SignInAtStart = true
		// The demo home is on this machine: poll it briskly so that its
		// changes show within seconds.
		opts.Poller.FastInterval = 2 * time.Second
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go dm.Life(ctx, 40*time.Second)
	}
	if !*demoMode {
		// Environment overrides are for this run; what the person changes
		// in the window is saved.
		opts.Persist = func(s config.Settings) error { return config.Save(dir, s.WithoutEnv(fileSettings, os.Getenv)) }
	}
	ctrl := tray.New(opts)
	// Fyne starts its tray only if a menu is set before Run; Start sets the
	// first one on this (the main) goroutine.
	ctrl.Start()
	if inst != nil {
		go func() {
			for msg := range inst.Messages() {
				if msg == "settings" {
					ctrl.OpenSettings()
				}
			}
		}()
	}
	a.Lifecycle().SetOnStopped(ctrl.Stop)
	// A tray app has no window at start; Run keeps it alive until Quit.
	a.Run()
	return 0
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

// instanceDir is where the single-instance socket lives: the runtime
// folder when there is one (it is cleaned at log-out), else the settings
// folder.
func instanceDir(configDir string) string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return d
	}
	return configDir
}

// version is the app's version; release builds set it with -ldflags.
var version = "0.1.0"

// openLog opens the log file, starting it afresh when it has grown past a
// megabyte, so that it never fills a disk.
func openLog(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "utec-tray.log")
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if st, err := os.Stat(path); err == nil && st.Size() > 1<<20 {
		flags |= os.O_TRUNC
	}
	return os.OpenFile(path, flags, 0o600)
}

func logLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return l
}
