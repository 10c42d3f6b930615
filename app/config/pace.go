package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/utec-tray/utec-tray/app/pace"
)

// Limits of the pace's settings: fast enough to be worth it, slow enough
// to be polite to a cloud that publishes no rate limit.
const (
	MinPollHere  = 5 * time.Second
	MaxPollHere  = 5 * time.Minute
	MaxPollAway  = time.Hour
	MinAwayAfter = time.Minute
	MaxAwayAfter = 4 * time.Hour
)

// Environment variables that override the pace for one run, as Go
// durations ("10s", "2m").
const (
	EnvPollHere  = "UTEC_POLL_HERE"
	EnvPollAway  = "UTEC_POLL_AWAY"
	EnvAwayAfter = "UTEC_AWAY_AFTER"
)

// PaceSettings are the pace's settings (app/pace): how often to check
// while the person is at the computer, and after how long without input
// they count as away. The interval while away is Settings.PollSeconds.
// A missing key means the default.
type PaceSettings struct {
	PollHereSeconds  int `json:"pollHereSeconds,omitempty"`
	AwayAfterSeconds int `json:"awayAfterSeconds,omitempty"`
	// The one-run overrides (EnvPollHere, EnvPollAway, EnvAwayAfter):
	// never saved; zero when not set.
	PollHereOverride  time.Duration `json:"-"`
	PollAwayOverride  time.Duration `json:"-"`
	AwayAfterOverride time.Duration `json:"-"`
}

func defaultPace() PaceSettings {
	return PaceSettings{PollHereSeconds: int(pace.Defaults.Here / time.Second), AwayAfterSeconds: int(pace.Defaults.AwayAfter / time.Second)}
}

func (s *Settings) normalisePace() {
	if s.PollHereSeconds <= 0 {
		s.PollHereSeconds = int(pace.Defaults.Here / time.Second)
	}
	s.PollHereSeconds = clampSeconds(s.PollHereSeconds, MinPollHere, MaxPollHere)
	s.PollSeconds = clampSeconds(s.PollSeconds, MinPollInterval, MaxPollAway)
	if s.AwayAfterSeconds <= 0 {
		s.AwayAfterSeconds = int(pace.Defaults.AwayAfter / time.Second)
	}
	s.AwayAfterSeconds = clampSeconds(s.AwayAfterSeconds, MinAwayAfter, MaxAwayAfter)
}

func clampSeconds(v int, lo, hi time.Duration) int {
	return min(max(v, int(lo/time.Second)), int(hi/time.Second))
}

// Pace returns the pace in force: the settings, or this run's overrides.
// The interval while the screen is locked is the pace's default, or the
// away interval when that is longer (a slower pace when away than locked
// would make no sense).
func (s Settings) Pace() pace.Intervals {
	iv := pace.Intervals{
		Here:      time.Duration(s.PollHereSeconds) * time.Second,
		Away:      time.Duration(s.PollSeconds) * time.Second,
		AwayAfter: time.Duration(s.AwayAfterSeconds) * time.Second,
	}
	if s.PollHereOverride > 0 {
		iv.Here = s.PollHereOverride
	}
	if s.PollAwayOverride > 0 {
		iv.Away = s.PollAwayOverride
	}
	if s.AwayAfterOverride > 0 {
		iv.AwayAfter = s.AwayAfterOverride
	}
	// Settings never normalised (a test's literal) get the defaults.
	if iv.Here <= 0 {
		iv.Here = pace.Defaults.Here
	}
	if iv.Away <= 0 {
		iv.Away = pace.Defaults.Away
	}
	if iv.AwayAfter <= 0 {
		iv.AwayAfter = pace.Defaults.AwayAfter
	}
	iv.Away = max(iv.Away, iv.Here)
	iv.Locked = max(pace.Defaults.Locked, iv.Away)
	return iv
}

// ApplyPaceEnv reads the pace's one-run overrides. A value that is not a
// duration, or out of the settings' limits, is an error that says which.
func (s *Settings) ApplyPaceEnv(getenv func(string) string) error {
	for _, o := range []struct {
		name   string
		lo, hi time.Duration
		to     *time.Duration
	}{
		{EnvPollHere, MinPollHere, MaxPollHere, &s.PollHereOverride},
		{EnvPollAway, MinPollInterval, MaxPollAway, &s.PollAwayOverride},
		{EnvAwayAfter, MinAwayAfter, MaxAwayAfter, &s.AwayAfterOverride},
	} {
		v := strings.TrimSpace(getenv(o.name))
		if v == "" {
			continue
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%s=%q is not a duration: use one like 10s, 2m or 1h30m", o.name, v)
		}
		if d < o.lo || d > o.hi {
			return fmt.Errorf("%s=%s is out of range: use a duration from %v to %v", o.name, v, o.lo, o.hi)
		}
		*o.to = d
	}
	return nil
}
