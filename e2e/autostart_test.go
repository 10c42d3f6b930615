//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/platform/autostart"
)

// TestStartAtLogin: with "start at login" on, the tray app writes the XDG
// autostart entry that starts this very binary; with it off (here changed
// in settings.json between two runs, as the settings window changes it
// during one, which app/controller tests), the entry is gone. A binary in
// a temporary folder (a checkout under /tmp) is refused instead: no entry,
// and the app says why.
func TestStartAtLogin(t *testing.T) {
	e := newEnv(t)
	xdg := filepath.Join(e.root, "xdg-config")
	entry := filepath.Join(xdg, "autostart", "io.github.utec_tray.utec_tray.desktop")
	vars := append(e.without("XDG_CONFIG_HOME"), "XDG_CONFIG_HOME="+xdg)
	conn := sessionBus(t)
	// A notification daemon of the test's own: otherwise the app's first
	// question about buttons starts the session's real one (dunst), which
	// keeps the name and fails every later test's fake daemon.
	startNotifier(t)
	e.login()
	// Where this checkout lives decides which of the two the app must do.
	lastingErr := autostart.CheckLocation(bin)

	run := func(on bool) {
		t.Helper()
		settings := `{"startAtLogin": false}`
		if on {
			settings = `{"startAtLogin": true}`
		}
		if err := os.WriteFile(filepath.Join(e.configDir, "settings.json"), []byte(settings+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		p := e.start(vars)
		u := &trayUI{t: t, conn: conn, p: p}
		name, err := findTrayItemOf(t.Context(), conn, p.pid())
		if err != nil {
			t.Fatalf("no tray item: %v\n%s", err, p.stderrText())
		}
		u.name = name
		u.item(`"Quit utec-tray"`, 10*time.Second, is("Quit utec-tray"))
		switch {
		case on && lastingErr != nil:
			if !waitFor(5*time.Second, func() bool { return strings.Contains(p.stderrText(), "could not change starting at login") }) {
				t.Fatalf("%s is in a temporary folder, and the app did not say it would not start it at login:\n%s", bin, p.stderrText())
			}
			if _, err := os.Stat(entry); !os.IsNotExist(err) {
				t.Errorf("an autostart entry for a binary in a temporary folder: %v", err)
			}
		case on:
			if !waitFor(5*time.Second, func() bool { _, err := os.Stat(entry); return err == nil }) {
				t.Fatalf("no autostart entry at %s; the app's stderr:\n%s", entry, p.stderrText())
			}
			data, _ := os.ReadFile(entry)
			if !strings.Contains(string(data), "Exec="+bin+"\n") {
				t.Errorf("the entry does not start %s:\n%s", bin, data)
			}
		}
		u.click(`"Quit utec-tray"`, u.item(`"Quit utec-tray"`, 5*time.Second, is("Quit utec-tray")))
		if r, ok := p.wait(10 * time.Second); !ok {
			t.Fatalf("the tray app did not quit:\n%s", r)
		}
	}
	run(true)
	run(false)
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("the autostart entry is still there with the setting off: %v", err)
	}
}
