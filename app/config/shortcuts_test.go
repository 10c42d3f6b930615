package config

import (
	"encoding/json"
	"strings"
	"testing"
)

// Shortcuts are off in a fresh install and leave no trace in its file;
// once set they come back as saved.
func TestShortcutsSaved(t *testing.T) {
	t.Parallel()
	d := Default()
	if d.Shortcuts.AnyOn() {
		t.Fatal("a shortcut is on by default")
	}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "shortcuts") {
		t.Errorf("the default file has shortcuts: %s", data)
	}
	dir := t.TempDir()
	d.Shortcuts = Shortcuts{LockAll: Shortcut{On: true, Keys: "Super+Shift+L"}, OpenPanel: Shortcut{Keys: "Ctrl+Alt+O"}}
	if err := Save(dir, d); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Shortcuts != d.Shortcuts || !got.Shortcuts.AnyOn() {
		t.Errorf("loaded %+v, want %+v", got.Shortcuts, d.Shortcuts)
	}
}
