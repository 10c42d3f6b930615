package panics_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/panics"
)

func divide(a, b int) (q int, err error) {
	defer panics.Recover(slog.New(slog.NewTextHandler(&logs, nil)), "divide", &err)
	return a / b, nil
}

var logs bytes.Buffer

func TestRecoverTurnsAPanicIntoALoggedError(t *testing.T) {
	_, err := divide(1, 0)
	if !errors.Is(err, panics.ErrInternal) {
		t.Fatalf("err %v, want one matching ErrInternal", err)
	}
	var pe *panics.Error
	if !errors.As(err, &pe) || pe.Where != "divide" || !bytes.Contains(pe.Stack, []byte("panics_test.divide")) {
		t.Errorf("err %#v lacks where or the stack", err)
	}
	var runtimeErr interface{ RuntimeError() }
	if !errors.As(err, &runtimeErr) {
		t.Errorf("the runtime error is not reachable through %v", err)
	}
	out := logs.String()
	if !strings.Contains(out, "integer divide by zero") || !strings.Contains(out, "panics_test.divide") {
		t.Errorf("log lacks the panic or the stack:\n%s", out)
	}
	if q, err := divide(6, 3); err != nil || q != 2 {
		t.Errorf("without a panic: %d, %v", q, err)
	}
}
