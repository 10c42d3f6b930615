package utec

import (
	"encoding/json"
	"testing"
)

func states(t *testing.T, js string) []State {
	t.Helper()
	var s []State
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewStatusNormalisesCaseAndTypes(t *testing.T) {
	t.Parallel()
	lock := &Device{ID: "L", Attributes: Attributes{BatteryLevelRange: &Range{Min: 1, Max: 5, Step: 1}}}
	tests := []struct {
		name   string
		states string
		check  func(t *testing.T, st Status)
	}{
		{"live spelling", `[{"capability":"st.lock","name":"lockState","value":"Locked"},
			{"capability":"st.healthCheck","name":"status","value":"Online"},
			{"capability":"st.batteryLevel","name":"level","value":4}]`,
			func(t *testing.T, st Status) {
				if st.Lock != LockLocked || !st.IsOnline() || *st.Battery != 80 || *st.BatteryLevel != 4 {
					t.Errorf("got %+v", st)
				}
			}},
		{"docs spelling", `[{"capability":"st.Lock","name":"LockState","value":"unlocked"},
			{"capability":"st.HealthCheck","name":"Status","value":"offline"},
			{"capability":"st.BatteryLevel","name":"Level","value":"1"}]`,
			func(t *testing.T, st Status) {
				if st.Lock != LockUnlocked || st.Online == nil || *st.Online || *st.Battery != 20 {
					t.Errorf("got %+v", st)
				}
			}},
		{"jammed, door open, passage", `[{"capability":"st.lock","name":"lockState","value":"JAMMED"},
			{"capability":"st.doorSensor","name":"sensorState","value":"Open"},
			{"capability":"st.lock","name":"lockMode","value":"1"}]`,
			func(t *testing.T, st Status) {
				if st.Lock != LockJammed || st.Door != DoorOpen || !st.Passage() {
					t.Errorf("got %+v", st)
				}
			}},
		{"nulls and garbage are unknown, not zero", `[{"capability":"st.lock","name":"lockState","value":null},
			{"capability":"st.batteryLevel","name":"level","value":null},
			{"capability":"st.switch","name":"switch","value":{"x":1}},
			{"capability":"st.lock","name":"lockMode","value":7}]`,
			func(t *testing.T, st Status) {
				if st.Lock != LockUnknown || st.Battery != nil || st.On != nil || st.LockMode != nil {
					t.Errorf("got %+v", st)
				}
			}},
		{"unknown capabilities kept", `[{"capability":"st.somethingNew","name":"x","value":1}]`,
			func(t *testing.T, st Status) {
				if len(st.States) != 1 || !st.States[0].Is("ST.SOMETHINGNEW", "X") {
					t.Errorf("got %+v", st)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.check(t, NewStatus(lock, states(t, tt.states)))
		})
	}
}

func TestNewStatusLights(t *testing.T) {
	t.Parallel()
	bulb := &Device{ID: "B", HandleType: "utec-dimmer"}
	st := NewStatus(bulb, states(t, `[{"capability":"st.switch","name":"switch","value":"On"},
		{"capability":"st.switchLevel","name":"level","value":"60.4"},
		{"capability":"st.colorTemperature","name":"colorTemperature","value":2700}]`))
	if st.On == nil || !*st.On || *st.Brightness != 60 || *st.ColorTemperature != 2700 {
		t.Errorf("got %+v", st)
	}
	st = NewStatus(bulb, states(t, `[{"capability":"st.switchLevel","name":"level","value":250}]`))
	if *st.Brightness != 100 {
		t.Errorf("brightness above 100 not clamped: %d", *st.Brightness)
	}
}

func TestBatteryPercent(t *testing.T) {
	t.Parallel()
	five := &Range{Min: 1, Max: 5}
	tests := []struct {
		level int
		r     *Range
		want  int
	}{
		{1, five, 20}, {5, five, 100}, {3, five, 60}, {9, five, 100},
		{4, nil, 80},  // no range, a reading of 5 or less is taken as steps
		{55, nil, 55}, // no range, a percentage
		{150, nil, 100},
		{42, &Range{Min: 0, Max: 100}, 42},
	}
	for _, tt := range tests {
		if got := batteryPercent(tt.level, tt.r); got != tt.want {
			t.Errorf("batteryPercent(%d, %+v) = %d, want %d", tt.level, tt.r, got, tt.want)
		}
	}
}

func TestDeviceKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		category, typ, handle string
		want                  Kind
	}{
		{"SmartLock", "", "utec-lock-sensor", KindLock},
		{"LOCK", "", "", KindLock},
		{"", "", "utec-lock", KindLock},
		{"LIGHT", "", "utec-dimmer", KindLight},
		{"Light", "", "", KindLight},
		{"SmartSwitch", "", "utec-dimmer", KindSwitch}, // a dimmer switch is a switch that dims
		{"SmartSwitch", "", "utec-switch", KindSwitch},
		{"SmartPlug", "", "utec-switch", KindPlug},
		{"", "smartplug", "", KindPlug},
		{"", "", "utec-swtich", KindSwitch},
		{"", "", "utec-bulb-color-rgbw", KindLight},
		{"Thermostat", "", "utec-thermo", KindUnknown},
		{"", "", "", KindUnknown},
	}
	for _, tt := range tests {
		d := Device{Category: tt.category, Type: tt.typ, HandleType: tt.handle}
		if got := d.Kind(); got != tt.want {
			t.Errorf("Kind(%q, %q, %q) = %s, want %s", tt.category, tt.typ, tt.handle, got, tt.want)
		}
	}
}

