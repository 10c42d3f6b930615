//go:build e2e

package fyneloop

import (
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// trayWindow is the window handed to SetSystemTrayWindow before Run.
var trayWindow fyne.Window

func TestMain(m *testing.M) {
	if os.Getenv("DISPLAY") == "" {
		fmt.Println("fyneloop: no X display (run inside scripts/with-session.sh); skipped")
		os.Exit(0)
	}
	a := app.NewWithID("io.github.utec-tray.fyneloop")
	desk, ok := a.(desktop.App)
	if !ok {
		fmt.Println("fyneloop: no desktop driver")
		os.Exit(1)
	}
	trayWindow = a.Driver().(desktop.Driver).CreateSplashWindow()
	trayWindow.SetTitle("fyneloop tray window")
	box := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	box.SetMinSize(fyne.NewSize(200, 100))
	trayWindow.SetContent(box)
	desk.SetSystemTrayIcon(theme.InfoIcon())
	desk.SetSystemTrayWindow(trayWindow)
	code := 1
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			code = m.Run()
			fyne.Do(a.Quit)
		}()
	})
	a.Run()
	os.Exit(code)
}

// within is how long a test waits for what must happen: long, because a
// loop that failed to wake would never do it at all (speed is make
// bench's business, not these tests').
const within = 10 * time.Second

// settle lets the loop reach its rest after the last window hid.
func settle() { time.Sleep(300 * time.Millisecond) }

// TestFyneDoRunsWhileResting: with no window shown the loop does not tick,
// and a queued function wakes it.
func TestFyneDoRunsWhileResting(t *testing.T) {
	settle()
	ran := make(chan struct{})
	fyne.Do(func() { close(ran) })
	select {
	case <-ran:
	case <-time.After(within):
		t.Fatal("fyne.Do work did not run while no window showed")
	}
	// The same from several goroutines at once, waiting for each.
	var done atomic.Int32
	for range 20 {
		go fyne.DoAndWait(func() { done.Add(1) })
	}
	for deadline := time.Now().Add(within); done.Load() < 20; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of 20 queued functions ran", done.Load())
		}
	}
}

// TestFramesOnlyWhileAWindowShows: an animation ticks with the loop's
// frames, so it stands still while every window is hidden and moves while
// one shows.
func TestFramesOnlyWhileAWindowShows(t *testing.T) {
	var ticks atomic.Int64
	anim := fyne.NewAnimation(time.Second, func(float32) { ticks.Add(1) })
	anim.RepeatCount = fyne.AnimationRepeatForever
	var w fyne.Window
	fyne.DoAndWait(func() {
		w = fyne.CurrentApp().NewWindow("fyneloop frames")
		w.SetContent(canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)))
		w.Resize(fyne.NewSize(120, 80))
		anim.Start()
	})
	defer fyne.DoAndWait(func() { anim.Stop(); w.Close() })
	settle()
	before := ticks.Load()
	time.Sleep(time.Second)
	if moved := ticks.Load() - before; moved != 0 {
		t.Errorf("the animation ticked %d times with no window shown: the loop did not rest", moved)
	}

	fyne.DoAndWait(w.Show)
	from := ticks.Load()
	for deadline := time.Now().Add(within); ticks.Load()-from < 30; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d frames in %s with a window shown", ticks.Load()-from, within)
		}
	}

	fyne.DoAndWait(w.Hide)
	settle()
	before = ticks.Load()
	time.Sleep(time.Second)
	if moved := ticks.Load() - before; moved != 0 {
		t.Errorf("the animation ticked %d times after the window hid", moved)
	}
}

// TestTrayWindowIsCreatedAhead: the tray window has its native window
// before any Show, and the driver made no monitor window of its own
// beside it; showing it maps it.
func TestTrayWindowIsCreatedAhead(t *testing.T) {
	var handle uintptr
	var windows []string
	fyne.DoAndWait(func() {
		trayWindow.(driver.NativeWindow).RunNative(func(c any) {
			if x, ok := c.(driver.X11WindowContext); ok {
				handle = x.WindowHandle
			}
		})
		for _, w := range fyne.CurrentApp().Driver().AllWindows() {
			windows = append(windows, w.Title())
		}
	})
	if handle == 0 {
		t.Fatal("the tray window has no X11 window before its first Show")
	}
	for _, title := range windows {
		if title == "SystrayMonitor" {
			t.Errorf("the driver made its own monitor window too: windows %q", windows)
		}
	}
	x := dial(t)
	if x.mapped(t, handle) {
		t.Fatal("the tray window is mapped before any Show")
	}
	fyne.DoAndWait(trayWindow.Show)
	defer fyne.DoAndWait(trayWindow.Hide)
	for deadline := time.Now().Add(within); !x.mapped(t, handle); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the tray window did not map on Show")
		}
	}
}
