package utec

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors that callers test with errors.Is.
var (
	// ErrUnauthorized means the cloud refused the access token (invalid,
	// expired or revoked). A client built on a refreshing token source has
	// already tried one refresh before returning it.
	ErrUnauthorized = errors.New("utec: access token refused")

	// ErrReauthRequired means the refresh token was refused too: the person
	// has to sign in again through the browser.
	ErrReauthRequired = errors.New("utec: sign-in required")

	// ErrSignedOut is the ErrReauthRequired of a person who has no sign-in
	// at all (never signed in, or signed out, perhaps by another process):
	// errors.Is(err, ErrReauthRequired) holds for it too, and
	// errors.Is(err, ErrSignedOut) tells it apart from a refused one.
	ErrSignedOut = fmt.Errorf("utec: signed out: %w", ErrReauthRequired)

	// ErrDeviceOffline is matched by a *DeviceError whose code says the
	// device is offline.
	ErrDeviceOffline = errors.New("utec: device offline")

	// ErrDeviceNotFound is returned when a device asked for is absent from
	// the cloud's answer, or the cloud says it does not know it.
	ErrDeviceNotFound = errors.New("utec: device not found")

	// ErrUnexpectedAnswer is matched by the error of a successful (2xx)
	// answer of a shape this client does not know: no payload, an empty
	// body where one is needed, a list where an object belongs. Such an
	// answer is never read as success; the client logs it, cut, at warning
	// level.
	ErrUnexpectedAnswer = errors.New("the cloud's answer has a shape this app does not know (the log has it)")
)

// Error codes seen in payload.error and per-device errors. Compare them with
// strings.EqualFold: the service is not consistent about case.
const (
	CodeInvalidToken  = "INVALID_TOKEN"
	CodeTokenExpired  = "TOKEN_EXPIRED"
	CodeUnauthorized  = "UNAUTHORIZED"
	CodeDeviceOffline = "DEVICE_OFFLINE"
	CodeBadRequest    = "BAD-REQUEST"
)

// isAuthCode reports whether an API error code means "the token is no good".
func isAuthCode(code string) bool {
	for _, c := range []string{CodeInvalidToken, CodeTokenExpired, CodeUnauthorized} {
		if strings.EqualFold(code, c) {
			return true
		}
	}
	return false
}

// APIError is an error the cloud reported inside the answer's payload,
// usually with HTTP status 200.
type APIError struct {
	Namespace  string // the interface called, e.g. "Uhome.Device"
	Name       string // the operation, e.g. "Query"
	Code       string // as sent, e.g. "INVALID_TOKEN"
	Message    string
	HTTPStatus int
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	return fmt.Sprintf("utec: %s/%s: %s: %s", e.Namespace, e.Name, e.Code, msg)
}

// Is makes errors.Is(err, ErrUnauthorized) true for token errors.
func (e *APIError) Is(target error) bool {
	return target == ErrUnauthorized && isAuthCode(e.Code)
}

// DeviceError is an error the cloud reported for one device of a Query or
// Command answer. The other devices of the same answer may have succeeded.
type DeviceError struct {
	DeviceID string
	Code     string
	Message  string
}

func (e *DeviceError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	// The id is kept as sent (it names the device to the cloud); what is
	// shown of it is cleaned like a name.
	return fmt.Sprintf("utec: device %s: %s: %s", CleanID(e.DeviceID), e.Code, msg)
}

// Is makes errors.Is work with ErrDeviceOffline, ErrDeviceNotFound and
// ErrUnauthorized.
func (e *DeviceError) Is(target error) bool {
	switch target {
	case ErrDeviceOffline:
		return strings.EqualFold(e.Code, CodeDeviceOffline)
	case ErrDeviceNotFound:
		return strings.EqualFold(e.Code, "DEVICE_NOT_FOUND") || strings.EqualFold(e.Code, "NOT_FOUND")
	case ErrUnauthorized:
		return isAuthCode(e.Code)
	}
	return false
}

// HTTPError is a non-2xx answer, or a 2xx answer whose body could not be
// read as an envelope. It never carries request headers, so no token can
// leak through it.
type HTTPError struct {
	StatusCode int
	// RetryAfter is the delay the server asked for (Retry-After), zero if
	// none was given.
	RetryAfter time.Duration
	// Message is the server's own explanation when it gave one (for example
	// "Internal server error"), shortened.
	Message string
	// Err is the decoding error for an unreadable 2xx body.
	Err error
}

func (e *HTTPError) Error() string {
	var b strings.Builder
	b.WriteString("utec: ")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	} else {
		b.WriteString("transport")
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *HTTPError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrUnauthorized) true for HTTP 401 and 403.
func (e *HTTPError) Is(target error) bool {
	return target == ErrUnauthorized &&
		(e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden)
}

// Temporary reports whether the same request may succeed later: server
// errors, throttling, timeouts and unreadable bodies.
func (e *HTTPError) Temporary() bool {
	return e.StatusCode == 0 || e.StatusCode == http.StatusTooManyRequests ||
		e.StatusCode == http.StatusRequestTimeout || e.StatusCode >= 500 ||
		(e.StatusCode >= 200 && e.StatusCode < 300)
}

// RetryAfter returns how long the server asked callers to wait before
// trying again, or zero when err carries no such request.
func RetryAfter(err error) time.Duration {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.RetryAfter
	}
	return 0
}

// parseRetryAfter reads a Retry-After header in either of its forms,
// seconds or an HTTP date. Nonsense and past dates give zero; a huge value
// is capped so that a hostile server cannot park a client for days.
func parseRetryAfter(v string, now time.Time) time.Duration {
	const ceiling = time.Hour
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(ceiling/time.Second) {
			return ceiling
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(d, ceiling)
}
