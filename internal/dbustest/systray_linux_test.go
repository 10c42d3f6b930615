package dbustest

import (
	"bufio"
	"bytes"
	"fmt"
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
	start, _ := systray.RunWithExternalLoop(func() {
		systray.SetTitle("dbustest")
		door := systray.AddMenuItem("Front door", "")
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
