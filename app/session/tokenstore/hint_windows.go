package tokenstore

import (
	"fmt"
	"time"
)

// hint says, for a person, why the Windows Credential Manager could not be
// used and what to do.
func hint(_ error, timedOut bool, timeout time.Duration) string {
	if timedOut {
		return fmt.Sprintf("Windows Credential Manager did not answer within %v: try again, "+
			"and restart Windows if it keeps happening", timeout)
	}
	return "Windows Credential Manager refused the request: check that you are signed in to Windows " +
		"with your own account (not a temporary profile), then try again"
}

// probeAfter leaves err as it is: only the Secret Service is asked about
// itself after a failure.
func probeAfter(err error, _ time.Duration) error { return err }
