package settingsui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/platform/hotkey"
	"github.com/utec-tray/utec-tray/app/shortcuts"
)

// typeKeys types text into an action's keys entry and leaves it.
func typeKeys(h *harness, a shortcuts.Action, text string) {
	e := h.w.Shortcuts.Keys[a]
	e.SetText("")
	test.Type(e, text)
	e.OnCommit()
}

func TestShortcutsOffByDefault(t *testing.T) {
	h := newHarness(t, nil)
	sw := h.w.Shortcuts
	for _, a := range shortcuts.Actions {
		if sw.On[a].Checked || sw.Note[a].Visible() {
			t.Errorf("%s: on=%v, note %q", a, sw.On[a].Checked, sw.Note[a].Text)
		}
	}
	if got := sw.Keys[shortcuts.LockAll].Text; got != config.DefaultLockAllKeys {
		t.Errorf("Lock all's keys %q, want the default", got)
	}
}

// Typed keys are saved written the canonical way; keys that cannot be
// a shortcut are refused next to the entry and not saved.
func TestShortcutKeysTyped(t *testing.T) {
	h := newHarness(t, nil)
	typeKeys(h, shortcuts.OpenPanel, "super + shift + p")
	if got := h.last().Shortcuts.OpenPanel; got.Keys != "Super+Shift+P" || got.On {
		t.Errorf("saved %+v, want the keys written canonically, still off", got)
	}
	if got := h.w.Shortcuts.Keys[shortcuts.OpenPanel].Text; got != "Super+Shift+P" {
		t.Errorf("entry %q", got)
	}
	edits := len(h.applied)
	for typed, want := range map[string]string{
		"Ctrl+Alt":  "Type modifiers and a key, like Ctrl+Alt+L.",
		"Shift+P":   "Add Ctrl, Alt or Super",
		"Ctrl+Blah": "“Blah” is not a key utec-tray knows",
	} {
		typeKeys(h, shortcuts.OpenPanel, typed)
		note := h.w.Shortcuts.Note[shortcuts.OpenPanel]
		if !note.Visible() || !strings.Contains(note.Text, want) {
			t.Errorf("typed %q: note %q, want %q", typed, note.Text, want)
		}
	}
	if len(h.applied) != edits {
		t.Errorf("refused keys were saved: %+v", h.last().Shortcuts)
	}
	// Good keys again clear the refusal.
	typeKeys(h, shortcuts.OpenPanel, "Ctrl+Alt+O")
	if h.w.Shortcuts.Note[shortcuts.OpenPanel].Visible() || h.last().Shortcuts.OpenPanel.Keys != "Ctrl+Alt+O" {
		t.Errorf("note %q, saved %+v", h.w.Shortcuts.Note[shortcuts.OpenPanel].Text, h.last().Shortcuts.OpenPanel)
	}
}

func TestShortcutErrorsInWords(t *testing.T) {
	_, errs := shortcuts.Plan(config.Shortcuts{LockAll: config.Shortcut{On: true, Keys: "Ctrl+Alt+L"}, OpenPanel: config.Shortcut{On: true, Keys: "Ctrl+Alt+L"}})
	for err, want := range map[error]string{
		errs[shortcuts.OpenPanel]: "Ctrl+Alt+L is already the shortcut for Lock all; choose another.",
		hotkey.ErrUnavailable:     "Global shortcuts are not available on this desktop.",
		hotkey.ErrRefused:         "The desktop's dialog turned the shortcut down. Turn it off and on to be asked again.",
		hotkey.ErrNotBound:        "The desktop gave this shortcut no keys; set them in the desktop's keyboard settings.",
		&hotkey.UnmappedError{Accel: hotkey.Accel{Mods: hotkey.Ctrl, Key: "F20"}}: "This keyboard has no F20 key; choose another.",
	} {
		if err == nil {
			t.Fatalf("no error for %q", want)
		}
		if got := ShortcutError(err); got != want {
			t.Errorf("ShortcutError(%v) = %q, want %q", err, got, want)
		}
	}
}
