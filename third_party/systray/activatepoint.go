package systray

// Added for utec-tray (see third_party/systray.patch): the point that
// the host sends with StatusNotifierItem.Activate reaches the app, so
// that a popup can open at the icon instead of the middle of the screen.

import "sync"

var (
	activatePointMu sync.Mutex
	onActivatePoint func(x, y int32)
)

// SetOnActivatePoint sets what is told the point of a left click, just
// before the function given to SetOnTapped runs. The point is the one
// the host sent: global coordinates from KDE, root-window coordinates
// from xfce4-panel and waybar, and (0, 0) from hosts that do not know
// it.
func SetOnActivatePoint(f func(x, y int32)) {
	activatePointMu.Lock()
	onActivatePoint = f
	activatePointMu.Unlock()
}

func activatedAt(x, y int32) {
	activatePointMu.Lock()
	f := onActivatePoint
	activatePointMu.Unlock()
	if f != nil {
		f(x, y)
	}
}
