package tokenstore

import "time"

// hint says, for a person, why the Windows Credential Manager could not be
// used and what to do.
func hint(_ error, timedOut bool, timeout time.Duration) words {
	if timedOut {
		return words{key: "keyring.hint.credmanTimeout", english: "Windows Credential Manager did not answer within {{.Timeout}}: try again, " +
			"and restart Windows if it keeps happening", data: map[string]any{"Timeout": timeout}}
	}
	return words{key: "keyring.hint.credman", english: "Windows Credential Manager refused the request: check that you are signed in to Windows " +
		"with your own account (not a temporary profile), then try again"}
}

// probeAfter leaves err as it is: only the Secret Service is asked about
// itself after a failure.
func probeAfter(err error, _ time.Duration) error { return err }