func TestDeviceDecodingKeepsRawFields(t *testing.T) {
	t.Parallel()
	raw := `{"ID":"AA:BB","Name":"Front Door","Category":"SmartLock","handleType":"utec-lock-sensor",
		"deviceInfo":{"manufacturer":"U-tec","model":"Bolt-NFC-W","hwVersion":"01.50.0036"},
		"attributes":{"batteryLevelRange":{"min":"1","max":"5","step":1},"somethingNew":true},
		"customData":{ "lockId" : 1001 }}`
	var d Device
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		t.Fatal(err)
	}
	if d.ID != "AA:BB" || d.Name != "Front Door" || d.Kind() != KindLock || !d.HasDoorSensor() {
		t.Errorf("got %+v", d)
	}
	if r := d.Attributes.BatteryLevelRange; r == nil || r.Max != 5 {
		t.Errorf("battery range %+v", r)
	}
	if string(d.CustomData) != `{ "lockId" : 1001 }` {
		t.Errorf("customData not kept byte for byte: %s", d.CustomData)
	}
	again, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Device
	if err := json.Unmarshal(again, &back); err != nil {
		t.Fatal(err)
	}
	if string(back.Attributes.Raw) != string(d.Attributes.Raw) {
		t.Errorf("attributes lost in a round trip: %s", back.Attributes.Raw)
	}
}

