package guard

import (
	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// Lights that follow the house: the lights, switches and plugs the person
// chose go off when this computer locks its screen or sleeps, and those
// utec-tray turned off come back on when the person is back. These rules
// never name a lock, whatever the settings hold: a door is not a lamp.

// LightOff is one device to turn off as the person leaves.
type LightOff struct {
	Device utec.Device
	// WasOn is set when the device was known to be on: only then is it
	// utec-tray that turns it off, and only then may it come back on.
	WasOn bool
}

// switchable reports whether d is a light, a switch or a plug.
func switchable(d *utec.Device) bool {
	switch d.Kind() {
	case utec.KindLight, utec.KindSwitch, utec.KindPlug:
		return true
	}
	return false
}

// knownOn and knownOff read a device's On from a current reading only.
func knownOn(st *poller.State, d *poller.Device) bool {
	return !st.Stale(d) && d.Status.On != nil && *d.Status.On
}

func knownOff(st *poller.State, d *poller.Device) bool {
	return !st.Stale(d) && d.Status.On != nil && !*d.Status.On
}

// LightsToTurnOff lists the chosen lights, switches and plugs that may be
// on: all but those known to be off. One whose state is not known now is
// turned off too (off is what the person asked for), but not marked as
// turned off by utec-tray, so it never comes back on by itself.
func LightsToTurnOff(st *poller.State, s *config.Settings) []LightOff {
	var out []LightOff
	for i := range st.Devices {
		d := &st.Devices[i]
		if !switchable(&d.Device) || !s.TurnsOffWhenAway(d.Device.ID) || knownOff(st, d) {
			continue
		}
		out = append(out, LightOff{Device: d.Device, WasOn: knownOn(st, d)})
	}
	return out
}

// LightsToTurnBackOn lists, of the devices utec-tray turned off (turnedOff,
// by id), those chosen to come back on that are known to be off still:
// one someone turned on meanwhile, or whose state is not known, is left
// as it is.
func LightsToTurnBackOn(turnedOff map[string]bool, st *poller.State, s *config.Settings) []utec.Device {
	var out []utec.Device
	for i := range st.Devices {
		d := &st.Devices[i]
		id := d.Device.ID
		if turnedOff[id] && switchable(&d.Device) && s.TurnsBackOn(id) && knownOff(st, d) {
			out = append(out, d.Device)
		}
	}
	return out
}
