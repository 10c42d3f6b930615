package utec

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Text the cloud sends in errors is cut by character, never inside one, and
// cleaned of what a terminal would act on.
func TestShortenCutsOnCharacterBoundaries(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 300) // two bytes each: a byte cut at 200 splits none, at 201 one
	for _, s := range []string{long, "x" + long, strings.Repeat("🔒", 250)} {
		got := shorten(s)
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > maxMessageRunes || !strings.HasSuffix(got, "…") {
			t.Errorf("shorten(%d bytes) = %q: not UTF-8, too long or not marked as cut", len(s), got)
		}
	}
	if got := shorten("  Device is offline\r\n\x1b[2J and\tcannot\u202e act "); got != "Device is offline and cannot act" {
		t.Errorf("shorten = %q", got)
	}
}

func TestErrorsShowCleanIDsCodesAndMessages(t *testing.T) {
	t.Parallel()
	a := deviceAnswer{ID: "AA\x1b]0;t\x07BB", Error: &wireError{Code: "OOPS\x1b[31m", Message: "bad\nline"}}
	de := a.deviceError()
	if de.DeviceID != "AA\x1b]0;t\x07BB" {
		t.Errorf("the id was changed: %q; it must stay as sent", de.DeviceID)
	}
	if got, want := de.Error(), "utec: device AABB: OOPS: bad line"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	out := devicesAnswer{errorField: errorField{Error: &wireError{Code: "\x1b[2JBUSY", Message: "\u009b31m wait"}}}
	if got, want := apiErrorOf(&out, nsDevice, "Query").Error(), "utec: Uhome.Device/Query: BUSY: wait"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := CleanID("\x07"); got != "(no id)" {
		t.Errorf("CleanID of nothing visible = %q", got)
	}
}
