package devices

import (
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/panics"
)

// A command that hit a bug of this app says so in words, not with the raw
// panic value.
func TestDescribeInternalError(t *testing.T) {
	got := DescribeError("Front Door", &panics.Error{Where: "command", Value: "runtime error: integer divide by zero"})
	if !strings.HasPrefix(got, "Internal error — details in the log") || strings.Contains(got, "divide") {
		t.Errorf("DescribeError = %q", got)
	}
}
