package config

// Lights that follow the house: a light, switch or plug may be turned off
// when this computer locks its screen or goes to sleep (the person left
// it), and turned back on when they are back, but only if utec-tray was
// what turned it off. Both are opt-in per device; locks are never
// touched, whatever the lists say (app/guard's rule checks the kind).

// TurnsOffWhenAway reports whether the device is to be turned off when the
// screen locks or the computer sleeps.
func (s Settings) TurnsOffWhenAway(id string) bool { return contains(s.LightsOffWhenAway, id) }

// TurnsBackOn reports whether the device, turned off by utec-tray while
// the person was away, is to be turned back on when they are back.
func (s Settings) TurnsBackOn(id string) bool {
	return s.TurnsOffWhenAway(id) && contains(s.LightsBackOn, id)
}

// WantsLightsAway reports whether any device is chosen to turn off, so
// that the app watches the screen lock and sleep for it.
func (s Settings) WantsLightsAway() bool { return len(s.LightsOffWhenAway) > 0 }

// SetLightOffWhenAway and SetLightBackOn choose a device or not.
func (s *Settings) SetLightOffWhenAway(id string, on bool) {
	s.LightsOffWhenAway = setMember(s.LightsOffWhenAway, id, on)
}
func (s *Settings) SetLightBackOn(id string, on bool) {
	s.LightsBackOn = setMember(s.LightsBackOn, id, on)
}