func TestDevicesPayloadEchoesCustomDataByteForByte(t *testing.T) {
	t.Parallel()
	devices := []Device{
		{ID: "A", CustomData: json.RawMessage(`{ "lockId" : 1001, "x": "<&>" }`)},
		{ID: "B"},
		{ID: "C", CustomData: json.RawMessage(`null`)},
	}
	got, err := devicesPayload(devices, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"devices":[{"id":"A","customData":{ "lockId" : 1001, "x": "<&>" }},{"id":"B"},{"id":"C"}]}`
	if string(got) != want {
		t.Errorf("payload\n got %s\nwant %s", got, want)
	}
	got, err = devicesPayload(devices[:1], []Command{SetBrightness(140)})
	if err != nil {
		t.Fatal(err)
	}
	want = `{"devices":[{"id":"A","customData":{ "lockId" : 1001, "x": "<&>" },"command":{"capability":"st.switchLevel","name":"setLevel","arguments":{"level":100}}}]}`
	if string(got) != want {
		t.Errorf("payload\n got %s\nwant %s", got, want)
	}
	if _, err := devicesPayload([]Device{{ID: "X", CustomData: json.RawMessage(`{bad`)}}, nil); err == nil {
		t.Error("invalid customData accepted")
	}
}

func TestCommandReached(t *testing.T) {
	t.Parallel()
	on, off := true, false
	level := func(n int) *int { return &n }
	mode := LockModePassage
	tests := []struct {
		cmd  Command
		st   Status
		want bool
	}{
		{Lock(), Status{Lock: LockLocked}, true},
		{Lock(), Status{Lock: LockJammed}, false},
		{Unlock(), Status{Lock: LockUnlocked}, true},
		{TurnOn(), Status{On: &on}, true},
		{TurnOn(), Status{On: &off}, false},
		{TurnOff(), Status{On: &off}, true},
		{SetBrightness(50), Status{Brightness: level(51)}, true},
		{SetBrightness(50), Status{Brightness: level(60)}, false},
		{SetBrightness(0), Status{On: &off}, true},
		{SetLockMode(LockModePassage), Status{LockMode: &mode}, true},
		{SetColorTemperature(3000), Status{ColorTemperature: level(3000)}, true},
		{Command{Capability: "st.unknown", Name: "x"}, Status{}, false},
	}
	for _, tt := range tests {
		if got := tt.cmd.Reached(&tt.st); got != tt.want {
			t.Errorf("%s reached by %+v = %v, want %v", tt.cmd, tt.st, got, tt.want)
		}
	}
}

// A range the cloud sends is only used when it can be one: a maximum above
// zero, a minimum not below zero and under the maximum. Anything else is
// dropped, so the device reads as if it had sent no range, and no reading
// can divide by a zero maximum.
func TestRangesFromTheCloudAreValidated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rng string
		kept      bool
	}{
		{"min below zero, max zero", `{"min":-1,"max":0}`, false},
		{"both zero", `{"min":0,"max":0}`, false},
		{"max below zero", `{"min":-5,"max":-1}`, false},
		{"min above max", `{"min":5,"max":1}`, false},
		{"min equal max", `{"min":3,"max":3}`, false},
		{"negative min", `{"min":-1,"max":5}`, false},
		{"no max", `{"min":1}`, false},
		{"steps", `{"min":1,"max":5,"step":1}`, true},
		{"percent", `{"min":0,"max":100}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var d Device
			raw := `{"id":"L","category":"SmartLock","attributes":{"batteryLevelRange":` + tt.rng +
				`,"switchLevelRange":` + tt.rng + `,"colorTemperatureRange":` + tt.rng + `}}`
			if err := json.Unmarshal([]byte(raw), &d); err != nil {
				t.Fatal(err)
			}
			a := d.Attributes
			for _, r := range []*Range{a.BatteryLevelRange, a.SwitchLevelRange, a.ColorTemperatureRange} {
				if (r != nil) != tt.kept {
					t.Errorf("range %s: kept %+v, want kept %v", tt.rng, r, tt.kept)
				}
			}
			st := NewStatus(&d, states(t, `[{"capability":"st.batteryLevel","name":"level","value":3}]`))
			if st.Battery == nil || *st.Battery < 0 || *st.Battery > 100 {
				t.Errorf("battery %v from range %s", st.Battery, tt.rng)
			}
		})
	}
}

// A Range built by code rather than decoded (a cache, a demo) gets the same
// treatment: a bad one counts as no range.
func TestBatteryPercentWithABadRangeIsNoRange(t *testing.T) {
	t.Parallel()
	for _, r := range []*Range{{Min: -1, Max: 0}, {Min: 0, Max: 0}, {Min: 4, Max: 2}, {Min: 0, Max: -3}} {
		if got, want := batteryPercent(3, r), batteryPercent(3, nil); got != want {
			t.Errorf("batteryPercent(3, %+v) = %d, want %d (as with no range)", r, got, want)
		}
	}
}
