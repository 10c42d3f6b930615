//go:build windows

package popover

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The Win32 calls the placement makes. Shell_NotifyIconGetRect and
// CalculatePopupWindowPosition are Windows 7's: OpenWindows checks that
// the first exists, and settle does without the second where it does not
// (Wine 8 has none).
var (
	shell32                          = windows.NewLazySystemDLL("shell32.dll")
	user32                           = windows.NewLazySystemDLL("user32.dll")
	procShellNotifyIconGetRect       = shell32.NewProc("Shell_NotifyIconGetRect")
	procCalculatePopupWindowPosition = user32.NewProc("CalculatePopupWindowPosition")
	procMonitorFromRect              = user32.NewProc("MonitorFromRect")
	procGetMonitorInfoW              = user32.NewProc("GetMonitorInfoW")
	procGetCursorPos                 = user32.NewProc("GetCursorPos")
	procGetWindowRect                = user32.NewProc("GetWindowRect")
	procGetWindowLongW               = user32.NewProc("GetWindowLongW")
	procSetWindowLongW               = user32.NewProc("SetWindowLongW")
	procSetWindowPos                 = user32.NewProc("SetWindowPos")
)

// Win32 constants, from the Windows SDK's headers.
const (
	monitorDefaultToNearest = 2
	tpmVertical             = 0x0040
	tpmWorkArea             = 0x10000
	gwlExStyle              = ^uintptr(19) // -20
	wsExToolWindow          = 0x00000080
	wsExAppWindow           = 0x00040000
	swpNoSize               = 0x0001
	swpNoMove               = 0x0002
	swpNoZOrder             = 0x0004
	swpNoActivate           = 0x0010
	swpFrameChanged         = 0x0020
	swpAsyncWindowPos       = 0x4000
	hwndTopmost             = ^uintptr(0) // -1
)

// ErrNoShellPlacement is returned by OpenWindows on a Windows without
// Shell_NotifyIconGetRect (older than Windows 7): the panel stays where
// the toolkit puts it.
var ErrNoShellPlacement = errors.New("this Windows cannot tell where the tray icon is (Windows 7 or later is needed)")

// TrayIcon says which notification icon the panel belongs to: the window
// and id it was added with (NOTIFYICONDATA's hWnd and uID); ok is false
// while there is no icon yet.
type TrayIcon func() (hwnd uintptr, id uint32, ok bool)

// Windows places windows at a notification icon. Its methods may wait
// for the window's own thread, so they must not run on the UI goroutine;
// each gives up when its context ends. Safe for use by several
// goroutines (one at a time).
type Windows struct {
	mu   sync.Mutex
	icon TrayIcon
	// calculate says whether CalculatePopupWindowPosition exists.
	calculate bool
}

// OpenWindows checks that this Windows can place a popup at its icon.
func OpenWindows(icon TrayIcon) (*Windows, error) {
	if err := procShellNotifyIconGetRect.Find(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoShellPlacement, err)
	}
	return &Windows{icon: icon, calculate: procCalculatePopupWindowPosition.Find() == nil}, nil
}

// rect is Win32's RECT.
type rect struct{ Left, Top, Right, Bottom int32 }

func (r rect) toRect() Rect { return EdgesRect(r.Left, r.Top, r.Right, r.Bottom) }

// notifyIconIdentifier is Win32's NOTIFYICONIDENTIFIER.
type notifyIconIdentifier struct {
	Size     uint32
	Wnd      uintptr
	ID       uint32
	GUIDItem windows.GUID
}

// monitorInfo is Win32's MONITORINFO.
type monitorInfo struct {
	Size          uint32
	Monitor, Work rect
	Flags         uint32
}

// The structures must match the C layouts byte for byte; these fail the
// build where they do not (a negative array length): MONITORINFO is 40
// bytes everywhere, NOTIFYICONIDENTIFIER's hWnd sits at pointer
// alignment after cbSize, then uID, then the GUID.
var (
	_ [unsafe.Sizeof(monitorInfo{}) - 40]struct{}
	_ [40 - unsafe.Sizeof(monitorInfo{})]struct{}
	_ [unsafe.Offsetof(notifyIconIdentifier{}.Wnd) - unsafe.Sizeof(uintptr(0))]struct{}
	_ [unsafe.Sizeof(uintptr(0)) - unsafe.Offsetof(notifyIconIdentifier{}.Wnd)]struct{}
	_ [unsafe.Offsetof(notifyIconIdentifier{}.GUIDItem) - 2*unsafe.Sizeof(uintptr(0)) - 4]struct{}
	_ [2*unsafe.Sizeof(uintptr(0)) + 4 - unsafe.Offsetof(notifyIconIdentifier{}.GUIDItem)]struct{}
)

// hwnd turns the window id the panel holds back into a handle. Window
// handles are 32-bit values even in 64-bit Windows (so that 32-bit and
// 64-bit programs can share them), sign-extended.
func hwnd(win uint32) uintptr { return uintptr(int32(win)) }

