//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"context"
	"log/slog"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/app/platform/popover"
	"github.com/utec-tray/utec-tray/app/ui/panel"
)

// placerWait bounds connecting to the X server for the placement.
const placerWait = 3 * time.Second

// startPlacing connects to the X server in the background and, once it
// answers, makes the quick panel open at its icon. A native Wayland
// session has no way to place a window: the panel stays centred there.
// The connection lives as long as the process.
func startPlacing(p *panel.Panel, logger *slog.Logger) {
	if os.Getenv("DISPLAY") == "" {
		logger.Info("no X display: the quick panel opens centred")
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), placerWait)
		defer cancel()
		x, err := popover.OpenX11(ctx)
		if err != nil {
			logger.Warn("the quick panel opens centred, not at the icon", "err", err)
			return
		}
		fyne.Do(func() { p.SetPlacer(x, logger) })
	}()
}
