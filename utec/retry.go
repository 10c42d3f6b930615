package utec

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"time"
)

// RetryPolicy says how a Client retries the calls that fail for a reason
// that passes: HTTP 5xx, 429 and 408, a connection reset or refused, an
// answer cut off. Only reads are retried (User, Devices, Query): a Command
// is never sent again blindly; Execute asks the device first (see there).
// The zero value of a field takes its default from DefaultRetryPolicy.
type RetryPolicy struct {
	// Attempts is how often a read is tried at most, the first try
	// included.
	Attempts int
	// Backoff is the wait before the first retry; each later one doubles,
	// up to MaxBackoff. Each wait is drawn at random from its upper half
	// (jitter), so that clients that failed together do not come back
	// together.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After that is waited for; a
	// longer one ends the retries with the error at once.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy returns the policy the command line uses: four tries
// over a second or so, and a Retry-After of up to 30 s honoured. Every
// wait ends at the context's deadline: a retry that could not finish in
// time is not started.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{Attempts: 4, Backoff: 200 * time.Millisecond, MaxBackoff: 5 * time.Second, MaxRetryAfter: 30 * time.Second}
}

// WithRetry makes the client retry reads that fail for a passing reason,
// and makes Execute ask the device before sending a failed command again.
// Without it nothing is retried (a caller with its own back-off, such as a
// poller, wants the failure at once).
func WithRetry(p RetryPolicy) Option {
	d := DefaultRetryPolicy()
	if p.Attempts <= 0 {
		p.Attempts = d.Attempts
	}
	if p.Backoff <= 0 {
		p.Backoff = d.Backoff
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = d.MaxBackoff
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	return func(c *Client) { c.retry = &p }
}

// wait returns how long to wait before try number attempt+1, after try
// number attempt (from 1) failed with err, and false when the retries must
// stop: no tries left, a Retry-After beyond MaxRetryAfter, or a wait that
// would end after ctx's deadline.
func (p *RetryPolicy) wait(ctx context.Context, attempt int, err error) (time.Duration, bool) {
	if attempt >= p.Attempts {
		return 0, false
	}
	backoff := p.Backoff << min(attempt-1, 20)
	if backoff <= 0 || backoff > p.MaxBackoff {
		backoff = p.MaxBackoff
	}
	d := backoff/2 + rand.N(backoff/2+1)
	if ra := RetryAfter(err); ra > 0 {
		if ra > p.MaxRetryAfter {
			return 0, false
		}
		d = max(d, ra)
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return 0, false
	}
	return d, true
}

// transient reports whether a call that failed with err may succeed if
// made again: the cloud or the network failed, not the request.
func transient(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, ErrRedirectRefused) {
		return false
	}
	var apiErr *APIError
	var he *HTTPError
	var ue *url.Error
	switch {
	case errors.As(err, &apiErr):
		return retryableStatus(apiErr.HTTPStatus)
	case errors.As(err, &he):
		// A 2xx with an unreadable body is an answer cut off on the way.
		return retryableStatus(he.StatusCode) || he.StatusCode >= 200 && he.StatusCode < 300
	case errors.As(err, &ue):
		return transientTransport(err, ue)
	}
	return false
}

// transientTransport reports whether a request that got no answer may get
// one if sent again: a connection refused, reset or cut off, a timeout of
// the HTTP client's own. A certificate the system does not trust or a host
// name that does not exist stays so; asking again only delays the error.
func transientTransport(err error, ue *url.Error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var badHost x509.HostnameError
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &badHost):
		return false
	case errors.As(err, &dnsErr):
		return !dnsErr.IsNotFound
	}
	return errors.As(err, &opErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || ue.Timeout()
}

func retryableStatus(status int) bool {
	return status >= 500 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout
}

// isRead reports whether an /action call only reads, and so may be sent
// again without effect.
func isRead(namespace, name string) bool {
	switch namespace + "/" + name {
	case nsUser + "/Get", nsDevice + "/Discovery", nsDevice + "/Query":
		return true
	}
	return false
}
