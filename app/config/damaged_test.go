package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A settings file that cannot be read as one is kept aside, byte for byte,
// and the app goes on with the defaults and says so once: it neither stops
// starting (an autostarted tray would then guard nothing, unseen) nor
// overwrites the file with the next save.
func TestDamagedSettingsAreKeptAside(t *testing.T) {
	dir := t.TempDir()
	damaged := []byte(`{"clientId": "abc", "pollSeconds": `)
	if err := os.WriteFile(filepath.Join(dir, File), damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("UTEC_TRAY_CONFIG_DIR", dir)
	loaded, err := LoadEffective(os.Getenv)
	var de *DamagedError
	if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) {
		t.Fatalf("LoadEffective of a damaged file: %v, want a DamagedError", err)
	}
	if loaded.Dir != dir || loaded.Effective.PollSeconds != Default().PollSeconds {
		t.Errorf("loaded %+v, want the defaults in %s", loaded, dir)
	}
	if filepath.Dir(de.KeptAs) != dir || !strings.HasPrefix(filepath.Base(de.KeptAs), File+".damaged-") || !strings.Contains(err.Error(), de.KeptAs) {
		t.Errorf("kept as %q (%v)", de.KeptAs, err)
	}
	if kept, err := os.ReadFile(de.KeptAs); err != nil || string(kept) != string(damaged) {
		t.Errorf("the damaged file was not kept as it was: %q, %v", kept, err)
	}
	if _, err := LoadEffective(os.Getenv); err != nil {
		t.Errorf("the next load: %v, want it told once only", err)
	}
}
