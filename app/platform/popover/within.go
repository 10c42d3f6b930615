package popover

import (
	"context"
	"fmt"
)

// within runs f and returns its error, or the context's when it ends
// first: xgb's replies, and on Windows calls that wait for the window's
// own thread, have no deadline of their own. f may go on in the
// background; it only ever holds the connection or the window.
func within(ctx context.Context, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("the display server did not answer: %w", ctx.Err())
	}
}
