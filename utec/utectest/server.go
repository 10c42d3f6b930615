package utectest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// OAuth client credentials the fake accepts, like the pair a user gets
// from the U-home app's OpenAPI screen.
const (
	ClientID     = "demo-client-id"
	ClientSecret = "demo-client-secret"
)

// maxBodyBytes bounds the request bodies the fake reads.
const maxBodyBytes = 1 << 20

// A Server is a running fake U-Tec cloud. Its methods are safe for
// concurrent use.
type Server struct {
	httpServer *httptest.Server
	log        *slog.Logger
	// done is closed by Close, to end latency waits and pending commands.
	done      chan struct{}
	closeOnce sync.Once

	// mu guards every field below.
	mu           sync.Mutex
	closed       bool
	quirks       Quirks
	commandDelay time.Duration
	// deferral, when above 0, is the st.deferredResponse every command
	// is answered with (SetDeferral); 0 answers the service's usual.
	deferral       int
	latency        time.Duration
	pathLatency    map[string]time.Duration
	waiting        int
	accessTokenTTL time.Duration
	redirectURIs   []string
	home           *home
	tokens         tokenStore
	faults         faultQueue
	nextDenial     *authDenial
	notifications  []string
	requests       []Request
	stats          Stats
	// timers are the commands waiting for their delay, by a serial number.
	timers      map[uint64]*time.Timer
	nextTimerID uint64
	// lockUsers are each lock's codes (st.lockUser), by device id.
	lockUsers      map[string][]*fakeLockUser
	nextLockUserID int64
}

// New starts a fake cloud on 127.0.0.1 with a random port. Call
// [Server.Close] when done.
func New(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	devices := cfg.devices
	if devices == nil {
		devices = SampleHome()
	}
	devices = append(devices, GeneratedDevices(cfg.extraDevices)...)
	logger := cfg.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		log:            logger,
		done:           make(chan struct{}),
		quirks:         cfg.quirks,
		commandDelay:   cfg.commandDelay,
		accessTokenTTL: cfg.accessTokenTTL,
		redirectURIs:   cfg.redirectURIs,
		home:           newHome(devices),
		tokens:         newTokenStore(),
		stats:          Stats{Calls: map[string]int{}},
		timers:         map[uint64]*time.Timer{},
	}
	s.httpServer = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// NewForTest is [New] for a test: the server is closed when t ends.
func NewForTest(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := New(opts...)
	t.Cleanup(s.Close)
	return s
}

// URL returns the base URL, such as http://127.0.0.1:41234, under which
// /authorize, /token and /action are served.
func (s *Server) URL() string { return s.httpServer.URL }

// Client returns an HTTP client suited to the server (plain
// http.DefaultClient works too).
func (s *Server) Client() *http.Client { return s.httpServer.Client() }

// Close stops pending commands and shuts the server down, waiting for
// requests in progress. It may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		for id, t := range s.timers {
			t.Stop()
			delete(s.timers, id)
		}
		s.mu.Unlock()
		close(s.done)
		s.httpServer.Close()
	})
}

// IssueTokens mints an access and refresh token pair as if the OAuth code
// flow had just run, for tests and demos that skip the browser.
func (s *Server) IssueTokens() (accessToken, refreshToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens.newAccess(time.Now(), s.accessTokenTTL), s.tokens.newRefresh()
}

// serveHTTP waits the configured latency, records the request and routes it.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.waitLatency(r)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"message": "Request body too large"})
		return
	}
	// Handlers that parse forms read the body again.
	r.Body = io.NopCloser(bytes.NewReader(body))

	rec := describeRequest(r, body, time.Now())
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.mu.Unlock()
	s.log.Debug("utectest: request", "method", r.Method, "path", r.URL.Path,
		"namespace", rec.Namespace, "name", rec.Name, "devices", len(rec.DeviceIDs))

	switch r.URL.Path {
	case "/authorize":
		s.handleAuthorize(w, r)
	case "/token":
		s.handleToken(w, r)
	case "/action":
		s.handleAction(w, r, body, rec)
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	}
}

// waitLatency delays the request by the configured latency. If the client
// gives up or the server closes meanwhile, it aborts the request.
func (s *Server) waitLatency(r *http.Request) {
	s.mu.Lock()
	d := s.latency + s.pathLatency[r.URL.Path]
	if d > 0 {
		s.waiting++
	}
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	defer func() {
		s.mu.Lock()
		s.waiting--
		s.mu.Unlock()
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		panic(http.ErrAbortHandler)
	case <-s.done:
		panic(http.ErrAbortHandler)
	}
}

// writeJSON writes v as an application/json answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only the fake's own values are marshalled: this is a bug here.
		panic("utectest: marshal answer: " + err.Error())
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
