package devices

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/utec"
)

// A command that hit a bug of this app says so in words, not with the raw
// panic value.
func TestDescribeInternalError(t *testing.T) {
	got := DescribeError("Front Door", &panics.Error{Where: "command", Value: "runtime error: integer divide by zero"})
	if !strings.HasPrefix(got, "Internal error — details in the log") || strings.Contains(got, "divide") {
		t.Errorf("DescribeError = %q", got)
	}
}

// An unlock whose answer was lost is not sent again: the person is told it
// may not have arrived, and can press again.
func TestDescribeUncertainUnlock(t *testing.T) {
	err := fmt.Errorf("execute: %w", &utec.UncertainError{Device: "Front Door", Command: utec.Unlock(), Err: errors.New("HTTP 500")})
	if got := DescribeError("Front Door", err); !strings.HasPrefix(got, "Unlock may not have reached Front Door") {
		t.Errorf("DescribeError = %q", got)
	}
}
