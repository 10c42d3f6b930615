package utectest

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// State keys are "capability/name" in the canonical (live) spelling, e.g.
// "st.lock/lockState". Capabilities and names the fake does not know are
// lowercased instead, so that any spelling of them lands on the same key.
const (
	keyHealth      = "st.healthCheck/status"
	keyLockState   = "st.lock/lockState"
	keyLockMode    = "st.lock/lockMode"
	keyBattery     = "st.batteryLevel/level"
	keyDoorSensor  = "st.doorSensor/sensorState"
	keySwitch      = "st.switch/switch"
	keySwitchLevel = "st.switchLevel/level"
	keyColorTemp   = "st.colorTemperature/colorTemperature"
)

// canonicalCapabilities maps lowercased capabilities to their live spelling.
var canonicalCapabilities = map[string]string{
	"st.healthcheck":      "st.healthCheck",
	"st.lock":             "st.lock",
	"st.batterylevel":     "st.batteryLevel",
	"st.doorsensor":       "st.doorSensor",
	"st.switch":           "st.switch",
	"st.switchlevel":      "st.switchLevel",
	"st.colortemperature": "st.colorTemperature",
	"st.color":            "st.color",
	"st.deferredresponse": "st.deferredResponse",
}

// canonicalNames maps lowercased state names to their usual spelling.
var canonicalNames = map[string]string{
	"status":           "status",
	"lockstate":        "lockState",
	"lockmode":         "lockMode",
	"level":            "level",
	"sensorstate":      "sensorState",
	"switch":           "switch",
	"colortemperature": "colorTemperature",
	"seconds":          "seconds",
}

// titledStates are the states whose string values the live service
// capitalises (Locked, Online, Closed); st.switch stays "on"/"off".
var titledStates = map[string]bool{
	keyHealth:     true,
	keyLockState:  true,
	keyDoorSensor: true,
}

func canonical(table map[string]string, s string) string {
	lower := strings.ToLower(strings.TrimSpace(s))
	if c, ok := table[lower]; ok {
		return c
	}
	return lower
}

// stateKey returns the key a capability/name pair is stored under,
// whatever its case.
func stateKey(capability, name string) string {
	return canonical(canonicalCapabilities, capability) + "/" + canonical(canonicalNames, name)
}

// splitKey undoes stateKey.
func splitKey(key string) (capability, name string) {
	capability, name, _ = strings.Cut(key, "/")
	return capability, name
}

// normaliseValue stores strings lowercased, and numbers (including numeric
// strings) as int when they are whole, float64 otherwise.
func normaliseValue(v any) any {
	switch x := v.(type) {
	case string:
		s := strings.ToLower(strings.TrimSpace(x))
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
		return s
	case json.Number:
		return normaliseValue(string(x))
	case int:
		return x
	case int8:
		return int(x)
	case int16:
		return int(x)
	case int32:
		return int(x)
	case int64:
		return int(x)
	case uint:
		return int(x)
	case uint8:
		return int(x)
	case uint16:
		return int(x)
	case uint32:
		return int(x)
	case uint64:
		return int(x)
	case float32:
		return normaliseFloat(float64(x))
	case float64:
		return normaliseFloat(x)
	default:
		return v
	}
}

func normaliseFloat(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int(f)
	}
	return f
}

// spellCapability writes a canonical capability the way the chosen source
// does: live "st.batteryLevel", documentation "st.BatteryLevel".
func spellCapability(capability string, q Quirks) string {
	if q.LiveCase {
		return capability
	}
	rest, ok := strings.CutPrefix(capability, "st.")
	if !ok || rest == "" {
		return capability
	}
	return "st." + strings.ToUpper(rest[:1]) + rest[1:]
}

// spellValue writes a normalised value as the quirks say: "Locked" or
// "locked", 4 or "4".
func spellValue(key string, v any, q Quirks) any {
	switch x := v.(type) {
	case string:
		if q.LiveCase && titledStates[key] && x != "" {
			return strings.ToUpper(x[:1]) + x[1:]
		}
		return x
	case int:
		if q.NumericStrings {
			return strconv.Itoa(x)
		}
		return x
	case float64:
		if q.NumericStrings {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return x
	default:
		return v
	}
}

// wireState is one state in Query and Command answers.
type wireState struct {
	Capability string `json:"capability"`
	Name       string `json:"name"`
	Value      any    `json:"value"`
}

// wireStateOf spells one stored state for the wire.
func wireStateOf(key string, v any, q Quirks) wireState {
	capability, name := splitKey(key)
	return wireState{
		Capability: spellCapability(capability, q),
		Name:       name,
		Value:      spellValue(key, v, q),
	}
}

// compactJSON returns raw without insignificant spaces, or raw unchanged
// when it is not valid JSON (so that it can only equal itself).
func compactJSON(raw []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}
