package notify

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run when a goroutine outlives the tests: Close
// promises to stop the Sender's goroutines, the D-Bus signal readers
// among them.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
