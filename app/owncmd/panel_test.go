package owncmd

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/platform/instance"
)

// runtimeDir is a short private folder for the instance socket (a
// socket path holds about 100 bytes, t.TempDir's can be longer).
func runtimeDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "owncmd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// TestAskPanelRoundTrip: over a real instance socket the tray receives
// the bare panel wish and acknowledges it; no tray, a stale socket left
// by a crash, and a tray that quit all read as ErrTrayNotRunning.
func TestAskPanelRoundTrip(t *testing.T) {
	dir := runtimeDir(t)
	getenv := func(k string) string {
		if k == "XDG_RUNTIME_DIR" {
			return dir
		}
		return ""
	}
	if err := AskPanel(t.TempDir(), getenv, time.Second); !errors.Is(err, ErrTrayNotRunning) {
		t.Errorf("no tray: %v, want ErrTrayNotRunning", err)
	}

	// A crashed tray leaves its socket file with no one listening.
	sock := filepath.Join(dir, TrayInstance+".sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("the stale socket is gone: %v", err)
	}
	if err := AskPanel(t.TempDir(), getenv, time.Second); !errors.Is(err, ErrTrayNotRunning) {
		t.Errorf("stale socket: %v, want ErrTrayNotRunning", err)
	}

	tray, err := instance.Listen(dir, TrayInstance, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := AskPanel(t.TempDir(), getenv, time.Second); err != nil {
		t.Fatalf("with a tray: %v", err)
	}
	select {
	case msg := <-tray.Messages():
		if msg != OpenPanel || Is(msg) {
			t.Errorf("the tray got %q, want the bare %q (not a command message)", msg, OpenPanel)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the tray got no message")
	}
	if err := tray.Close(); err != nil {
		t.Fatal(err)
	}
	if err := AskPanel(t.TempDir(), getenv, time.Second); !errors.Is(err, ErrTrayNotRunning) {
		t.Errorf("tray quit: %v, want ErrTrayNotRunning", err)
	}
}
