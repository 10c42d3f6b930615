package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSaveAndLoad(t *testing.T) {
	dir := t.TempDir()
	s := Default()
	s.ClientID = " id-1 "
	s.PollSeconds = 5 // below the minimum
	s.SetHidden("A", true)
	s.SetAskBeforeUnlock("L", false)
	if err := Save(dir, s); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, File))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("settings file: %v, mode %v", err, info.Mode())
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClientID != "id-1" || got.PollSeconds != 30 || !got.IsHidden("A") || got.AsksBeforeUnlock("L") || !got.AsksBeforeUnlock("M") {
		t.Errorf("loaded %+v", got)
	}
	if err := os.WriteFile(filepath.Join(dir, File), []byte("{oops"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil {
		t.Error("a broken file loaded without error")
	}
}

func TestEnvOverridesAreNotSaved(t *testing.T) {
	file := Default()
	file.ClientID, file.APIURL = "from-file", ""
	env := map[string]string{EnvClientID: "from-env", EnvAPIURL: "http://127.0.0.1:1", EnvRedirectPort: "0"}
	getenv := func(k string) string { return env[k] }
	s := file
	if err := s.ApplyEnv(getenv); err != nil {
		t.Fatal(err)
	}
	s.PollSeconds = 120                   // changed in the window
	s.APIURL = "https://api.example.test" // changed in the window too
	out := s.WithoutEnv(file, getenv)
	if out.ClientID != "from-file" || out.RedirectPort != DefaultRedirectPort || out.PollSeconds != 120 || out.APIURL != "https://api.example.test" {
		t.Errorf("saved %+v", out)
	}
	if err := (&Settings{}).ApplyEnv(func(k string) string { return map[string]string{EnvRedirectPort: "x"}[k] }); err == nil {
		t.Error("bad port accepted")
	}
}
