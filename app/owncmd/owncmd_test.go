package owncmd

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/platform/instance"
	"github.com/utec-tray/utec-tray/utec"
)

func ptr[T any](v T) *T { return &v }

func confirmedUnlock() Message {
	st := utec.Status{DeviceID: "AA:BB", Online: ptr(true), Lock: utec.LockUnlocked, Door: utec.DoorClosed,
		Battery: ptr(80), States: []utec.State{{Capability: "st.lock", Name: "lockState", Value: []byte(`"unlocked"`)}}}
	return Confirmed("AA:BB", devices.Action{Verb: devices.Unlock}, time.Date(2026, 11, 30, 10, 41, 7, 0, time.UTC), st)
}

func TestEncodeParseRoundTrip(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]Message{
		"sent":       Sent("AA:BB", devices.Action{Verb: devices.Lock}),
		"brightness": Sent("lamp-1", devices.Action{Verb: devices.Brightness, Percent: 40}),
		"confirmed":  confirmedUnlock(),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			line, err := Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			if !Is(line) || strings.ContainsAny(line, "\r\n") || len(line) > instance.MaxMessage {
				t.Fatalf("Encode gave %q: not one short command line", line)
			}
			got, err := Parse(line)
			if err != nil {
				t.Fatalf("Parse(%q): %v", line, err)
			}
			if !reflect.DeepEqual(got, m) {
				t.Errorf("round trip changed the message:\n got %+v\nwant %+v", got, m)
			}
		})
	}
}

func TestConfirmedLeavesTheRawStatesOut(t *testing.T) {
	t.Parallel()
	m := confirmedUnlock()
	if m.Status.States != nil {
		t.Errorf("the raw states travel too: %v", m.Status.States)
	}
	if m.Status.Lock != utec.LockUnlocked || *m.Status.Battery != 80 {
		t.Errorf("the status lost its fields: %+v", m.Status)
	}
}

func TestParseRejectsWhatMakesNoSense(t *testing.T) {
	t.Parallel()
	good := `"device":"AA:BB","verb":"unlock"`
	status := `,"done":"2026-11-30T10:41:07Z","status":{"id":"AA:BB","lock":"unlocked"}`
	tests := map[string]string{
		"not a command":       `settings`,
		"not JSON":            `cmd {v:1}`,
		"no version":          `cmd {` + good + `}`,
		"a later version":     `cmd {"v":2,` + good + `}`,
		"trailing data":       `cmd {"v":1,` + good + `} {}`,
		"no device":           `cmd {"v":1,"verb":"unlock"}`,
		"control in device":   `cmd {"v":1,"device":"AA\u0007","verb":"unlock"}`,
		"long device":         `cmd {"v":1,"device":"` + strings.Repeat("x", 129) + `","verb":"unlock"}`,
		"unknown verb":        `cmd {"v":1,"device":"AA:BB","verb":"open-sesame"}`,
		"percent over 100":    `cmd {"v":1,"device":"AA:BB","verb":"brightness","percent":101}`,
		"status without time": `cmd {"v":1,` + good + `,"status":{"id":"AA:BB","lock":"unlocked"}}`,
		"time without status": `cmd {"v":1,` + good + `,"done":"2026-11-30T10:41:07Z"}`,
		"another device's":    `cmd {"v":1,` + good + `,"done":"2026-11-30T10:41:07Z","status":{"id":"CC:DD","lock":"unlocked"}}`,
		"unknown lock state":  `cmd {"v":1,` + good + `,"done":"2026-11-30T10:41:07Z","status":{"id":"AA:BB","lock":"ajar"}}`,
		"battery over 100":    `cmd {"v":1,` + good + `,"done":"2026-11-30T10:41:07Z","status":{"id":"AA:BB","battery":250}}`,
		"too long":            `cmd {"v":1,` + good + status + strings.Repeat(" ", instance.MaxMessage) + `}`,
	}
	for name, line := range tests {
		if m, err := Parse(line); err == nil {
			t.Errorf("%s: Parse(%.60q) = %+v, want an error", name, line, m)
		}
	}
	if _, err := Parse(`cmd {"v":2,` + good + `}`); !errors.Is(err, ErrVersion) {
		t.Errorf("a later version: %v, want ErrVersion", err)
	}
	if _, err := Parse(`cmd {"v":1,` + good + status + `}`); err != nil {
		t.Errorf("the good message with a status: %v", err)
	}
}

func TestLongestMessageFits(t *testing.T) {
	t.Parallel()
	id := strings.Repeat("d", maxDeviceID)
	mode := utec.LockModePassage
	st := utec.Status{DeviceID: id, Online: ptr(true), Lock: utec.LockUnlocked, LockMode: &mode, Door: utec.DoorUnknown,
		Battery: ptr(100), BatteryLevel: ptr(1 << 62), On: ptr(false), Brightness: ptr(100), ColorTemperature: ptr(1 << 62)}
	m := Confirmed(id, devices.Action{Verb: devices.Brightness, Percent: 100}, time.Now(), st)
	line, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the longest message is %d bytes of %d", len(line), instance.MaxMessage)
}

// TestTellReachesTheTray is the round trip through a real instance
// socket: what the command line tells is what the tray reads.
func TestTellReachesTheTray(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("", "owncmd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	getenv := func(k string) string { return map[string]string{"XDG_RUNTIME_DIR": dir}[k] }

	// No tray: Tell fails at once, and says so.
	start := time.Now()
	if err := Tell("/nonexistent", getenv, confirmedUnlock(), time.Second); err == nil {
		t.Error("Tell with no tray running succeeded")
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("Tell with no tray running took %v", d)
	}

	tray, err := instance.Listen(instance.Dir("/nonexistent", getenv), TrayInstance, "")
	if err != nil {
		t.Fatal(err)
	}
	defer tray.Close()
	want := confirmedUnlock()
	if err := Tell("/nonexistent", getenv, want, time.Second); err != nil {
		t.Fatalf("Tell: %v", err)
	}
	select {
	case line := <-tray.Messages():
		got, err := Parse(line)
		if err != nil {
			t.Fatalf("Parse(%q): %v", line, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("the tray read %+v, want %+v", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the tray got nothing within 5 s")
	}
}
