package utec

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/oauth2"
)

// Defaults of a Client. Discovery gets longer than other calls because a
// large home's answer is slow to assemble on the cloud's side.
const (
	DefaultAPIURL           = "https://api.u-tec.com"
	DefaultTimeout          = 15 * time.Second
	DefaultDiscoveryTimeout = 20 * time.Second
	DefaultBatchSize        = 20
	DefaultUserAgent        = "utec-go/1"

	// maxAnswerBytes bounds what is read of an answer. A hundred devices
	// come to well under a megabyte; anything far larger is not an answer.
	maxAnswerBytes = 8 << 20
)

// Client talks to the U-Tec cloud's /action endpoint. It is safe for
// concurrent use. Every call takes a context first; a call whose context
// has no deadline gets the client's timeout.
type Client struct {
	http             *http.Client
	tokens           oauth2.TokenSource // nil when http already authenticates
	actionURL        string
	userAgent        string
	timeout          time.Duration
	discoveryTimeout time.Duration
	batchSize        int
	log              *slog.Logger
	newMessageID     func() string
	retry            *RetryPolicy // nil: no retries
	// queryTurn holds one token: a Query takes it for its whole run, so
	// that the poller's cycle and a command's confirmation never have two
	// queries in flight at once (the second waits its turn).
	queryTurn chan struct{}
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL sets the API base; /action is appended. Default DefaultAPIURL.
func WithBaseURL(base string) Option {
	return func(c *Client) { c.actionURL = strings.TrimRight(base, "/") + "/action" }
}

// WithTimeout sets the timeout of calls whose context has no deadline, and
// of Discovery when it is longer than DefaultDiscoveryTimeout.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) {
		c.timeout = d
		c.discoveryTimeout = max(d, DefaultDiscoveryTimeout)
	}
}

// WithUserAgent names the application in the User-Agent header. The cloud
// publishes no rate limit; a name lets its operators tell callers apart.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithBatchSize sets how many devices go into one Query or Command request.
// Default DefaultBatchSize.
func WithBatchSize(n int) Option {
	return func(c *Client) {
		if n > 0 {
			c.batchSize = n
		}
	}
}

// WithLogger sets where the client reports oddities of the cloud's answers
// (at debug level). Nothing secret is ever logged. Default: discard.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// WithHTTPClient sets the HTTP client used for /action. NewTokenClient uses
// it as the transport under its own Authorization header.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// NewClient returns a client that sends requests with hc, which must add
// the Authorization header itself (for example one from oauth2.NewClient).
// A nil hc is http.DefaultClient.
func NewClient(hc *http.Client, opts ...Option) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return newClient(append([]Option{WithHTTPClient(hc)}, opts...))
}

// NewTokenClient returns a client that takes its access token from ts. When
// ts is a *TokenSource (or anything with an Invalidate method like it), a
// call refused with INVALID_TOKEN makes the token source refresh once and
// the call is tried again once.
func NewTokenClient(ts oauth2.TokenSource, opts ...Option) *Client {
	c := newClient(opts)
	c.tokens = ts
	return c
}

func newClient(opts []Option) *Client {
	c := &Client{
		http:             http.DefaultClient,
		actionURL:        DefaultAPIURL + "/action",
		userAgent:        DefaultUserAgent,
		timeout:          DefaultTimeout,
		discoveryTimeout: DefaultDiscoveryTimeout,
		batchSize:        DefaultBatchSize,
		log:              slog.New(slog.DiscardHandler),
		newMessageID:     newMessageID,
		queryTurn:        make(chan struct{}, 1),
	}
	for _, o := range opts {
		o(c)
	}
	c.http = guardRedirects(c.http)
	return c
}

// ErrRedirectRefused is matched by the error of a call the API answered
// with a redirect to another host or scheme: the client does not follow
// it, so that the access token never goes anywhere but the API address it
// was configured with.
var ErrRedirectRefused = errors.New("utec: the API answered with a redirect to another address; not followed, so that the access token stays with the API (check the API address in the settings)")