// MakePopup keeps window win out of the taskbar (a tool window) and
// above the others.
func (w *Windows) MakePopup(ctx context.Context, win uint32) error {
	return within(ctx, func() error {
		w.mu.Lock()
		defer w.mu.Unlock()
		h := hwnd(win)
		// Both return the style, for which 0 is a value as well as the
		// failure; a window that is not there fails SetWindowPos below.
		style, _, _ := procGetWindowLongW.Call(h, gwlExStyle)
		_, _, _ = procSetWindowLongW.Call(h, gwlExStyle, uintptr(uint32(style)&^wsExAppWindow|wsExToolWindow))
		// The frame must be told of the new style; async, so that the
		// window's thread applies it without this one waiting.
		flags := uintptr(swpNoMove | swpNoSize | swpNoActivate | swpFrameChanged | swpAsyncWindowPos)
		if r, _, err := procSetWindowPos.Call(h, hwndTopmost, 0, 0, 0, 0, flags); r == 0 {
			return fmt.Errorf("keep the panel above other windows: %w", err)
		}
		return nil
	})
}

// MoveNear moves window win next to the tray icon as Place has it, the
// icon's centre standing for the click (Anchor); without the icon's
// rectangle, point, and for (0, 0) the pointer's position. Windows'
// CalculatePopupWindowPosition has the last word, keeping the window in
// the work area and off the icon.
func (w *Windows) MoveNear(ctx context.Context, win uint32, point Point) (Point, error) {
	var at Point
	err := within(ctx, func() error {
		w.mu.Lock()
		defer w.mu.Unlock()
		h := hwnd(win)
		var wr rect
		if r, _, err := procGetWindowRect.Call(h, uintptr(unsafe.Pointer(&wr))); r == 0 {
			return fmt.Errorf("read the panel's size: %w", err)
		}
		size := Size{int(wr.Right - wr.Left), int(wr.Bottom - wr.Top)}
		icon := w.iconRect()
		point = Anchor(icon.toRect(), point)
		if point == (Point{}) {
			var p struct{ X, Y int32 }
			if r, _, err := procGetCursorPos.Call(uintptr(unsafe.Pointer(&p))); r == 0 {
				return fmt.Errorf("read the pointer's position: %w", err)
			}
			point = Point{int(p.X), int(p.Y)}
		}
		mon, work, err := monitorOf(point)
		if err != nil {
			return err
		}
		at = Place(point, size, []Rect{mon}, work)
		if w.calculate {
			at = settle(at, size, icon)
		}
		flags := uintptr(swpNoSize | swpNoZOrder | swpNoActivate | swpAsyncWindowPos)
		if r, _, err := procSetWindowPos.Call(h, 0, uintptr(at.X), uintptr(at.Y), 0, 0, flags); r == 0 {
			return fmt.Errorf("move the panel: %w", err)
		}
		return nil
	})
	return at, err
}

// iconRect is the tray icon's rectangle on screen; empty when there is
// no icon yet or the shell will not say (an icon in the overflow flyout).
func (w *Windows) iconRect() rect {
	var r rect
	wnd, id, ok := w.icon()
	if !ok {
		return r
	}
	nii := notifyIconIdentifier{Wnd: wnd, ID: id}
	nii.Size = uint32(unsafe.Sizeof(nii))
	if hr, _, _ := procShellNotifyIconGetRect.Call(uintptr(unsafe.Pointer(&nii)), uintptr(unsafe.Pointer(&r))); hr != 0 {
		return rect{}
	}
	return r
}

// monitorOf is the monitor nearest p and its work area.
func monitorOf(p Point) (mon, work Rect, err error) {
	at := rect{int32(p.X), int32(p.Y), int32(p.X) + 1, int32(p.Y) + 1}
	hmon, _, _ := procMonitorFromRect.Call(uintptr(unsafe.Pointer(&at)), monitorDefaultToNearest)
	mi := monitorInfo{}
	mi.Size = uint32(unsafe.Sizeof(mi))
	if r, _, err := procGetMonitorInfoW.Call(hmon, uintptr(unsafe.Pointer(&mi))); r == 0 {
		return Rect{}, Rect{}, fmt.Errorf("read the monitor at the icon: %w", err)
	}
	return mi.Monitor.toRect(), mi.Work.toRect(), nil
}

// settle asks CalculatePopupWindowPosition where a window of size at
// point at belongs, the icon excluded: it moves the window only where
// Place's figure would leave the work area or cover the icon, which
// Windows knows better (taskbar auto-hide, display scaling). On failure
// Place's figure stands.
func settle(at Point, size Size, icon rect) Point {
	anchor := struct{ X, Y int32 }{int32(at.X), int32(at.Y)}
	sz := struct{ CX, CY int32 }{int32(size.W), int32(size.H)}
	var exclude *rect
	if icon != (rect{}) {
		exclude = &icon
	}
	var out rect
	r, _, _ := procCalculatePopupWindowPosition.Call(uintptr(unsafe.Pointer(&anchor)), uintptr(unsafe.Pointer(&sz)),
		tpmVertical|tpmWorkArea, uintptr(unsafe.Pointer(exclude)), uintptr(unsafe.Pointer(&out)))
	if r == 0 {
		return at
	}
	return Point{int(out.Left), int(out.Top)}
}
