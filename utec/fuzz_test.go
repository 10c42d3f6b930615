package utec

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets cover every decoder of data that comes off the network.
// Seeds are in testdata/fuzz; run one with, for example,
//
//	go test -run=NONE -fuzz=FuzzEnvelope -fuzztime=30s ./utec/

// FuzzEnvelope decodes a whole /action answer the way roundTrip and
// decodePayload do.
func FuzzEnvelope(f *testing.F) {
	f.Add([]byte(`{"header":{"namespace":"Uhome.Device","name":"Query","messageId":"m","payloadVersion":"1"},"payload":{"devices":[]}}`))
	f.Add([]byte(`{"payload":{"error":{"code":"INVALID_TOKEN","message":"expired"}}}`))
	f.Add([]byte(`{"payload":[]}`))
	f.Add([]byte(`{"message":"Internal server error"}`))
	f.Add([]byte(`{"header":{"messageId":"m"},"payload":{"devices":[{"id":"A","states":[{"capability":"st.switch","name":"switch","value":"on"},{"name":"x"}]},{"id":"B","error":{"code":"DEVICE_OFFLINE","message":"off"}}]}}`))
	f.Add([]byte(`{"header":{"messageId":5},"payload":{"devices":[{"id":7,"states":null}],"error":{"code":401}}}`))
	f.Add([]byte(`{"payload":{"error":"BUSY","devices":[{"id":"A","error":"OOPS"},{"id":"B","error":false}]}}`))
	f.Add([]byte(`{"payload":[{"id":"A","name":"Front Door"}]}`))
	f.Add([]byte(`{"header":{"messageId":"m"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ans answer
		if json.Unmarshal(data, &ans) != nil {
			return
		}
		_ = ans.messageID()
		var fast devicesAnswer
		_, _ = decodeAnswer(data, &fast, "Uhome.Device", "Query")
		checkFastDecode(t, data)
		if e := payloadAPIError(ans.Payload, "Uhome.Device", "Query", 200); e != nil {
			_ = e.Error()
		}
		var out devicesAnswer
		_ = decodePayload(ans.Payload, &out, "Uhome.Device", "Query")
		var user struct {
			errorField
			User *User `json:"user"`
		}
		_ = decodePayload(ans.Payload, &user, "Uhome.User", "Get")
		if user.User != nil {
			_ = user.User.DisplayName()
		}
	})
}

// checkFastDecode fails t when devicesAnswer's one-pass decoding reads an
// answer differently from the lenient decoding it stands in for.
func checkFastDecode(t *testing.T, data []byte) {
	t.Helper()
	var fast devicesAnswer
	fastID, ok := fast.decodeFast(data)
	if !ok {
		return
	}
	var slow devicesAnswer
	slowID, slowErr := decodeLenient(data, &slow, "Uhome.Device", "Query")
	fastErr := apiErrorOf(&fast, "Uhome.Device", "Query")
	if fastID != slowID || (fastErr == nil) != (slowErr == nil) || fastErr != nil && fastErr.Error() != slowErr.Error() {
		t.Fatalf("fast: id %q err %v; lenient: id %q err %v", fastID, fastErr, slowID, slowErr)
	}
	if len(fast.Devices) != len(slow.Devices) {
		t.Fatalf("fast: %d devices, lenient: %d", len(fast.Devices), len(slow.Devices))
	}
	for i := range fast.Devices {
		f, s := fast.Devices[i], slow.Devices[i]
		if f.ID != s.ID || !reflect.DeepEqual(f.Error, s.Error) || len(f.States) != len(s.States) ||
			len(f.States) > 0 && !reflect.DeepEqual(f.States, s.States) {
			t.Fatalf("device %d: fast %+v, lenient %+v", i, f, s)
		}
	}
}

// FuzzDevices decodes a Discovery device list and uses every device. Every
// decoded name must be safe to show: no control or format character (so no
// escape sequence, line break or bidi override), single spaces, trimmed,
// not empty, at most MaxNameRunes long, and the same when cleaned again.
func FuzzDevices(f *testing.F) {
	f.Add([]byte(`{"devices":[{"id":"A","name":"\u001b]0;t\u0007Front\nDoor\u202e\u2066x\u0085\u009b2J"},{"id":"B\u0007","name":""}]}`))
	f.Add([]byte(`{"devices":[{"id":"AA:BB:CC:DD:EE:FF","name":"Front Door","category":"SmartLock","handleType":"utec-lock-sensor",
		"deviceInfo":{"manufacturer":"U-tec","model":"Bolt-NFC-W"},"attributes":{"batteryLevelRange":{"min":1,"max":5,"step":1}},"customData":{"a":1}}]}`))
	f.Add([]byte(`{"devices":[{"id":"X","type":"LIGHT","attributes":[]},{"id":"X"},{"id":5},null]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out discoveryAnswer
		if json.Unmarshal(data, &out) != nil {
			return
		}
		devices := dedupeDevices(out.Devices)
		for i := range devices {
			d := &devices[i]
			checkName(t, d.Name)
			_, _, _ = d.Kind(), d.Dimmable(), d.HasDoorSensor()
			if _, err := devicesPayload([]Device{*d}, []Command{Lock()}); err != nil && json.Valid(d.CustomData) {
				t.Fatalf("payload for a decoded device failed: %v", err)
			}
			if _, err := json.Marshal(d); err != nil {
				t.Fatalf("decoded device does not encode: %v", err)
			}
		}
	})
}

// checkName fails t unless name is a clean name (see FuzzDevices).
func checkName(t *testing.T, name string) {
	t.Helper()
	if name == "" || strings.TrimSpace(name) != name || strings.Contains(name, "  ") || !utf8.ValidString(name) {
		t.Fatalf("name %q is empty, untrimmed, has a double space or is not UTF-8", name)
	}
	if n := utf8.RuneCountInString(name); n > MaxNameRunes {
		t.Fatalf("name %q has %d runes, more than %d", name, n, MaxNameRunes)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r != ' ' && unicode.IsSpace(r) {
			t.Fatalf("name %q holds %U", name, r)
		}
	}
	if again := CleanName(name, ""); again != name {
		t.Fatalf("cleaning %q again gives %q", name, again)
	}
}

// FuzzStates decodes a Query or Command answer and normalises the states.
func FuzzStates(f *testing.F) {
	f.Add([]byte(`{"devices":[{"id":"A","states":[{"capability":"st.lock","name":"lockState","value":"Locked"},
		{"capability":"st.batteryLevel","name":"level","value":"4"},{"capability":"st.deferredResponse","name":"seconds","value":20}]}]}`))
	f.Add([]byte(`{"devices":[{"id":"A","error":{"code":404,"message":null}},{"id":"B","states":{}}]}`))
	f.Add([]byte(`{"devices":[{"id":"A","states":[{"capability":"st.switchLevel","name":"level","value":1e300}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out devicesAnswer
		if json.Unmarshal(data, &out) != nil {
			return
		}
		lock := &Device{Attributes: Attributes{BatteryLevelRange: &Range{Min: 1, Max: 5}}}
		for _, a := range deviceAnswers(out) {
			if e := a.deviceError(); e != nil {
				_ = e.Error()
			}
			st := NewStatus(lock, a.states())
			if st.Battery != nil && (*st.Battery < 0 || *st.Battery > 100) {
				t.Fatalf("battery %d%% out of range", *st.Battery)
			}
			if st.Brightness != nil && (*st.Brightness < 0 || *st.Brightness > 100) {
				t.Fatalf("brightness %d%% out of range", *st.Brightness)
			}
			if d := deferredSeconds(a.states()); d < 0 {
				t.Fatalf("negative deferred delay %v", d)
			}
		}
	})
}

// FuzzTokenAnswer normalises token endpoint answers: whatever comes in, the
// result must be JSON, and a token must never appear in an error answer.
func FuzzTokenAnswer(f *testing.F) {
	f.Add(200, []byte(`{"code":200,"data":{"access_token":"A","refresh_token":"R","expires_in":601200}}`))
	f.Add(200, []byte(`{"code":401,"message":"invalid_grant"}`))
	f.Add(400, []byte(`{"error":"invalid_client"}`))
	f.Add(502, []byte(`<html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		st, out := normaliseTokenAnswer(status, body)
		if st == 200 {
			return
		}
		var m map[string]any
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("error answer is not JSON: %q", out)
		}
		if _, ok := m["access_token"]; ok {
			t.Fatalf("error answer carries access_token: %q", out)
		}
	})
}
