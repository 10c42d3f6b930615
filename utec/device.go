package utec

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Kind is what a device is, as far as a person is concerned.
type Kind string

// The kinds this package tells apart. Anything else is KindUnknown and still
// shows up, with its raw fields.
const (
	KindLock    Kind = "lock"
	KindLight   Kind = "light"
	KindSwitch  Kind = "switch"
	KindPlug    Kind = "plug"
	KindUnknown Kind = "unknown"
)

// Device is one device as Discovery reports it. The raw fields are kept as
// sent so that nothing the cloud says is lost; Kind and the methods give the
// normalised view.
type Device struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Category   string     `json:"category,omitempty"`
	Type       string     `json:"type,omitempty"` // one documented example uses "type" instead of "category"
	HandleType string     `json:"handleType,omitempty"`
	DeviceInfo DeviceInfo `json:"deviceInfo"`
	Attributes Attributes `json:"attributes"`
	// CustomData is opaque to clients and must go back unchanged with every
	// Query and Command for this device; Client does that.
	CustomData json.RawMessage `json:"customData,omitempty"`
	// State is the optional "state" field of a Discovery answer, as sent.
	State json.RawMessage `json:"state,omitempty"`
}

// UnmarshalJSON reads a device leniently: an id or name sent as a number
// is taken as text rather than costing the whole device. The name is
// cleaned (see CleanName): it is set by whoever can edit the account, and
// reaches terminals, menus and notifications.
func (d *Device) UnmarshalJSON(b []byte) error {
	type plain Device
	var raw struct {
		plain
		ID   looseString `json:"id"`
		Name looseString `json:"name"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*d = Device(raw.plain)
	d.ID, d.Name = string(raw.ID), CleanName(string(raw.Name), string(raw.ID))
	return nil
}

// DeviceInfo describes the hardware.
type DeviceInfo struct {
	Manufacturer string `json:"manufacturer,omitempty"`
	Model        string `json:"model,omitempty"`
	HWVersion    string `json:"hwVersion,omitempty"`
}

// Attributes are the static capabilities Discovery reports. Raw keeps the
// whole object, including attributes this package does not know.
type Attributes struct {
	BatteryLevelRange     *Range          `json:"batteryLevelRange,omitempty"`
	SwitchLevelRange      *Range          `json:"switchLevelRange,omitempty"`
	ColorTemperatureRange *Range          `json:"colorTemperatureRange,omitempty"`
	ColorModel            string          `json:"colorModel,omitempty"`
	Raw                   json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the known attributes and keeps the raw object. A
// non-object (the cloud sometimes sends [] or null) gives empty attributes.
func (a *Attributes) UnmarshalJSON(b []byte) error {
	var obj looseObject
	_ = obj.UnmarshalJSON(b)
	*a = Attributes{}
	if obj == nil {
		return nil
	}
	var known struct {
		BatteryLevelRange     *Range      `json:"batteryLevelRange"`
		SwitchLevelRange      *Range      `json:"switchLevelRange"`
		ColorTemperatureRange *Range      `json:"colorTemperatureRange"`
		ColorModel            looseString `json:"colorModel"`
	}
	if err := json.Unmarshal(obj, &known); err != nil {
		// A malformed attribute must not cost us the device.
		known = struct {
			BatteryLevelRange     *Range      `json:"batteryLevelRange"`
			SwitchLevelRange      *Range      `json:"switchLevelRange"`
			ColorTemperatureRange *Range      `json:"colorTemperatureRange"`
			ColorModel            looseString `json:"colorModel"`
		}{}
	}
	a.BatteryLevelRange = known.BatteryLevelRange.valid()
	a.SwitchLevelRange = known.SwitchLevelRange.valid()
	a.ColorTemperatureRange = known.ColorTemperatureRange.valid()
	a.ColorModel = string(known.ColorModel)
	a.Raw = json.RawMessage(obj)
	return nil
}

// MarshalJSON writes the raw object back when there is one, so that a
// device can be cached and reloaded without losing unknown attributes.
func (a Attributes) MarshalJSON() ([]byte, error) {
	if len(a.Raw) > 0 {
		return a.Raw, nil
	}
	type plain Attributes
	return json.Marshal(plain(a))
}

// Range is a numeric range from the device attributes.
type Range struct {
	Min  int `json:"min"`
	Max  int `json:"max"`
	Step int `json:"step,omitempty"`
}

// UnmarshalJSON accepts numbers or numeric strings.
func (r *Range) UnmarshalJSON(b []byte) error {
	var raw struct {
		Min, Max, Step looseInt
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*r = Range{Min: raw.Min.Value, Max: raw.Max.Value, Step: raw.Step.Value}
	if !raw.Max.Valid {
		r.Max = 0
	}
	return nil
}

// valid returns r, or nil (the default: as if the cloud had sent no range)
// when r cannot be one. Readings are scaled by the maximum, so a maximum of
// zero or below would divide by zero; no level the cloud reports is
// negative, so neither is a real minimum.
func (r *Range) valid() *Range {
	if r == nil || r.Max <= 0 || r.Min < 0 || r.Min >= r.Max {
		return nil
	}
	return r
}

// Kind tells what the device is. The category (or "type") decides when it
// is one this package knows; otherwise the handleType does. Both are
// compared without regard to case, because the cloud uses "SmartLock",
// "LOCK", "LIGHT" and "Light" for the same things.
func (d Device) Kind() Kind {
	for _, c := range []string{d.Category, d.Type} {
		if k := kindOfCategory(c); k != KindUnknown {
			return k
		}
	}
	return kindOfHandleType(d.HandleType)
}

func kindOfCategory(c string) Kind {
	c = strings.ToLower(c)
	switch {
	case c == "":
		return KindUnknown
	case strings.Contains(c, "lock"):
		return KindLock
	case strings.Contains(c, "light"), strings.Contains(c, "bulb"), strings.Contains(c, "lamp"):
		return KindLight
	case strings.Contains(c, "plug"), strings.Contains(c, "outlet"):
		return KindPlug
	case strings.Contains(c, "switch"), strings.Contains(c, "dimmer"):
		return KindSwitch
	}
	return KindUnknown
}

func kindOfHandleType(h string) Kind {
	h = strings.ToLower(h)
	switch {
	case strings.Contains(h, "lock"):
		return KindLock
	// "utec-dimmer" is used for bulbs and dimmer switches alike; without a
	// category to say otherwise, a dimmer is something that gives light.
	case strings.Contains(h, "dimmer"), strings.Contains(h, "light"), strings.Contains(h, "bulb"):
		return KindLight
	case strings.Contains(h, "switch"), strings.Contains(h, "swtich"): // sic, seen in the docs
		return KindSwitch
	case strings.Contains(h, "plug"):
		return KindPlug
	}
	return KindUnknown
}

// Dimmable reports whether the device takes a brightness level.
func (d Device) Dimmable() bool {
	if d.Attributes.SwitchLevelRange != nil {
		return true
	}
	h := strings.ToLower(d.HandleType)
	return strings.Contains(h, "dimmer") || strings.Contains(h, "light") || strings.Contains(h, "bulb")
}

// HasDoorSensor reports whether the handle type promises a door sensor. The
// sensor is often absent all the same: trust Status.Door over this.
func (d Device) HasDoorSensor() bool {
	return strings.Contains(strings.ToLower(d.HandleType), "sensor")
}

// ref is what Query and Command send to name a device.
type deviceRef struct {
	ID         string          `json:"id"`
	CustomData json.RawMessage `json:"customData,omitempty"`
}

func (d Device) ref() deviceRef {
	ref := deviceRef{ID: d.ID}
	if cd := bytes.TrimSpace(d.CustomData); len(cd) > 0 && !bytes.Equal(cd, []byte("null")) {
		ref.CustomData = d.CustomData
	}
	return ref
}

// dedupeDevices drops devices without an id and later repeats of an id,
// keeping the cloud's order.
func dedupeDevices(in []Device) []Device {
	seen := make(map[string]bool, len(in))
	out := in[:0]
	for _, d := range in {
		if d.ID == "" || seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		out = append(out, d)
	}
	return out
}
