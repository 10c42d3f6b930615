package devices

import (
	"errors"
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/utec"
)

func TestResult(t *testing.T) {
	lock := utec.Device{ID: "d1", Name: "Front Door", Category: "SmartLock"}
	jammed := utec.Status{DeviceID: "d1", Lock: utec.LockJammed}
	for _, tc := range []struct {
		name string
		out  utec.Outcome
		want string
		not  string
	}{
		{"time ran out before the first query", utec.Outcome{},
			"Front Door did not confirm it would lock within the time allowed (the command was sent).", "<nil>"},
		{"the cloud could not be asked", utec.Outcome{Queries: 2, LastErr: errors.New("connection refused")},
			"Front Door did not confirm it would lock: the cloud could not be asked (connection refused).", ""},
		{"jammed", utec.Outcome{Queries: 1, Status: jammed}, "Front Door did not lock: it is jammed.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Result(&lock, Action{Verb: Lock}, tc.out)
			if got != tc.want {
				t.Errorf("Result = %q, want %q", got, tc.want)
			}
			if tc.not != "" && strings.Contains(got, tc.not) {
				t.Errorf("Result = %q contains %q", got, tc.not)
			}
		})
	}
}
