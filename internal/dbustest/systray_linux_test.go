package dbustest

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"testing"
	"time"

	"fyne.io/systray"
)

// TestFyneSystrayMenu checks the menu client against the real thing: the
// systray library Fyne uses, run in a child process because it keeps
// global state and a bus name for the life of the process.
func TestFyneSystrayMenu(t *testing.T) {
	if os.Getenv("DBUSTEST_SYSTRAY_CHILD") != "" {
		systrayChild()
		return
	}
	conn := sessionBus(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestFyneSystrayMenu$")
	cmd.Env = append(os.Environ(), "DBUSTEST_SYSTRAY_CHILD=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// systray complains that no StatusNotifierWatcher (no panel) runs;
	// that is expected here, so its output is shown only on failure.
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("child's stderr:\n%s", stderr.String())
		}
	})
	ctx := timeout(t, 10*time.Second)

	name, err := FindTrayItemOf(ctx, conn, cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	// The submenu entry: systray sends only the top level at first.
	lock, err := WaitForItem(ctx, conn, name, func(l string) bool { return l == "Lock" })
	if err != nil {
		t.Fatal(err)
	}
	root, err := Layout(conn, name)
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]struct{ enabled, visible bool }{
		"Front door": {true, true},
		"Unlock":     {false, true},
		"Hidden":     {true, false},
		"Quit":       {true, true},
	} {
		item, ok := root.Find(func(l string) bool { return l == label })
		if !ok {
			t.Errorf("no %q in %+v", label, root)
			continue
		}
		if item.Enabled != want.enabled || item.Visible != want.visible {
			t.Errorf("%q: enabled %v visible %v, want %v %v", label, item.Enabled, item.Visible, want.enabled, want.visible)
		}
	}

	// The icon, the tooltip and a checkmark, as the library publishes them.
	// The child sets them just after the menu; a panel reads them again on
	// NewIcon and NewToolTip, so wait for them as a panel would.
	var px []Pixmap
	for {
		if px, err = IconPixmap(conn, name); err != nil {
			t.Fatal(err)
		}
		if tip, _ := ReadToolTip(conn, name); len(px) == 1 && px[0].Width > 0 && tip.Title != "" || ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(px) != 1 || px[0].Width != 4 || px[0].Height != 4 || len(px[0].Data) != 4*4*4 {
		t.Errorf("IconPixmap %+v, want one 4×4 ARGB image", px)
	} else if argb := px[0].Data[:4]; argb[0] != 0xff || argb[1] != 0xff || argb[2] != 0 || argb[3] != 0 {
		t.Errorf("first pixel %x, want opaque red ff ff 00 00", argb)
	}
	tip, err := ReadToolTip(conn, name)
	if err != nil {
		t.Fatal(err)
	}
	if tip.Title != "dbustest: all locked" {
		t.Errorf("tooltip %+v", tip)
	}
	for label, want := range map[string][2]bool{"Locked": {true, true}, "Unlocked": {true, false}, "Lock": {false, false}} {
		item, _ := root.Find(func(l string) bool { return l == label })
		if isCheck, on := item.Checkmark(); isCheck != want[0] || on != want[1] {
			t.Errorf("%q: checkmark %v on %v, want %v %v", label, isCheck, on, want[0], want[1])
		}
	}

	if err := Click(conn, name, lock.ID); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	got := make(chan string, 1)
	go func() {
		lines.Scan()
		got <- lines.Text()
	}()
	select {
	case line := <-got:
		if line != "clicked Lock" {
			t.Errorf("child said %q, want %q", line, "clicked Lock")
		}
	case <-ctx.Done():
		t.Fatal("the click did not reach the menu item")
	}
}

// systrayChild shows a small tray menu and reports clicks on stdout until
// it is killed.
func systrayChild() {
	// Before the tray is ready, as the app may: the library keeps it.
	systray.SetTooltip("dbustest: all locked")
	start, _ := systray.RunWithExternalLoop(func() {
		door := systray.AddMenuItem("Front door", "")
		systray.SetTitle("dbustest")
		img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
		draw.Draw(img, img.Bounds(), image.NewUniform(color.NRGBA{0xff, 0, 0, 0xff}), image.Point{}, draw.Src)
		var buf bytes.Buffer
		_ = png.Encode(&buf, img)
		systray.SetIcon(buf.Bytes())
		go func() {
			// fyne.io/systray loses an icon set while it exports its
			// properties (onReady runs beside the export); the app sets
			// it again for that reason (app/ui/tray's systraySurface), and so
			// does this stand-in.
			time.Sleep(300 * time.Millisecond)
			systray.SetIcon(buf.Bytes())
		}()
		door.AddSubMenuItemCheckbox("Locked", "", true)
		door.AddSubMenuItemCheckbox("Unlocked", "", false)
		lock := door.AddSubMenuItem("_Lock", "")
		door.AddSubMenuItem("Unlock", "").Disable()
		systray.AddSeparator()
		systray.AddMenuItem("Hidden", "").Hide()
		quit := systray.AddMenuItem("Quit", "")
		go func() {
			for {
				select {
				case <-lock.ClickedCh:
					fmt.Println("clicked Lock")
				case <-quit.ClickedCh:
					fmt.Println("clicked Quit")
				}
			}
		}()
	}, func() {})
	start()
	// The parent kills this process; the timeout only guards against a
	// parent that died first.
	time.Sleep(time.Minute)
	os.Exit(0)
}
