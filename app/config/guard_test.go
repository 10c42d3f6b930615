package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestRemindAfter(t *testing.T) {
	s := Default()
	s.SetRemindMinutes("B", 0)
	s.SetRemindMinutes("C", 25)
	s.SetRemindMinutes("D", 10) // the same as for all: no override
	for _, tt := range []struct {
		name     string
		override time.Duration
		id       string
		want     time.Duration
	}{
		{"the default for all locks", 0, "A", 10 * time.Minute},
		{"turned off for one lock", 0, "B", 0},
		{"longer for one lock", 0, "C", 25 * time.Minute},
		{"an override equal to the default", 0, "D", 10 * time.Minute},
		{"the environment wins for every lock", 2 * time.Second, "B", 2 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := s
			s.RemindAfterOverride = tt.override
			if got := s.RemindAfter(tt.id); got != tt.want {
				t.Errorf("RemindAfter(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
	if _, ok := s.RemindUnlockedMinutesPerLock["D"]; ok {
		t.Error("an override equal to the setting for all locks was kept")
	}
}

func TestGuardSettingsSaveAndLoad(t *testing.T) {
	dir := t.TempDir()
	s := Default()
	s.RemindUnlockedMinutes = 0 // off for all: must survive the round trip
	s.SetRemindMinutes("A", 99999)
	s.SetLockOnSleep("A", true)
	s.SetLockOnSleep("A", true)
	s.SetLockOnScreenLock("B", true)
	s.LockAllOnSleep = true // one run only
	if err := Save(dir, s); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, File))
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.RemindUnlockedMinutes != 0 || got.RemindUnlockedMinutesPerLock["A"] != MaxRemindUnlockedMinutes ||
		!reflect.DeepEqual(got.LockOnSleep, []string{"A"}) || !got.LocksOnScreenLock("B") || got.LocksOnScreenLock("A") ||
		got.LockAllOnSleep {
		t.Errorf("loaded %+v from\n%s", got, data)
	}
	// A file from before reminders existed gets the default.
	if err := os.WriteFile(filepath.Join(dir, File), []byte(`{"pollSeconds": 60, "remindUnlockedMinutesPerLock": {" ": 5, "X": -3}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err = Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.RemindUnlockedMinutes != DefaultRemindUnlockedMinutes || !reflect.DeepEqual(got.RemindUnlockedMinutesPerLock, map[string]int{"X": 0}) {
		t.Errorf("older file: %d, %v", got.RemindUnlockedMinutes, got.RemindUnlockedMinutesPerLock)
	}
}

func TestGuardEnv(t *testing.T) {
	env := map[string]string{EnvRemindAfter: "2s", EnvLockOnSleep: "1", EnvLockOnScreenLock: "0"}
	getenv := func(k string) string { return env[k] }
	file := Default()
	s := file
	if err := s.ApplyEnv(getenv); err != nil {
		t.Fatal(err)
	}
	if s.RemindAfter("any") != 2*time.Second || !s.LocksOnSleep("any") || !s.WantsSleepGuard() || s.LocksOnScreenLock("any") || s.WantsScreenGuard() {
		t.Errorf("after the environment: %+v", s)
	}
	// Saved, the overrides are gone (they are never written).
	dir := t.TempDir()
	if err := Save(dir, s.WithoutEnv(file, getenv)); err != nil {
		t.Fatal(err)
	}
	if got, _ := Load(dir); got.RemindAfter("any") != 10*time.Minute || got.LocksOnSleep("any") {
		t.Errorf("the one-run overrides were saved: %+v", got)
	}
	for _, bad := range []string{"ten", "-5s", "0"} {
		env[EnvRemindAfter] = bad
		if err := (&Settings{}).ApplyEnv(getenv); err == nil {
			t.Errorf("%s=%q accepted", EnvRemindAfter, bad)
		}
	}
}
