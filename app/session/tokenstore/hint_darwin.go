package tokenstore

import "time"

// hint says, for a person, why the macOS Keychain could not be used and
// what to do.
func hint(_ error, timedOut bool, timeout time.Duration) words {
	if timedOut {
		return words{key: "keyring.hint.keychainTimeout", english: "the Keychain did not answer within {{.Timeout}}: unlock the login keychain " +
			"(a password prompt may be waiting), then try again", data: map[string]any{"Timeout": timeout}}
	}
	return words{key: "keyring.hint.keychain", english: "the Keychain refused the request: unlock the login keychain in Keychain Access " +
		"and allow utec-tray to use it, then try again"}
}

// probeAfter leaves err as it is: only the Secret Service is asked about
// itself after a failure.
func probeAfter(err error, _ time.Duration) error { return err }
