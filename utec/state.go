package utec

import (
	"encoding/json"
	"strings"
	"time"
)

// State is one reported state, as sent: {"capability", "name", "value"}.
// The cloud spells capabilities and values in whatever case it likes
// ("st.lock" or "st.Lock", "Locked" or "locked"); use Is and the Status
// view rather than comparing the fields directly.
type State struct {
	Capability string          `json:"capability"`
	Name       string          `json:"name"`
	Value      json.RawMessage `json:"value"`
}

// Capabilities and state names this package understands.
const (
	CapHealthCheck      = "st.healthCheck"
	CapLock             = "st.lock"
	CapBatteryLevel     = "st.batteryLevel"
	CapDoorSensor       = "st.doorSensor"
	CapSwitch           = "st.switch"
	CapSwitchLevel      = "st.switchLevel"
	CapColorTemperature = "st.colorTemperature"
	CapDeferredResponse = "st.deferredResponse"
)

// Is reports whether the state is capability/name, without regard to case.
func (s State) Is(capability, name string) bool {
	return strings.EqualFold(s.Capability, capability) && strings.EqualFold(s.Name, name)
}

// Text returns the value as text (numbers as written); false for null.
func (s State) Text() (string, bool) { return rawText(s.Value) }

// Int returns the value as an integer, accepting numeric strings.
func (s State) Int() (int, bool) { return rawInt(s.Value) }

// LockState is the bolt's position as the cloud last knew it.
type LockState string

// Lock states, normalised to lower case.
const (
	LockLocked   LockState = "locked"
	LockUnlocked LockState = "unlocked"
	LockJammed   LockState = "jammed"
	LockUnknown  LockState = "unknown"
)

// LockMode is the lock's operating mode (st.lock/lockMode).
type LockMode int

// Lock modes. In passage mode the lock holds itself unlocked and ignores
// lock and unlock commands; in locked mode it refuses every credential.
const (
	LockModeNormal  LockMode = 0
	LockModePassage LockMode = 1
	LockModeLocked  LockMode = 2
)

// DoorState is what a lock's door sensor reports.
type DoorState string

// Door states, normalised to lower case.
const (
	DoorOpen    DoorState = "open"
	DoorClosed  DoorState = "closed"
	DoorUnknown DoorState = "unknown"
)

// Status is the normalised view of one device's states. A nil pointer or an
// empty string means the device did not report that state. States keeps
// everything as sent, including capabilities this package does not know.
type Status struct {
	DeviceID string `json:"id"`
	// Online is from st.healthCheck. A single Offline can be a blip.
	Online *bool `json:"online,omitempty"`
	// Lock, LockMode and Door apply to locks. For an offline lock they are
	// the cloud's last knowledge, which may be months old.
	Lock     LockState `json:"lock,omitempty"`
	LockMode *LockMode `json:"lockMode,omitempty"`
	Door     DoorState `json:"door,omitempty"`
	// Battery is a percentage; BatteryLevel the raw reading (1-5 steps on
	// U-Tec locks).
	Battery      *int `json:"battery,omitempty"`
	BatteryLevel *int `json:"batteryLevel,omitempty"`
	// On, Brightness (percent) and ColorTemperature (kelvin) apply to
	// lights, switches and plugs.
	On               *bool `json:"on,omitempty"`
	Brightness       *int  `json:"brightness,omitempty"`
	ColorTemperature *int  `json:"colorTemperature,omitempty"`
	// States are the states as sent.
	States []State `json:"states,omitempty"`
	// Err is set when the cloud reported an error for this device instead
	// of states (for example DEVICE_OFFLINE).
	Err *DeviceError `json:"-"`
}

// Passage reports whether the lock is in passage mode, where it ignores
// lock and unlock commands.
func (s *Status) Passage() bool {
	return s.LockMode != nil && *s.LockMode == LockModePassage
}

// IsOnline reports whether the device is known to be online.
func (s *Status) IsOnline() bool { return s.Online != nil && *s.Online }

// NewStatus normalises the states reported for device d. d supplies the
// battery range; a zero Device is fine when it is not known.
func NewStatus(d *Device, states []State) Status {
	st := Status{DeviceID: d.ID, States: states}
	for _, s := range states {
		switch {
		case s.Is(CapHealthCheck, "status"):
			if t, ok := s.Text(); ok {
				switch strings.ToLower(strings.TrimSpace(t)) {
				case "online":
					st.Online = ptr(true)
				case "offline":
					st.Online = ptr(false)
				}
			}
		case s.Is(CapLock, "lockState"):
			st.Lock = normaliseLock(s)
		case s.Is(CapLock, "lockMode"):
			if n, ok := s.Int(); ok && n >= 0 && n <= 2 {
				st.LockMode = ptr(LockMode(n))
			}
		case s.Is(CapDoorSensor, "sensorState"):
			st.Door = normaliseDoor(s)
		case s.Is(CapBatteryLevel, "level"):
			if n, ok := s.Int(); ok && n >= 0 {
				st.BatteryLevel = ptr(n)
				st.Battery = ptr(batteryPercent(n, d.Attributes.BatteryLevelRange))
			}
		case s.Is(CapSwitch, "switch"):
			if on, ok := rawBool(s.Value); ok {
				st.On = ptr(on)
			}
		case s.Is(CapSwitchLevel, "level"):
			if n, ok := s.Int(); ok {
				st.Brightness = ptr(clamp(n, 0, 100))
			}
		case strings.EqualFold(s.Capability, CapColorTemperature):
			if n, ok := s.Int(); ok && n > 0 {
				st.ColorTemperature = ptr(n)
			}
		}
	}
	return st
}

func normaliseLock(s State) LockState {
	t, _ := s.Text()
	switch LockState(strings.ToLower(strings.TrimSpace(t))) {
	case LockLocked:
		return LockLocked
	case LockUnlocked:
		return LockUnlocked
	case LockJammed:
		return LockJammed
	}
	return LockUnknown
}

func normaliseDoor(s State) DoorState {
	t, _ := s.Text()
	switch DoorState(strings.ToLower(strings.TrimSpace(t))) {
	case DoorOpen:
		return DoorOpen
	case DoorClosed:
		return DoorClosed
	}
	return DoorUnknown
}

// batteryPercent turns a battery reading into a percentage. U-Tec locks
// report steps (1 critical … 5 full) and say so with batteryLevelRange; the
// step is scaled so that the top of the range is 100 %. A reading with no
// range is a percentage, except that a reading of 5 or less is taken as the
// usual 1-5 steps: a lock that really is at 3 % would have reported low
// batteries long before, while reading "3 of 5" as 3 % would raise a false
// alarm on every lock that leaves the range out.
// A range that is not valid (see Range.valid) counts as none: it can come
// from code as well as from a decoded answer.
func batteryPercent(level int, r *Range) int {
	r = r.valid()
	switch {
	case r != nil && r.Max <= 10:
		return clamp(level*100/r.Max, 0, 100)
	case r == nil && level <= 5:
		return clamp(level*20, 0, 100)
	}
	return clamp(level, 0, 100)
}

func clamp(n, lo, hi int) int { return max(lo, min(n, hi)) }

func ptr[T any](v T) *T { return &v }

// deferredSeconds returns the st.deferredResponse delay of a Command answer.
func deferredSeconds(states []State) time.Duration {
	for _, s := range states {
		if s.Is(CapDeferredResponse, "seconds") {
			if n, ok := s.Int(); ok && n > 0 {
				return time.Duration(min(n, 3600)) * time.Second
			}
		}
	}
	return 0
}
