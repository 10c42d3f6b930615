//go:build !darwin && !windows && !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package tokenstore

import "time"

// hint covers the systems go-keyring does not support.
func hint(_ error, _ bool, _ time.Duration) words {
	return words{key: "keyring.hint.none", english: "this system has no keyring utec-tray can use, and it never stores secrets in a plain file: " +
		"use Linux (with gnome-keyring or KWallet), macOS or Windows"}
}

// probeAfter leaves err as it is: only the Secret Service is asked about
// itself after a failure.
func probeAfter(err error, _ time.Duration) error { return err }