// guardRedirects returns a copy of hc that refuses redirects off the
// request's scheme and host. Go's client drops the Authorization header
// only for hosts outside the original domain and not its subdomains, and a
// client whose transport adds the header would add it anywhere.
func guardRedirects(hc *http.Client) *http.Client {
	g := *hc
	next := hc.CheckRedirect
	g.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host) {
			return fmt.Errorf("%w (to %s)", ErrRedirectRefused, req.URL.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &g
}

// newMessageID returns a random (version 4) UUID for an envelope's
// messageId. The id only has to be unique, not secret, so it comes from
// math/rand/v2's per-thread generator instead of a read of the system's
// random source for each call, which showed in the Command round trip's
// profile.
func newMessageID() string {
	var u uuid.UUID
	binary.LittleEndian.PutUint64(u[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(u[8:], rand.Uint64())
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u.String()
}

// contextTokenSource is a token source that takes the call's context, as
// *TokenSource does, so that a refresh and the wait for it end with the
// call.
type contextTokenSource interface {
	TokenContext(ctx context.Context) (*oauth2.Token, error)
}

// token returns the access token for a call.
func (c *Client) token(ctx context.Context) (*oauth2.Token, error) {
	if cts, ok := c.tokens.(contextTokenSource); ok {
		return cts.TokenContext(ctx)
	}
	return c.tokens.Token()
}

// invalidator is implemented by token sources that can be told that the
// cloud refused a token, so that the next Token call refreshes.
type invalidator interface {
	Invalidate(refused *oauth2.Token)
}

// header is the envelope header of requests and answers.
type header struct {
	Namespace      string `json:"namespace"`
	Name           string `json:"name"`
	MessageID      string `json:"messageId"`
	PayloadVersion string `json:"payloadVersion"`
}

// envelope writes the request envelope around an already encoded payload.
// The header is encoded by encoding/json; the payload is spliced in as it
// is, because json.Marshal would validate and compact it again (and it is
// written by devicesPayload, which keeps customData byte for byte).
func envelope(h header, payload json.RawMessage) ([]byte, error) {
	hdr, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	const head, mid = `{"header":`, `,"payload":`
	buf := make([]byte, 0, len(head)+len(hdr)+len(mid)+len(payload)+1)
	buf = append(buf, head...)
	buf = append(buf, hdr...)
	buf = append(buf, mid...)
	buf = append(buf, payload...)
	return append(buf, '}'), nil
}

// answer is an /action answer. The gateway's own errors are a bare
// {"message": …}, so that is read too.
type answer struct {
	Header  json.RawMessage `json:"header"`
	Payload json.RawMessage `json:"payload"`
	Message looseString     `json:"message"`
}

// messageID returns the answer header's messageId, or "" when the header
// is not an object with one.
func (a *answer) messageID() string {
	var h struct {
		MessageID looseString `json:"messageId"`
	}
	if !isObject(a.Header) || json.Unmarshal(a.Header, &h) != nil {
		return ""
	}
	return string(h.MessageID)
}

// do sends one envelope and decodes the answer's payload into out.
// payload must already be JSON.
func (c *Client) do(ctx context.Context, namespace, name string, payload json.RawMessage, out payloadHolder) error {
	timeout := c.timeout
	if namespace == nsDevice && name == "Discovery" {
		timeout = c.discoveryTimeout
	}
	if _, ok := ctx.Deadline(); !ok && timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if payload == nil {
		payload = json.RawMessage("{}")
	}
	retry := c.retry != nil && isRead(namespace, name)
	for attempt := 1; ; attempt++ {
		err := c.doOnce(ctx, namespace, name, payload, out)
		if err == nil || !retry || !transient(ctx, err) {
			return err
		}
		wait, ok := c.retry.wait(ctx, attempt, err)
		if !ok {
			return err
		}
		c.log.DebugContext(ctx, "utec: call failed, retrying", "call", namespace+"/"+name, "attempt", attempt, "wait", wait, "err", err)
		if !sleepCtx(ctx, wait) {
			return err
		}
	}
}

// doOnce sends one envelope, and once more after a refresh when the cloud
// refused the token.
func (c *Client) doOnce(ctx context.Context, namespace, name string, payload json.RawMessage, out payloadHolder) error {
	var tok *oauth2.Token
	for attempt := 0; ; attempt++ {
		var err error
		if c.tokens != nil {
			if tok, err = c.token(ctx); err != nil {
				return fmt.Errorf("utec: %s/%s: get access token: %w", namespace, name, err)
			}
		}
		err = c.roundTrip(ctx, namespace, name, payload, tok, out)
		if err == nil {
			return nil
		}
		// A refused token gets one refresh and one more try, when the token
		// source can refresh at all.
		inv, canRefresh := c.tokens.(invalidator)
		if attempt == 0 && canRefresh && tok != nil && errors.Is(err, ErrUnauthorized) {
			c.log.DebugContext(ctx, "utec: token refused, refreshing once", "call", namespace+"/"+name)
			inv.Invalidate(tok)
			continue
		}
		return err
	}
}

// roundTrip sends the envelope and decodes a successful answer's payload
// into out, or returns the error the answer carries.
func (c *Client) roundTrip(ctx context.Context, namespace, name string, payload json.RawMessage, tok *oauth2.Token, out payloadHolder) error {
	msgID := c.newMessageID()
	body, err := envelope(header{namespace, name, msgID, "1"}, payload)
	if err != nil {
		return fmt.Errorf("utec: %s/%s: encode request: %w", namespace, name, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.actionURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("utec: %s/%s: %w", namespace, name, err)
	}
	// The keys are in canonical form already: set the map directly rather
	// than canonicalise them on every call.
	jsonType := []string{"application/json"}
	req.Header["Content-Type"] = jsonType
	req.Header["Accept"] = jsonType
	req.Header["User-Agent"] = []string{c.userAgent}
	if tok != nil {
		tok.SetAuthHeader(req)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		// *url.Error names the URL, which carries no secret; the token is
		// only ever in a header.
		return fmt.Errorf("utec: %s/%s: %w", namespace, name, err)
	}
	defer resp.Body.Close()
	data, err := readAnswer(resp)
	if err == nil && len(data) > maxAnswerBytes {
		err = fmt.Errorf("answer larger than %d bytes", maxAnswerBytes)
	}
	if err != nil {
		return fmt.Errorf("utec: %s/%s: %w", namespace, name, &HTTPError{StatusCode: resp.StatusCode, Err: fmt.Errorf("read answer: %w", err)})
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return failedAnswer(resp, data, namespace, name)
	}
	got, err := decodeOK(resp.StatusCode, data, out, namespace, name)
	if errors.Is(err, ErrUnexpectedAnswer) {
		c.log.WarnContext(ctx, "utec: answer of an unexpected shape", "call", namespace+"/"+name,
			"status", resp.StatusCode, "body", loggedBody(data))
	}
	if got != msgID && c.log.Enabled(ctx, slog.LevelDebug) {
		// The vendor's own samples do not always echo it; not worth failing.
		// (Enabled first: the arguments cost allocations on every call.)
		c.log.DebugContext(ctx, "utec: answer messageId differs", "sent", msgID, "got", got)
	}
	return err
}

// failedAnswer is the error of a non-2xx answer.
func failedAnswer(resp *http.Response, data []byte, namespace, name string) error {
	var ans answer
	// Some non-2xx answers carry a proper payload.error (a 400 with
	// BAD-REQUEST); prefer it, as it says more.
	if json.Unmarshal(data, &ans) == nil {
		if apiErr := payloadAPIError(ans.Payload, namespace, name, resp.StatusCode); apiErr != nil {
			return apiErr
		}
	}
	he := &HTTPError{
		StatusCode: resp.StatusCode,
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		Message:    shorten(string(ans.Message)),
	}
	return fmt.Errorf("utec: %s/%s: %w", namespace, name, he)
}

// payloadAPIError returns the payload.error of an answer, if there is one.
func payloadAPIError(payload json.RawMessage, namespace, name string, status int) *APIError {
	var pe errorField
	// Most answers carry no error: skip the second decoding for them. Keys
	// match without regard to case, as encoding/json does.
	if !containsFold(payload, `"error"`) {
		return nil
	}
	if !isObject(payload) || json.Unmarshal(payload, &pe) != nil || pe.Error.get() == nil {
		return nil
	}
	return &APIError{
		Namespace:  namespace,
		Name:       name,
		Code:       cleanText(string(pe.Error.Code)),
		Message:    shorten(string(pe.Error.Message)),
		HTTPStatus: status,
	}
}

// payloadHolder is a payload type: a struct with the payload's error field,
// so that an error and a result are read in the same pass.
type payloadHolder interface {
	payloadError() *wireError
}

// wireError is payload.error, or a device's error.
type wireError struct {
	Code    looseString `json:"code"`
	Message looseString `json:"message"`
	// none is set for an error field that says "no error" in a shape
	// other than null: "", false or [].
	none bool
}

// UnmarshalJSON reads the usual {"code", "message"} object, and also an
// error given as a bare value ("error": "BUSY", or a number), which other
// clients have recorded: its text is the code. "", false and [] are no
// error, as null is.
func (e *wireError) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*e = wireError{}
	switch {
	case len(b) > 0 && b[0] == '{':
		var obj struct {
			Code    looseString `json:"code"`
			Message looseString `json:"message"`
		}
		if err := json.Unmarshal(b, &obj); err != nil {
			return err
		}
		e.Code, e.Message = obj.Code, obj.Message
	case string(b) == `""` || string(b) == "false" || string(b) == "[]":
		e.none = true
	default:
		text, _ := rawText(b)
		e.Code = looseString(text)
		if text == "" {
			e.Message = "error of an unknown shape"
		}
	}
	return nil
}

// get returns e, or nil when there is no error.
func (e *wireError) get() *wireError {
	if e == nil || e.none {
		return nil
	}
	return e
}

// errorField is embedded in every payload type.
type errorField struct {
	Error *wireError `json:"error"`
}

func (e *errorField) payloadError() *wireError { return e.Error.get() }

// emptyMeansNothing reports whether an empty 2xx answer (HTTP 200 with no
// body, or 204) to the call means "done, nothing to say": the answers
// whose payload is [] or a list anyway. To a Query or a Command it would
// say nothing of the devices, so there it is an error.
func emptyMeansNothing(namespace, name string) bool {
	switch namespace + "/" + name {
	case nsConfigure + "/Set", nsDevice + "/Discovery", nsUser + "/Logout":
		return true
	}
	return false
}

// decodeOK is decodeAnswer for any 2xx answer, the empty ones included.
func decodeOK(status int, data []byte, out payloadHolder, namespace, name string) (string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		reflect.ValueOf(out).Elem().SetZero()
		if emptyMeansNothing(namespace, name) {
			return "", nil
		}
		return "", unexpectedAnswer(namespace, name, status, errors.New("empty answer"))
	}
	msgID, err := decodeAnswer(data, out, namespace, name)
	var he *HTTPError
	if errors.As(err, &he) && he.StatusCode != status {
		he.StatusCode = status
	}
	return msgID, err
}

// unexpectedAnswer is the error of a 2xx answer of an unknown shape.
func unexpectedAnswer(namespace, name string, status int, why error) error {
	return fmt.Errorf("utec: %s/%s: %w", namespace, name,
		&HTTPError{StatusCode: status, Err: fmt.Errorf("%w: %w", ErrUnexpectedAnswer, why)})
}

// loggedBody is as much of an answer as the log shows, cleaned. Answers to
// /action carry no token (the access token only goes out, in a header),
// but one that mentions a token is withheld all the same: an answer of an
// unknown shape may echo the request, and Configure Set's holds one.
func loggedBody(data []byte) string {
	if len(bytes.TrimSpace(data)) == 0 {
		return "(empty)"
	}
	if containsFold(data, "token") {
		return fmt.Sprintf("(%d bytes, withheld: they mention a token)", len(data))
	}
	const maxLoggedRunes = 1000
	return cleanTextMax(string(data[:min(len(data), 4*maxLoggedRunes)]), maxLoggedRunes)
}

// decodeAnswer decodes a 2xx answer's payload into out and returns the
// answer's messageId. The usual answer is read in one pass; an answer of
// an odd shape (payload [] or null, which the cloud sends for "nothing", or
// an entry of the wrong type) is read again, leniently.
func decodeAnswer(data []byte, out payloadHolder, namespace, name string) (string, error) {
	if fd, ok := out.(fastDecoder); ok {
		if msgID, ok := fd.decodeFast(data); ok {
			return msgID, apiErrorOf(out, namespace, name)
		}
	}
	return decodeLenient(data, out, namespace, name)
}

// decodeLenient is decodeAnswer without the fast path of payload types
// that have one.
func decodeLenient(data []byte, out payloadHolder, namespace, name string) (string, error) {
	// out may hold an earlier attempt's answer (a refused token, retried).
	reflect.ValueOf(out).Elem().SetZero()
	var ans answer
	if err := json.Unmarshal(data, &ans); err != nil {
		return "", unexpectedAnswer(namespace, name, http.StatusOK, fmt.Errorf("unreadable answer: %w", err))
	}
	return ans.messageID(), decodePayload(ans.Payload, out, namespace, name)
}

// fastDecoder is a payload type that can read the usual answer in one
// pass of encoding/json over types without custom decoders (the lenient
// types decode each nested list a second and third time). decodeFast
// reports false for anything unusual, and the lenient pass takes over.
type fastDecoder interface {
	decodeFast(answer []byte) (messageID string, ok bool)
}

func apiErrorOf(out payloadHolder, namespace, name string) error {
	e := out.payloadError()
	if e == nil {
		return nil
	}
	return &APIError{Namespace: namespace, Name: name, Code: cleanText(string(e.Code)),
		Message: shorten(string(e.Message)), HTTPStatus: http.StatusOK}
}

// listPayload is a payload type that also reads a payload sent as a bare
// list (Discovery's devices).
type listPayload interface {
	decodeList(list []byte) error
}

// decodePayload decodes a raw payload into out the way answers are: an
// object as the payload type says; null, or a list the type does not take,
// when empty, as nothing (the cloud's way of saying "done"); any other
// shape, or no payload at all, as an ErrUnexpectedAnswer.
func decodePayload(payload json.RawMessage, out payloadHolder, namespace, name string) error {
	p := bytes.TrimSpace(payload)
	switch {
	case len(p) == 0:
		return unexpectedAnswer(namespace, name, http.StatusOK, errors.New("no payload"))
	case p[0] == '{':
		if err := json.Unmarshal(p, out); err != nil {
			return unexpectedAnswer(namespace, name, http.StatusOK, fmt.Errorf("unreadable payload: %w", err))
		}
		return apiErrorOf(out, namespace, name)
	case p[0] == '[':
		if lp, ok := out.(listPayload); ok {
			return lp.decodeList(p)
		}
		var items []json.RawMessage
		if json.Unmarshal(p, &items) == nil && len(items) == 0 {
			return nil
		}
		return unexpectedAnswer(namespace, name, http.StatusOK, errors.New("payload is a list"))
	case string(p) == "null":
		return nil
	}
	return unexpectedAnswer(namespace, name, http.StatusOK, errors.New("payload is neither an object nor a list"))
}

// readAnswer reads at most maxAnswerBytes+1 of the body, in one
// allocation when the length is announced.
func readAnswer(resp *http.Response) ([]byte, error) {
	body := io.LimitReader(resp.Body, maxAnswerBytes+1)
	if n := resp.ContentLength; n > 0 && n <= maxAnswerBytes {
		buf := make([]byte, n)
		if _, err := io.ReadFull(body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	return io.ReadAll(body)
}

func isObject(b json.RawMessage) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
}

// shorten makes server-supplied text fit for an error message: cleaned of
// escape sequences and control characters (it reaches terminals,
// notifications and the log) and cut, on a character boundary, to a
// readable length.
func shorten(s string) string { return cleanMessage(s) }

// containsFold reports whether b contains the ASCII string s, without
// regard to case.
func containsFold(b []byte, s string) bool {
	n := len(s)
	for i := 0; i+n <= len(b); i++ {
		if b[i] == s[0] && strings.EqualFold(string(b[i:i+n]), s) {
			return true
		}
	}
	return false
}
