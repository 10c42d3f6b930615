package utectest

import (
	"log/slog"
	"time"
)

// Default settings of a new [Server].
const (
	// DefaultCommandDelay is how long an accepted command takes to change
	// the device's state.
	DefaultCommandDelay = 50 * time.Millisecond

	// DefaultAccessTokenTTL is the lifetime of access tokens, the
	// expires_in (601200 s, about 7 days) seen in every live capture.
	DefaultAccessTokenTTL = 601200 * time.Second
)

// An Option configures a [Server] made by [New] or [NewForTest].
type Option func(*config)

// config gathers the options before the server is built from them.
type config struct {
	quirks         Quirks
	commandDelay   time.Duration
	accessTokenTTL time.Duration
	redirectURIs   []string
	devices        []Device // nil means the sample home
	extraDevices   int
	logger         *slog.Logger
}

func defaultConfig() config {
	return config{
		quirks:         DefaultQuirks(),
		commandDelay:   DefaultCommandDelay,
		accessTokenTTL: DefaultAccessTokenTTL,
	}
}

// WithQuirks replaces [DefaultQuirks] with q.
func WithQuirks(q Quirks) Option {
	return func(c *config) { c.quirks = q }
}

// WithCommandDelay sets how long an accepted command takes to change the
// device's state (default [DefaultCommandDelay]).
func WithCommandDelay(d time.Duration) Option {
	return func(c *config) { c.commandDelay = d }
}

// WithAccessTokenTTL sets the lifetime of access tokens (default
// [DefaultAccessTokenTTL]). The expires_in sent is rounded up to whole
// seconds, and is at least 1 so clients do not take it for "never expires".
func WithAccessTokenTTL(d time.Duration) Option {
	return func(c *config) { c.accessTokenTTL = d }
}

// WithRedirectURIs registers the redirect URIs /authorize and /token
// accept, compared exactly (port included), like the user's setting in the
// U-home app. Without any, every http loopback URI (127.0.0.1, localhost or
// [::1], any port and path) is accepted.
func WithRedirectURIs(uris ...string) Option {
	return func(c *config) { c.redirectURIs = append(c.redirectURIs, uris...) }
}

// WithDevices replaces the sample home (see [SampleHome]) with devices.
// The slice is copied. Device IDs must be unique.
func WithDevices(devices []Device) Option {
	return func(c *config) { c.devices = cloneDevices(devices) }
}

// WithExtraDevices adds n generated devices after the home's own, for
// benchmarks of large homes: see [GeneratedDevices] for what they are.
func WithExtraDevices(n int) Option {
	return func(c *config) { c.extraDevices = n }
}

// WithLogger makes the server log what it receives and does (at Debug and
// Info levels). Token values are never logged. By default nothing is.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}
