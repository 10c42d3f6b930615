package utec

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// The cloud is loose about JSON types: the same field arrives as a number,
// a numeric string or null depending on the device and the day. The helpers
// here read a raw value as whatever the caller needs and say whether they
// could.

// rawText returns a raw JSON value as text: strings unquoted, numbers and
// booleans as written. Null, objects and arrays give false.
func rawText(v json.RawMessage) (string, bool) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "", false
	}
	switch v[0] {
	case '"':
		// Most strings have no escapes: take them as they are, without a
		// second trip through the decoder.
		if len(v) >= 2 && v[len(v)-1] == '"' {
			if inner := v[1 : len(v)-1]; bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 {
				return string(inner), true
			}
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", false
		}
		return s, true
	case 'n', '{', '[':
		return "", false
	default:
		return string(v), true
	}
}

// rawInt reads a number or numeric string, rounding a fractional value.
// Values beyond the int32 range are refused: no state the cloud reports is
// that large, so such a number is noise.
func rawInt(v json.RawMessage) (int, bool) {
	s, ok := rawText(v)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > math.MaxInt32 {
		return 0, false
	}
	return int(math.Round(f)), true
}

// rawBool reads true/false, "true"/"false", "on"/"off" and 1/0.
func rawBool(v json.RawMessage) (bool, bool) {
	s, ok := rawText(v)
	if !ok {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "on", "1", "yes":
		return true, true
	case "false", "off", "0", "no":
		return false, true
	}
	return false, false
}

// looseString is a string field that also accepts a number or a boolean
// (error codes have been seen as both). Null and objects decode as "".
type looseString string

func (s *looseString) UnmarshalJSON(b []byte) error {
	t, _ := rawText(b)
	*s = looseString(t)
	return nil
}

// looseInt is an integer field that also accepts a numeric string; null or
// garbage decode as zero with Valid false.
type looseInt struct {
	Value int
	Valid bool
}

func (n *looseInt) UnmarshalJSON(b []byte) error {
	n.Value, n.Valid = rawInt(b)
	return nil
}

func (n looseInt) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(n.Value), 10), nil
}

// looseObject keeps a JSON object as raw bytes and reads anything that is
// not an object (the cloud sends [] for "nothing") as empty.
type looseObject json.RawMessage

func (o *looseObject) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		*o = append((*o)[:0], b...)
		return nil
	}
	*o = nil
	return nil
}
