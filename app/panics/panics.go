// Package panics turns a panic in a goroutine that handles the cloud's data
// into an error, logged with its stack. The tray watches a door: one odd
// answer that trips a bug must cost that answer, not the whole app (an app
// that exits at the first poll crash-loops at every start and watches
// nothing).
package panics

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
)

// ErrInternal is matched by every error Recover makes: a bug in this app,
// not a failure of the cloud or the network. The menu says so, and the log
// has the details.
var ErrInternal = errors.New("internal error")

// Error is a recovered panic.
type Error struct {
	// Where names the work that panicked, e.g. "poll".
	Where string
	// Value is what was passed to panic.
	Value any
	// Stack is the goroutine's stack at the panic.
	Stack []byte
}

func (e *Error) Error() string {
	return fmt.Sprintf("internal error during %s: %v (details in the log; please report it)", e.Where, e.Value)
}

// Is makes errors.Is(err, ErrInternal) true.
func (e *Error) Is(target error) bool { return target == ErrInternal }

// Unwrap returns the panic value when it is an error (a runtime error such
// as a division by zero), so that errors.As can reach it.
func (e *Error) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Recover, deferred directly, stops a panic of the calling goroutine, logs
// it with its stack at error level and stores it in *errp as an *Error:
//
//	func (p *Poller) work() (err error) {
//		defer panics.Recover(log, "poll", &err)
//		…
//	}
//
// Without a panic it does nothing. log may be nil.
func Recover(log *slog.Logger, where string, errp *error) {
	v := recover()
	if v == nil {
		return
	}
	e := &Error{Where: where, Value: v, Stack: debug.Stack()}
	if log == nil {
		log = slog.Default()
	}
	log.Error("internal error recovered; the app goes on", "during", where, "panic", fmt.Sprint(v), "stack", string(e.Stack))
	if errp != nil {
		*errp = e
	}
}
