package config

import (
	"fmt"
	"strings"
	"time"
)

// Defaults and limits of the reminders.
const (
	// DefaultRemindUnlockedMinutes is how long a lock stays unlocked before
	// the first reminder on a fresh install.
	DefaultRemindUnlockedMinutes = 10
	// DefaultRemindPassageMinutes is how long a lock stays held open in
	// Passage mode before a reminder: Passage is chosen on purpose, so the
	// reminder waits longer.
	DefaultRemindPassageMinutes = 60
	// MaxRemindUnlockedMinutes caps the setting at a day: a larger number
	// is surely a typo, and a day still reminds.
	MaxRemindUnlockedMinutes = 24 * 60
)

// Environment variables that override the guard settings for one run.
const (
	// EnvRemindAfter is a Go duration ("5s", "2m") that replaces every
	// lock's reminder delay, so that tests and demos need not wait minutes.
	EnvRemindAfter = "UTEC_REMIND_AFTER"
	// EnvLockOnSleep and EnvLockOnScreenLock, set to 1, choose every lock.
	EnvLockOnSleep      = "UTEC_LOCK_ON_SLEEP"
	EnvLockOnScreenLock = "UTEC_LOCK_ON_SCREEN_LOCK"
)

// RemindAfter returns how long the lock may stay unlocked before a
// reminder; 0 means no reminders for it.
func (s Settings) RemindAfter(id string) time.Duration {
	if s.RemindAfterOverride > 0 {
		return s.RemindAfterOverride
	}
	m, ok := s.RemindUnlockedMinutesPerLock[id]
	if !ok {
		m = s.RemindUnlockedMinutes
	}
	return time.Duration(m) * time.Minute
}

// RemindPassageAfter returns how long the lock may stay in Passage mode
// before a reminder; 0 means no reminders for it.
func (s Settings) RemindPassageAfter(id string) time.Duration {
	if contains(s.PassageRemindersOff, id) || s.RemindPassageMinutes <= 0 {
		return 0
	}
	if s.RemindAfterOverride > 0 {
		return s.RemindAfterOverride
	}
	return time.Duration(s.RemindPassageMinutes) * time.Minute
}

// SetPassageReminders turns the Passage-mode reminder of one lock on or
// off.
func (s *Settings) SetPassageReminders(id string, on bool) {
	s.PassageRemindersOff = setMember(s.PassageRemindersOff, id, !on)
}

// SetRemindMinutes sets one lock's reminder delay in minutes (0 = off); a
// value equal to the setting for all locks drops the override.
func (s *Settings) SetRemindMinutes(id string, minutes int) {
	minutes = clampRemind(minutes)
	m := make(map[string]int, len(s.RemindUnlockedMinutesPerLock)+1)
	for k, v := range s.RemindUnlockedMinutesPerLock {
		if k != id {
			m[k] = v
		}
	}
	if minutes != s.RemindUnlockedMinutes {
		m[id] = minutes
	}
	if len(m) == 0 {
		m = nil
	}
	s.RemindUnlockedMinutesPerLock = m
}

// LocksOnSleep reports whether the lock is to be locked when this
// computer goes to sleep.
func (s Settings) LocksOnSleep(id string) bool {
	return s.LockAllOnSleep || contains(s.LockOnSleep, id)
}

// LocksOnScreenLock reports whether the lock is to be locked when this
// computer locks its screen.
func (s Settings) LocksOnScreenLock(id string) bool {
	return s.LockAllOnScreenLock || contains(s.LockOnScreenLock, id)
}

// WantsSleepGuard and WantsScreenGuard report whether any lock is chosen,
// so that the app watches (and holds a sleep inhibitor) only then.
func (s Settings) WantsSleepGuard() bool { return s.LockAllOnSleep || len(s.LockOnSleep) > 0 }
func (s Settings) WantsScreenGuard() bool {
	return s.LockAllOnScreenLock || len(s.LockOnScreenLock) > 0
}

// SetLockOnSleep and SetLockOnScreenLock choose a lock or not.
func (s *Settings) SetLockOnSleep(id string, on bool) {
	s.LockOnSleep = setMember(s.LockOnSleep, id, on)
}
func (s *Settings) SetLockOnScreenLock(id string, on bool) {
	s.LockOnScreenLock = setMember(s.LockOnScreenLock, id, on)
}

func clampRemind(m int) int { return min(max(m, 0), MaxRemindUnlockedMinutes) }

// normaliseGuard brings the guard settings into range: a negative delay
// is off, a huge one a day; empty and repeated ids go.
func (s *Settings) normaliseGuard() {
	s.RemindUnlockedMinutes = clampRemind(s.RemindUnlockedMinutes)
	s.RemindPassageMinutes = clampRemind(s.RemindPassageMinutes)
	var per map[string]int
	for id, m := range s.RemindUnlockedMinutesPerLock {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		if per == nil {
			per = map[string]int{}
		}
		per[id] = clampRemind(m)
	}
	s.RemindUnlockedMinutesPerLock = per
	s.LockOnSleep = cleanIDs(s.LockOnSleep)
	s.LockOnScreenLock = cleanIDs(s.LockOnScreenLock)
	s.LightsOffWhenAway = cleanIDs(s.LightsOffWhenAway)
	s.LightsBackOn = cleanIDs(s.LightsBackOn)
}

func cleanIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" && !contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// ApplyGuardEnv applies the guard's one-run overrides (UTEC_REMIND_AFTER,
// UTEC_LOCK_ON_SLEEP, UTEC_LOCK_ON_SCREEN_LOCK) and nothing else: the
// demo takes them, as they are how one tries the guard without waiting
// ten minutes, but not the cloud's addresses, which would lead it away
// from its own cloud.
func (s *Settings) ApplyGuardEnv(getenv func(string) string) error {
	if v := strings.TrimSpace(getenv(EnvRemindAfter)); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("%s=%q is not a duration: use one like 5s or 10m", EnvRemindAfter, v)
		}
		s.RemindAfterOverride = d
	}
	s.LockAllOnSleep = getenv(EnvLockOnSleep) == "1"
	s.LockAllOnScreenLock = getenv(EnvLockOnScreenLock) == "1"
	return s.applyHomeEnv(getenv)
}
