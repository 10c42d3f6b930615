// Package traywatch tells the app whether a system tray is there to show
// its icon. On Linux and the BSDs the icon is a StatusNotifierItem, which
// shows only where a StatusNotifierWatcher runs on the session bus (a
// panel's status tray, or an XEmbed bridge such as snixembed or
// xembed-sni-proxy for XEmbed-only trays like tint2, polybar or i3bar).
// Without one the icon never appears, and a person would never know the
// app is running. The Watcher reports when no watcher has shown up for a
// while (Missing), once per absence, and when one appears after that
// (Back); Fyne's systray registers with it by itself then. On macOS and
// Windows the tray is always there and the Watcher does nothing.
package traywatch

import (
	"log/slog"
	"time"
)

// WatcherName is the StatusNotifierWatcher's well-known bus name.
const WatcherName = "org.kde.StatusNotifierWatcher"

// DefaultGrace is how long no watcher may be seen before Missing: at
// login the panel can start after the apps that start at login, and a
// panel restarting takes a few seconds.
const DefaultGrace = 10 * time.Second

// DefaultCallTimeout bounds each D-Bus call and the connection.
const DefaultCallTimeout = 5 * time.Second

// Options configure a Watcher. Missing and Back must return at once.
type Options struct {
	// Missing runs when no StatusNotifierWatcher was seen for Grace, at
	// start or after it went away; once per absence.
	Missing func()
	// Back runs when a watcher appeared after Missing.
	Back func()
	// Grace defaults to DefaultGrace.
	Grace time.Duration
	// CallTimeout defaults to DefaultCallTimeout.
	CallTimeout time.Duration
	Logger      *slog.Logger
}

func withDefaults(o Options) Options {
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Missing == nil {
		o.Missing = func() {}
	}
	if o.Back == nil {
		o.Back = func() {}
	}
	return o
}

// Advice is what to do when Missing runs, for the log and the
// notification: the fix in the words of the desktops that need it.
const Advice = "This desktop has no StatusNotifierItem tray (no StatusNotifierWatcher on the session bus), " +
	"so utec-tray's icon cannot show. Add a status tray to the panel, or for an XEmbed-only tray " +
	"(tint2, polybar, trayer, i3bar) run an XEmbed bridge such as snixembed or xembed-sni-proxy; " +
	"the icon appears as soon as one runs."
