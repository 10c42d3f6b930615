//go:build !(linux || freebsd || openbsd || netbsd)

package tray

import (
	"log/slog"

	"github.com/utec-tray/utec-tray/app/ui/panel"
)

// startPlacing does nothing yet on Windows and macOS: the quick panel
// opens centred there (Shell_NotifyIconGetRect and the status item's
// frame are not wired in).
func startPlacing(*panel.Panel, *slog.Logger) {}
