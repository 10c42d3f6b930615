//go:build linux || freebsd || openbsd || netbsd

package settingsui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/platform/hotkey"
	"github.com/utec-tray/utec-tray/app/shortcuts"
	"github.com/utec-tray/utec-tray/internal/xvfbtest"
)

// With the real manager on a real X server: a shortcut turned on is held
// and says so; keys another program holds say so next to them.
func TestShortcutStatusShown(t *testing.T) {
	xvfbtest.Start(t)
	other, err := hotkey.OpenX11(t.Context(), hotkey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	taken, _ := hotkey.Parse("Ctrl+Alt+K")
	if errs := other.Bind(t.Context(), []hotkey.Binding{{ID: "other", Accel: taken}}); errs != nil {
		t.Fatal(errs)
	}
	h := newHarness(t, nil)
	m := shortcuts.New(shortcuts.Options{Changed: func() { h.ui.Run(h.w.ShowShortcuts) }})
	defer m.Close()
	h.w.deps.Shortcuts = m.Status
	// The owner applies each edit, as the controller's OnSettings does.
	apply := func() { m.Apply(h.owned.Shortcuts) }
	note := h.w.Shortcuts.Note[shortcuts.LockAll]

	test.Tap(h.w.Shortcuts.On[shortcuts.LockAll])
	if !h.last().Shortcuts.LockAll.On {
		t.Fatal("the box did not turn the shortcut on")
	}
	apply()
	if !h.ui.DrainUntil(10*time.Second, func() bool { return note.Text == "Ctrl+Alt+Shift+L works in every program now." }) {
		t.Fatalf("note %q", note.Text)
	}
	typeKeys(h, shortcuts.LockAll, "ctrl+alt+k")
	apply()
	if !h.ui.DrainUntil(10*time.Second, func() bool {
		return note.Text == "Ctrl+Alt+K is taken by another program; choose another."
	}) {
		t.Fatalf("note %q", note.Text)
	}
	if !note.Visible() {
		t.Error("the note is hidden")
	}
	test.Tap(h.w.Shortcuts.On[shortcuts.LockAll])
	apply()
	if !h.ui.DrainUntil(10*time.Second, func() bool { return !note.Visible() }) {
		t.Errorf("turned off, the note still says %q", note.Text)
	}
}
