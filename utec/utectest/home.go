package utectest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// IDs of the devices in the sample home (see [SampleHome]). They are
// MAC-shaped, like the live service's opaque ids.
const (
	// FrontDoorID is "Front Door", a SmartLock with a door sensor and
	// customData, locked, battery 4 of 5.
	FrontDoorID = "AA:BB:CC:DD:EE:FF"
	// BackDoorID is "Back Door", a LOCK without door sensor, locked,
	// battery 2 of 5.
	BackDoorID = "AA:BB:CC:DD:EE:01"
	// BulbID is "Living Room Lamp", a dimmable LIGHT, on at level 60.
	BulbID = "84:F7:03:BA:A4:C2"
	// PlugID is "Coffee Maker", a SmartPlug, off. It is the device sent
	// with "type" instead of "category" under [Quirks.TypeKey].
	PlugID = "7C:DF:A1:68:3E:01"
	// GarageID is "Garage Light", a SmartSwitch that is offline; the
	// cloud's last knowledge is that it is on.
	GarageID = "7C:DF:A1:68:3E:6A"
)

// A Device is one device of the fake home, as Discovery describes it plus
// its initial states.
type Device struct {
	ID   string
	Name string
	// Category as Discovery sends it: SmartLock, LOCK, LIGHT, SmartSwitch,
	// SmartPlug...
	Category string
	// HandleType such as utec-lock, utec-lock-sensor, utec-dimmer,
	// utec-switch.
	HandleType   string
	Manufacturer string
	Model        string
	HWVersion    string
	// Attributes are sent as they are, e.g. "batteryLevelRange": Range{1, 5, 1}.
	// The values are shared, not copied: do not change them afterwards.
	Attributes map[string]any
	// CustomData is opaque JSON sent in Discovery and, under
	// [Quirks.RequireCustomData], required back on Query and Command.
	// Empty means the device has none.
	CustomData json.RawMessage
	// States are the initial states, in the order Query answers them.
	// Capability and name may be given in any case. A device without a
	// st.healthCheck/status state starts online.
	States []State
	// TypeKey marks the device Discovery sends with "type" instead of
	// "category" when [Quirks.TypeKey] is on.
	TypeKey bool
}

// A State is one capability/name/value triple, as in Query answers.
type State struct {
	Capability string
	Name       string
	Value      any
}

// A Range is a min/max/step attribute such as batteryLevelRange.
type Range struct {
	Min  int `json:"min"`
	Max  int `json:"max"`
	Step int `json:"step"`
}

// Names of the user of the fake account, answered by Uhome.User/Get.
const (
	UserID        = "5f3c8e2a9b1d4c7e8a6f0b2d4e6a8c1f"
	UserFirstName = "Jane"
	UserLastName  = "Doe"
)

// SampleHome returns a fresh copy of the sample home: two locks, a lamp, a
// plug and an offline switch (see [FrontDoorID] and the other IDs).
func SampleHome() []Device {
	online := State{"st.healthCheck", "status", "online"}
	return []Device{
		{
			ID: FrontDoorID, Name: "Front Door", Category: "SmartLock", HandleType: "utec-lock-sensor",
			Manufacturer: "U-tec", Model: "Bolt-NFC-W", HWVersion: "01.50.0036",
			Attributes: map[string]any{"batteryLevelRange": Range{Min: 1, Max: 5, Step: 1}},
			CustomData: json.RawMessage(`{"lockId": 1001, "hub": "h-1"}`),
			States: []State{
				online,
				{"st.lock", "lockState", "locked"},
				{"st.lock", "lockMode", 0},
				{"st.batteryLevel", "level", 4},
				{"st.doorSensor", "sensorState", "closed"},
			},
		},
		{
			ID: BackDoorID, Name: "Back Door", Category: "LOCK", HandleType: "utec-lock",
			Manufacturer: "U-tec", Model: "U-Bolt-Pro", HWVersion: "01.42.0012",
			Attributes: map[string]any{"batteryLevelRange": Range{Min: 1, Max: 5, Step: 1}},
			States: []State{
				online,
				{"st.lock", "lockState", "locked"},
				{"st.lock", "lockMode", 0},
				{"st.batteryLevel", "level", 2},
			},
		},
		{
			ID: BulbID, Name: "Living Room Lamp", Category: "LIGHT", HandleType: "utec-dimmer",
			Manufacturer: "U-tec", Model: "LB01", HWVersion: "01.01.0120",
			Attributes: map[string]any{"switchLevelRange": Range{Min: 1, Max: 100, Step: 1}},
			States: []State{
				online,
				{"st.switch", "switch", "on"},
				{"st.switchLevel", "level", 60},
			},
		},
		{
			ID: PlugID, Name: "Coffee Maker", Category: "SmartPlug", HandleType: "utec-switch",
			Manufacturer: "U-tec", Model: "UP01", HWVersion: "01.01.0210",
			TypeKey: true,
			States: []State{
				online,
				{"st.switch", "switch", "off"},
			},
		},
		{
			ID: GarageID, Name: "Garage Light", Category: "SmartSwitch", HandleType: "utec-switch",
			Manufacturer: "U-tec", Model: "US01", HWVersion: "01.01.0330",
			States: []State{
				{"st.healthCheck", "status", "offline"},
				{"st.switch", "switch", "on"},
			},
		},
	}
}

