//go:build !(linux || freebsd || openbsd || netbsd || windows)

package tray

import (
	"log/slog"

	"github.com/utec-tray/utec-tray/app/ui/panel"
)

// startPlacing does nothing yet on macOS: the quick panel opens centred
// there (the status item's frame is not wired in).
func startPlacing(*panel.Panel, *slog.Logger) {}
