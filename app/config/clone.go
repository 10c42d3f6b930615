package config

import (
	"maps"
	"slices"
)

// Clone returns a copy of s that shares no slice or map with it, so that
// an edit of the copy (a window's, the wizard's) never reaches the
// settings the controller owns behind its back.
func (s Settings) Clone() Settings {
	c := s
	c.Hidden = slices.Clone(s.Hidden)
	c.Order = slices.Clone(s.Order)
	c.UnlockWithoutAsking = slices.Clone(s.UnlockWithoutAsking)
	c.Muted = slices.Clone(s.Muted)
	c.RemindUnlockedMinutesPerLock = maps.Clone(s.RemindUnlockedMinutesPerLock)
	c.LockOnSleep = slices.Clone(s.LockOnSleep)
	c.LockOnScreenLock = slices.Clone(s.LockOnScreenLock)
	c.PassageRemindersOff = slices.Clone(s.PassageRemindersOff)
	c.LightsOffWhenAway = slices.Clone(s.LightsOffWhenAway)
	c.LightsBackOn = slices.Clone(s.LightsBackOn)
	c.HomeNetworks = slices.Clone(s.HomeNetworks)
	return c
}
