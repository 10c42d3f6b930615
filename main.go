// Command utec-tray shows U-Tec locks, lights, switches and plugs in the
// system tray, and controls them from the command line. With no arguments
// (or --demo) it starts the tray app; with a sub-command it runs the
// command line, which never starts the graphical toolkit.
package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/utec-tray/utec-tray/app/cli"
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/childenv"
	"github.com/utec-tray/utec-tray/app/platform/winconsole"
	"github.com/utec-tray/utec-tray/app/ui/tray"
)

// version is the app's version; release builds set it with
// -ldflags "-X main.version=1.2.3".
var version = "0.1.0"

func main() {
	// The UTEC_* variables (one can hold the client secret) leave the
	// process environment before anything can start a child with it; they
	// are read through getenv from here on.
	getenv := childenv.Take()
	loadLanguage(getenv)
	args := os.Args[1:]
	if len(args) > 0 && cli.IsCommand(args[0]) {
		// The Windows build is a GUI program: give the command line the
		// console it was started from (a no-op elsewhere).
		winconsole.Attach()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, args, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: getenv, Version: version})
		stop()
		os.Exit(code)
	}
	os.Exit(tray.Run(args, version, getenv))
}

// loadLanguage loads the translations in the Settings' Language before any
// string is built (Fyne's lang cannot switch later); a settings file that
// cannot be read leaves the system's language, and the command or the tray
// reports the file's trouble itself.
func loadLanguage(getenv func(string) string) {
	code := i18n.System
	if loaded, err := config.LoadEffective(getenv); err == nil {
		code = loaded.Effective.Language
	}
	if err := i18n.Load(code); err != nil {
		slog.Warn("language setting not used", "language", code, "err", err)
		if err := i18n.Load(i18n.System); err != nil {
			slog.Warn("translations not loaded", "err", err)
		}
	}
}
