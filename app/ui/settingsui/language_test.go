package settingsui

import (
	"testing"

	"github.com/utec-tray/utec-tray/app/config"
)

// TestLanguageChoice: the list offers System and the four languages in
// their own names, a choice is saved at once, and a change from the file
// shows in the list.
func TestLanguageChoice(t *testing.T) {
	h := newHarness(t, nil)
	w := h.w
	want := []string{"System", "English", "Deutsch", "Français", "Español"}
	if got := w.Language.Options; len(got) != len(want) {
		t.Fatalf("options %q, want %q", got, want)
	}
	for i, o := range want {
		if w.Language.Options[i] != o {
			t.Errorf("option %d %q, want %q", i, w.Language.Options[i], o)
		}
	}
	if w.Language.Selected != "System" {
		t.Errorf("selected %q, want System", w.Language.Selected)
	}
	w.Language.SetSelected("Deutsch")
	if got := h.last().Language; got != "de" {
		t.Errorf("Language saved %q, want de", got)
	}
	old := w.s
	w.s.Language = "fr"
	w.showSettings(old)
	if w.Language.Selected != "Français" {
		t.Errorf("after the file said fr: %q", w.Language.Selected)
	}
	w.s.Language = "xx"
	w.showSettings(config.Settings{Language: "fr"})
	if w.Language.Selected != "System" {
		t.Errorf("unknown code shows %q, want System", w.Language.Selected)
	}
	if got := h.last().Language; got != "de" {
		t.Errorf("showing the file's code saved %q", got)
	}
}
