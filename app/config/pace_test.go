package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/pace"
)

// TestPaceOfAFreshInstall is issue 21's: 10 s here, a minute away after 5
// minutes without input, 5 minutes while locked.
func TestPaceOfAFreshInstall(t *testing.T) {
	s := Default()
	s.normalise()
	if got := s.Pace(); got != pace.Defaults {
		t.Errorf("pace %+v, want %+v", got, pace.Defaults)
	}
}

// TestOldPollSecondsBecomesTheAwayInterval: a file from before the pace
// has only pollSeconds, the one interval it had; it stays the interval
// while away, and the new settings take their defaults.
func TestOldPollSecondsBecomesTheAwayInterval(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, File), []byte(`{"pollSeconds": 120, "notify": {}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := pace.Intervals{Here: 10 * time.Second, Away: 2 * time.Minute, Locked: 5 * time.Minute, AwayAfter: 5 * time.Minute}
	if got := s.Pace(); got != want {
		t.Errorf("pace %+v, want %+v", got, want)
	}
	// Saved again, the file says what is in force.
	if err := Save(dir, s); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, File))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m["pollSeconds"] != 120.0 || m["pollHereSeconds"] != 10.0 || m["awayAfterSeconds"] != 300.0 {
		t.Errorf("saved %s", raw)
	}
}

func TestPaceSettingsClamped(t *testing.T) {
	cases := []struct {
		name                 string
		here, away, after    int
		wantHere, wantAway   time.Duration
		wantLocked, wantWait time.Duration
	}{
		{"in range", 20, 120, 600, 20 * time.Second, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute},
		{"too fast", 1, 5, 1, MinPollHere, MinPollInterval, 5 * time.Minute, MinAwayAfter},
		{"too slow", 9999, 99999, 99999, MaxPollHere, MaxPollAway, MaxPollAway, MaxAwayAfter},
		{"away slower than locked", 10, 600, 300, 10 * time.Second, 10 * time.Minute, 10 * time.Minute, 5 * time.Minute},
	}
	for _, c := range cases {
		s := Default()
		s.PollHereSeconds, s.PollSeconds, s.AwayAfterSeconds = c.here, c.away, c.after
		s.normalise()
		got := s.Pace()
		want := pace.Intervals{Here: c.wantHere, Away: c.wantAway, Locked: c.wantLocked, AwayAfter: c.wantWait}
		if got != want {
			t.Errorf("%s: %+v, want %+v", c.name, got, want)
		}
	}
}

func TestPaceEnvOverrides(t *testing.T) {
	env := map[string]string{EnvPollHere: "5s", EnvPollAway: "90s", EnvAwayAfter: "2m"}
	s := Default()
	s.normalise()
	if err := s.ApplyEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	want := pace.Intervals{Here: 5 * time.Second, Away: 90 * time.Second, Locked: 5 * time.Minute, AwayAfter: 2 * time.Minute}
	if got := s.Pace(); got != want {
		t.Errorf("pace %+v, want %+v", got, want)
	}
	// The overrides are never saved.
	raw, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "Override") || strings.Contains(string(raw), `"pollHereSeconds":5`) {
		t.Errorf("an override went into the file: %s", raw)
	}
}

func TestPaceEnvErrors(t *testing.T) {
	cases := []struct{ name, value, want string }{
		{EnvPollHere, "ten", `UTEC_POLL_HERE="ten" is not a duration`},
		{EnvPollHere, "10", `UTEC_POLL_HERE="10" is not a duration`},
		{EnvPollHere, "1s", "UTEC_POLL_HERE=1s is out of range: use a duration from 5s to 5m0s"},
		{EnvPollAway, "10s", "UTEC_POLL_AWAY=10s is out of range"},
		{EnvAwayAfter, "-5m", "UTEC_AWAY_AFTER=-5m is out of range"},
		{EnvAwayAfter, "5h", "UTEC_AWAY_AFTER=5h is out of range"},
	}
	for _, c := range cases {
		s := Default()
		err := s.ApplyEnv(func(k string) string {
			if k == c.name {
				return c.value
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%s: error %v, want one saying %q", c.name, c.value, err, c.want)
		}
	}
}
