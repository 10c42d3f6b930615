package autostart

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDesktopEntry(t *testing.T) {
	t.Parallel()
	tests := []struct{ exe, exec string }{
		{"/usr/bin/utec-tray", "Exec=/usr/bin/utec-tray\n"},
		{"/home/jane/My Apps/utec-tray", `Exec="/home/jane/My Apps/utec-tray"` + "\n"},
		{`/opt/a$b/100%/utec-tray`, `Exec="/opt/a\\$b/100%%/utec-tray"` + "\n"},
	}
	for _, tt := range tests {
		got := DesktopEntry(tt.exe)
		if !strings.Contains(got, tt.exec) || !strings.HasPrefix(got, "[Desktop Entry]\nType=Application\n") {
			t.Errorf("DesktopEntry(%q):\n%s\nwant a line %q", tt.exe, got, tt.exec)
		}
	}
}

func TestLaunchAgent(t *testing.T) {
	t.Parallel()
	got := LaunchAgent("/Applications/utec-tray.app/Contents/MacOS/utec-tray & <x>")
	for _, want := range []string{"<string>" + AppID + "</string>", "<key>RunAtLoad</key>\n\t<true/>",
		"<string>/Applications/utec-tray.app/Contents/MacOS/utec-tray &amp; &lt;x&gt;</string>"} {
		if !strings.Contains(got, want) {
			t.Errorf("LaunchAgent lacks %q:\n%s", want, got)
		}
	}
}

func TestRunValue(t *testing.T) {
	t.Parallel()
	if got := RunValue(`C:\Program Files\utec-tray\utec-tray.exe`); got != `"C:\Program Files\utec-tray\utec-tray.exe"` {
		t.Errorf("RunValue = %s", got)
	}
}

// TestSetWritesAndRemovesTheXDGEntry writes the real file, in a
// configuration folder of the test's own.
func TestSetWritesAndRemovesTheXDGEntry(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("the XDG entry is for Linux and the BSDs")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path, err := Path()
	if err != nil {
		t.Fatal(err)
	}
	if err := Set(true, "/usr/bin/utec-tray"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != DesktopEntry("/usr/bin/utec-tray") {
		t.Fatalf("after Set(true): %q, %v", data, err)
	}
	for range 2 { // off twice is fine
		if err := Set(false, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the entry is still there: %v", err)
	}
}

// TestSetOffKeepsAHandMadeEntry: an entry the person made (say, by copying
// the menu entry) is theirs; turning the switch off removes only ours.
func TestSetOffKeepsAHandMadeEntry(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("the XDG entry is for Linux and the BSDs")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path, err := Path()
	if err != nil {
		t.Fatal(err)
	}
	handMade := "[Desktop Entry]\nType=Application\nName=utec-tray\nExec=utec-tray\n"
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(handMade), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Set(false, ""); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != handMade {
		t.Errorf("the hand-made entry was touched: %q, %v", data, err)
	}
}
