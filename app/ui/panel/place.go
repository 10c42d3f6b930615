package panel

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"github.com/utec-tray/utec-tray/app/platform/popover"
)

// Placer moves the panel's native window next to the click and makes it
// a popup (no taskbar entry, above the rest); popover.X11 on X11,
// popover.Windows on Windows. It blocks on the display server, so the
// panel calls it off the UI goroutine. Without one (Wayland, macOS, the
// test driver) the panel opens where Fyne puts it: centred.
type Placer interface {
	MakePopup(ctx context.Context, win uint32) error
	MoveNear(ctx context.Context, win uint32, point popover.Point) (popover.Point, error)
}

// placeWait bounds one placement: an X server that does not answer must
// not keep the panel from showing.
const placeWait = 2 * time.Second

// placement is the panel's part in placing: the placer, and the last
// click point the tray host sent (written on the D-Bus goroutine, read
// on the UI goroutine).
type placement struct {
	placer Placer
	logger *slog.Logger
	point  atomic.Pointer[popover.Point]
}

// SetPlacer makes the panel open at the tray icon from the next click
// on. Call it on the UI goroutine.
func (p *Panel) SetPlacer(pl Placer, logger *slog.Logger) {
	p.place.placer, p.place.logger = pl, logger
}

// clickedAt keeps the point of the click on the icon that is about to
// toggle the panel; (0, 0) when the host does not say.
func (p *Panel) clickedAt(x, y int32) {
	p.place.point.Store(&popover.Point{X: int(x), Y: int(y)})
}

// nativeWindow is the panel's X11 window or Windows HWND, 0 before its
// first show or when Fyne runs on something else. An HWND fits: window
// handles carry 32 significant bits even in 64-bit Windows. On the UI
// goroutine.
func (p *Panel) nativeWindow() uint32 {
	var id uint32
	if nw, ok := p.Window.(driver.NativeWindow); ok {
		nw.RunNative(func(c any) {
			switch w := c.(type) {
			case driver.X11WindowContext:
				id = uint32(w.WindowHandle)
			case driver.WindowsWindowContext:
				id = uint32(w.HWND)
			}
		})
	}
	return id
}

// showPlaced shows the panel at the last click. Fyne puts a window
// back where it last was when it shows it again (it moves it there
// itself), so the move comes after the map: the panel appears where the
// last click put it, which for an icon that stays put is already the
// place. The popup states go on while it is still hidden, because the
// window manager drops them from a withdrawn window and reads them when
// it maps; on the first show, before the window exists, they follow
// the map.
func (p *Panel) showPlaced() {
	pt := popover.Point{}
	if last := p.place.point.Swap(nil); last != nil {
		pt = *last
	}
	win := p.nativeWindow()
	if p.place.placer == nil || win == 0 {
		p.reveal()
		if win = p.nativeWindow(); p.place.placer != nil && win != 0 {
			go func() { p.markPopup(win); p.moveWindow(win, pt) }()
		}
		return
	}
	go func() {
		p.markPopup(win)
		fyne.Do(func() {
			// A second click or a focus loss may have hidden it meanwhile.
			if p.vis.visible {
				p.reveal()
				go p.moveWindow(win, pt)
			}
		})
	}()
}

// markPopup runs off the UI goroutine: it keeps the window out of the
// taskbar and the pager, above the rest.
func (p *Panel) markPopup(win uint32) {
	ctx, cancel := context.WithTimeout(context.Background(), placeWait)
	defer cancel()
	if err := p.place.placer.MakePopup(ctx, win); err != nil {
		p.place.logger.Warn("the quick panel may show in the taskbar", "err", err)
	}
}

// moveWindow runs off the UI goroutine: it moves the window next to pt.
func (p *Panel) moveWindow(win uint32, pt popover.Point) {
	ctx, cancel := context.WithTimeout(context.Background(), placeWait)
	defer cancel()
	at, err := p.place.placer.MoveNear(ctx, win, pt)
	if err != nil {
		p.place.logger.Warn("the quick panel opens where it last was", "err", err)
		return
	}
	p.place.logger.Debug("quick panel placed", "click", pt, "at", at)
}