// GeneratedDevices returns n made-up devices for large-home benchmarks,
// named "Device 001" to "Device n" with ids 02:00:00:00:HH:LL (HH:LL = the
// number in hex). They cycle through a lock, a dimmable light, a switch and
// a plug, all online, with states derived from the number, so the same n
// always gives the same home.
func GeneratedDevices(n int) []Device {
	devices := make([]Device, 0, max(n, 0))
	for i := 1; i <= n; i++ {
		d := Device{
			ID:           fmt.Sprintf("02:00:00:00:%02X:%02X", (i>>8)&0xff, i&0xff),
			Name:         fmt.Sprintf("Device %03d", i),
			Manufacturer: "U-tec",
			HWVersion:    "01.00.0001",
		}
		online := State{"st.healthCheck", "status", "online"}
		switch i % 4 {
		case 1:
			d.Category, d.HandleType, d.Model = "SmartLock", "utec-lock", "U-Bolt"
			d.Attributes = map[string]any{"batteryLevelRange": Range{Min: 1, Max: 5, Step: 1}}
			lockState := "locked"
			if i%3 == 0 {
				lockState = "unlocked"
			}
			d.States = []State{online,
				{"st.lock", "lockState", lockState},
				{"st.lock", "lockMode", 0},
				{"st.batteryLevel", "level", i%5 + 1},
			}
		case 2:
			d.Category, d.HandleType, d.Model = "LIGHT", "utec-dimmer", "LB01"
			d.Attributes = map[string]any{"switchLevelRange": Range{Min: 1, Max: 100, Step: 1}}
			d.States = []State{online,
				{"st.switch", "switch", "on"},
				{"st.switchLevel", "level", i%100 + 1},
			}
		case 3:
			d.Category, d.HandleType, d.Model = "SmartSwitch", "utec-switch", "US01"
			d.States = []State{online, {"st.switch", "switch", "off"}}
		default:
			d.Category, d.HandleType, d.Model = "SmartPlug", "utec-switch", "UP01"
			d.States = []State{online, {"st.switch", "switch", "on"}}
		}
		devices = append(devices, d)
	}
	return devices
}

func cloneDevices(devices []Device) []Device {
	out := make([]Device, len(devices))
	for i, d := range devices {
		d.Attributes = maps.Clone(d.Attributes)
		d.CustomData = slices.Clone(d.CustomData)
		d.States = slices.Clone(d.States)
		out[i] = d
	}
	return out
}

// fakeDevice is a device as the server holds it: its description and its
// current, normalised states.
type fakeDevice struct {
	Device // States left nil: the live states are below

	// customDataCompact is CustomData compacted once, for comparisons.
	customDataCompact string
	// states maps a state key (see stateKey) to a normalised value.
	states map[string]any
	// stateOrder is the order Query answers the states in.
	stateOrder []string
	// neverExecute makes commands accepted but never carried out.
	neverExecute bool
}

// home is the set of devices, in Discovery order, with an index by id.
type home struct {
	devices []*fakeDevice
	byID    map[string]*fakeDevice
}

func newHome(devices []Device) *home {
	h := &home{byID: make(map[string]*fakeDevice, len(devices))}
	for _, d := range devices {
		if _, dup := h.byID[d.ID]; dup {
			panic("utectest: duplicate device id " + d.ID)
		}
		fd := &fakeDevice{Device: d, states: map[string]any{}}
		fd.Device.States = nil
		if len(d.CustomData) > 0 {
			fd.customDataCompact = compactJSON(d.CustomData)
		}
		fd.set(keyHealth, "online")
		for _, st := range d.States {
			fd.set(stateKey(st.Capability, st.Name), st.Value)
		}
		h.devices = append(h.devices, fd)
		h.byID[d.ID] = fd
	}
	return h
}

// set stores a state, normalising its value; a new key goes last in the
// answer order.
func (d *fakeDevice) set(key string, value any) {
	if _, ok := d.states[key]; !ok {
		d.stateOrder = append(d.stateOrder, key)
	}
	d.states[key] = normaliseValue(value)
}

func (d *fakeDevice) has(key string) bool {
	_, ok := d.states[key]
	return ok
}

func (d *fakeDevice) online() bool {
	return d.states[keyHealth] == "online"
}

// intState returns an integer state, or def when absent or not a number.
func (d *fakeDevice) intState(key string, def int) int {
	if n, ok := d.states[key].(int); ok {
		return n
	}
	return def
}
