//go:build windows

package popover

import (
	"context"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// These run where Windows' user32 runs: on Windows, or under Wine, as
// make test-wine runs them (go test -exec scripts/wine-exec.sh in a
// throwaway X session). They check the calls themselves, the structure
// layouts included, against a real window system.

var (
	procCreateWindowExW  = user32.NewProc("CreateWindowExW")
	procDestroyWindow    = user32.NewProc("DestroyWindow")
	procPeekMessageW     = user32.NewProc("PeekMessageW")
	procDispatchMessageW = user32.NewProc("DispatchMessageW")
)

// newTestWindow is a hidden popup window of w×h, as the panel is before it
// shows, destroyed when t ends. Like the app's UI thread, the thread that
// made it pumps its messages: the placement's calls come from other
// threads and are carried out by that one.
func newTestWindow(t *testing.T, w, h int) uint32 {
	t.Helper()
	made := make(chan uintptr, 1)
	done := make(chan struct{})
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		const wsPopup = 0x80000000
		class, _ := windows.UTF16PtrFromString("STATIC")
		h32, _, _ := procCreateWindowExW.Call(wsExAppWindow, uintptr(unsafe.Pointer(class)), 0, wsPopup,
			100, 100, uintptr(w), uintptr(h), 0, 0, 0, 0)
		made <- h32
		if h32 == 0 {
			return
		}
		defer func() { _, _, _ = procDestroyWindow.Call(h32) }()
		var msg [64]byte // MSG, with room to spare
		const pmRemove = 1
		for {
			select {
			case <-done:
				return
			default:
			}
			for {
				if r, _, _ := procPeekMessageW.Call(uintptr(unsafe.Pointer(&msg)), 0, 0, 0, pmRemove); r == 0 {
					break
				}
				_, _, _ = procDispatchMessageW.Call(uintptr(unsafe.Pointer(&msg)))
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	h32 := <-made
	if h32 == 0 {
		t.Fatal("CreateWindowEx made no window")
	}
	t.Cleanup(func() { close(done); <-gone })
	return uint32(h32)
}

func windowRect(t *testing.T, win uint32) Rect {
	t.Helper()
	var r rect
	if ok, _, err := procGetWindowRect.Call(hwnd(win), uintptr(unsafe.Pointer(&r))); ok == 0 {
		t.Fatalf("GetWindowRect: %v", err)
	}
	return r.toRect()
}

func TestWindowsMakesAToolWindow(t *testing.T) {
	win := newTestWindow(t, 380, 300)
	w, err := OpenWindows(func() (uintptr, uint32, bool) { return 0, 0, false })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	before, _, _ := procGetWindowLongW.Call(hwnd(win), gwlExStyle)
	if err := w.MakePopup(ctx, win); err != nil {
		t.Fatal(err)
	}
	style, _, _ := procGetWindowLongW.Call(hwnd(win), gwlExStyle)
	t.Logf("extended style %#x before, %#x after", before, style)
	if style&wsExToolWindow == 0 || style&wsExAppWindow != 0 {
		t.Errorf("extended style %#x, want WS_EX_TOOLWINDOW and no WS_EX_APPWINDOW", style)
	}
}

// With no icon known, or one the shell cannot find (Wine's
// Shell_NotifyIconGetRect always fails: a stub), the click point stands
// in: a click in the bottom right corner puts the window there, inside
// the monitor's work area and Gap off its edges, as Place has it.
func TestWindowsMovesToTheClick(t *testing.T) {
	for name, icon := range map[string]TrayIcon{
		"no icon yet":                     func() (uintptr, uint32, bool) { return 0, 0, false },
		"an icon the shell does not know": func() (uintptr, uint32, bool) { return 0x1234, 99, true },
	} {
		t.Run(name, func(t *testing.T) { movesToTheClick(t, icon) })
	}
}

func movesToTheClick(t *testing.T, icon TrayIcon) {
	win := newTestWindow(t, 380, 300)
	w, err := OpenWindows(icon)
	if err != nil {
		t.Fatal(err)
	}
	mon, work, err := monitorOf(Point{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("monitor %+v, work area %+v; CalculatePopupWindowPosition present: %v", mon, work, w.calculate)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	click := Point{work.right() - 10, work.bottom() - 5}
	at, err := w.MoveNear(ctx, win, click)
	if err != nil {
		t.Fatal(err)
	}
	if want := Place(click, Size{380, 300}, []Rect{mon}, work); at != want {
		t.Errorf("MoveNear placed the window at %v, want %v as Place has it", at, want)
	}
	// SetWindowPos went out asynchronously: wait for the window to get there.
	deadline := time.Now().Add(5 * time.Second)
	var got Rect
	for time.Now().Before(deadline) {
		if got = windowRect(t, win); got.X == at.X && got.Y == at.Y {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got.X != at.X || got.Y != at.Y || got.W != 380 || got.H != 300 {
		t.Errorf("the window is at %+v, want 380x300 at %v", got, at)
	}
	if got.intersect(work) != got {
		t.Errorf("the window %+v leaves the work area %+v", got, work)
	}
}
