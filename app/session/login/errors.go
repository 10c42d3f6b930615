package login

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrTimeout means the browser did not come back to the loopback address
// within Config.Timeout. The error Login returns says how long it waited;
// test for it with errors.Is. It deliberately does not match
// context.DeadlineExceeded: callers use that to mean "the cloud did not
// answer", which would be the wrong advice here.
var ErrTimeout = errors.New("login: no answer from the browser in time")

// ErrBadCallback means the browser came back for this very sign-in (the
// state matched) but without a usable answer: no authorization code and no
// error, or the same parameter twice. Nothing sensible can follow from it,
// so Login stops instead of waiting out the timeout.
var ErrBadCallback = errors.New("login: the sign-in answer from U-Tec was unusable")

// timeoutError is what Login returns when the wait ran out; it matches
// ErrTimeout and carries what the message needs.
type timeoutError struct {
	after       time.Duration
	redirectURI string
}

func (e *timeoutError) Error() string {
	// The most common cause is one Login never sees: U-Tec's page refuses
	// a redirect URI that is not the registered one, and never redirects.
	return fmt.Sprintf("no answer from the browser within %v: finish the sign-in in the browser page, or close it and try again "+
		"(if U-Tec's page said \"Invalid redirect uri\", register %s in the U-home app under My Account > OpenAPI first)",
		e.after, e.redirectURI)
}

func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }

// PortInUseError means the loopback port could not be opened because
// another program holds it (or, on Windows, the system reserved it). U-Tec
// compares the redirect URI exactly, port included, so the sign-in cannot
// silently move to another port unless Config.AllowPortFallback says so.
type PortInUseError struct {
	Port int
	// Err is the listen error, e.g. "bind: address already in use".
	Err error
}

func (e *PortInUseError) Error() string {
	return fmt.Sprintf("port %d on 127.0.0.1 is already in use by another program, so the sign-in cannot receive the browser's answer: "+
		"close that program and try again, or choose another redirect port (in Settings, or --redirect-port) "+
		"and register the matching redirect URI in the U-home app (My Account > OpenAPI)", e.Port)
}

func (e *PortInUseError) Unwrap() error { return e.Err }

// ProviderError is a refusal U-Tec sent back to the loopback address
// (?error=...&error_description=...), for example when the person declined
// access. Code is the RFC 6749 error code; Description is U-Tec's text,
// shortened and stripped of control characters. Neither ever holds a code
// or a token.
type ProviderError struct {
	Code        string // e.g. "access_denied"
	Description string
}

func (e *ProviderError) Error() string {
	var msg string
	switch strings.ToLower(e.Code) {
	case "access_denied":
		msg = "you declined access on the U-Tec sign-in page: sign in again and allow access to let utec-tray control your devices"
	case "server_error", "temporarily_unavailable":
		msg = "U-Tec could not complete the sign-in (" + e.Code + "): try again in a few minutes"
	default:
		msg = "U-Tec refused the sign-in request (" + e.Code + "): check the client ID in Settings and that OpenAPI is enabled in the U-home app, then try again"
	}
	if e.Description != "" {
		msg += " (U-Tec said: " + e.Description + ")"
	}
	return msg
}
