// Package login runs the browser sign-in to the U-Tec cloud the way RFC
// 8252 describes for native apps: a one-shot HTTP server on the loopback
// interface receives the authorization code, which is exchanged for a
// token with PKCE and a fresh state.
//
// It is shaped like int128/oauth2cli: one Config whose fields all have
// documented defaults, and one blocking call, Login, that is cancelled by
// its context. It opens no window (the caller passes a function that
// opens the browser) so the command line and the tray share it.
package login

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/utec"
)

// Defaults of Config.
const (
	// DefaultPath is the callback path of the redirect URI.
	DefaultPath = "/callback"
	// DefaultTimeout is how long Login waits for the browser to come back.
	// Long enough to type a password and a second factor; short enough
	// that a forgotten sign-in does not hold the port for ever.
	DefaultTimeout = 5 * time.Minute
)

// Bounds of the work done after the browser came back.
const (
	// exchangeTimeout bounds the token exchange. It runs on its own clock
	// so that a person who answers at the last second of Timeout is not
	// failed half-way through the exchange.
	exchangeTimeout = 30 * time.Second
	// shutdownTimeout bounds the graceful shutdown, which lets the page
	// reach the browser before the connection closes.
	shutdownTimeout = 5 * time.Second
)

// Config is a sign-in. The zero value of every field but OAuth is usable.
type Config struct {
	// OAuth is the client: ID, secret, endpoints and scope, normally from
	// utec.OAuthConfig. Its RedirectURL is ignored: Login sets the redirect
	// URI from the port it actually listens on, on a copy. Required.
	OAuth *oauth2.Config

	// TokenHTTPClient is the token endpoint client. It should come from
	// utec.OAuthHTTPClient, which understands U-Tec's wrapped token
	// answers. Default utec.OAuthHTTPClient(nil).
	TokenHTTPClient *http.Client

	// Port is the loopback port to listen on. 0 means any free port, which
	// suits tests only: U-Tec compares the redirect URI with the registered
	// one exactly, port included, so the app passes its setting (by
	// default 9501). Default 0.
	Port int

	// AllowPortFallback makes Login listen on a free port when Port is
	// taken, instead of failing with *PortInUseError. The redirect URI then
	// differs from the registered one, which U-Tec may refuse; only set it
	// when the person chose to. Default false.
	AllowPortFallback bool

	// Path is the callback path. Default DefaultPath ("/callback").
	Path string

	// Timeout is how long to wait for the browser to come back. The token
	// exchange that follows has its own bound. Default DefaultTimeout
	// (5 minutes).
	Timeout time.Duration

	// OpenURL opens authURL in the system browser. Login calls it once the
	// listener is up, after Ready, and waits for it to return, so it should
	// return once the browser is started. An error is logged and the wait
	// goes on (the address given to Ready still works); to show the address
	// instead, handle the failure inside OpenURL. Default nil: no browser is
	// opened and the caller shows the address through Ready.
	OpenURL func(authURL string) error

	// Ready is called once the listener is up, before the browser opens,
	// with the address to open and the redirect URI in use (which differs
	// from the configured one after a port fallback). The command line
	// prints the address for --no-browser; the wizard shows "Waiting for
	// the browser…". Default nil: not called.
	Ready func(authURL, redirectURI string)

	// Logger receives what happens, never a code, token, state or secret.
	// Default: a logger that discards.
	Logger *slog.Logger
}

// RedirectURI returns the redirect URI for a loopback port and callback
// path ("" for DefaultPath), such as http://127.0.0.1:9501/callback. It is
// what the person registers in the U-home app, so the app shows it.
//
// The numeric address, not "localhost", is what RFC 8252 section 8.3
// recommends: "localhost" may resolve to ::1 or, on a misconfigured
// machine, elsewhere, while Login listens on 127.0.0.1 only.
func RedirectURI(port int, path string) string {
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) + normalisePath(path)
}

func normalisePath(path string) string {
	if path == "" {
		return DefaultPath
	}
	if !strings.HasPrefix(path, "/") {
		return "/" + path
	}
	return path
}

// Login runs one sign-in: it listens on 127.0.0.1, calls Ready, opens the
// browser on U-Tec's authorization page, waits for the browser to come
// back with a code, and exchanges the code for a token. The listener is
// closed when it returns, after the browser got its page.
//
// Errors:
//   - *PortInUseError: Port is taken (and AllowPortFallback is false);
//   - *ProviderError: U-Tec refused, e.g. the person declined access;
//   - an error matching utec.ErrReauthRequired (a *utec.TokenError within
//     holds the OAuth code): the token endpoint refused the code or the
//     client ID and secret;
//   - ErrTimeout: the browser did not come back within Timeout;
//   - ErrBadCallback: the browser came back without a usable answer;
//   - ctx's error, wrapped, when ctx ends first.
//
// Callbacks that do not carry this sign-in's state (an old tab, another
// program) are answered with a "link out of date" page and ignored.
func Login(ctx context.Context, cfg Config) (*oauth2.Token, error) {
	cfg, log, err := withDefaults(cfg)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	ln, err := listen(ctx, cfg.Port, cfg.AllowPortFallback, log)
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	redirectURI := RedirectURI(port, cfg.Path)
	// runCtx ends when Login returns, which cancels an exchange still
	// running in a handler.
	runCtx, cancelRun := context.WithCancel(ctx)
	defer cancelRun()
	a, authURL := newAttempt(runCtx, &cfg, port, redirectURI, log)
	stop := serve(ctx, runCtx, cancelRun, ln, a, log)
	defer stop()

	log.Info("login: waiting for the browser", "redirect_uri", redirectURI, "timeout", cfg.Timeout)
	if cfg.Ready != nil {
		cfg.Ready(authURL, redirectURI)
	}
	if cfg.OpenURL != nil {
		if err := cfg.OpenURL(authURL); err != nil {
			log.Warn("login: could not open the browser; the sign-in address still works when opened by hand", "err", err)
		}
	}
	return a.wait(ctx, cfg.Timeout, redirectURI)
}

// withDefaults checks cfg and fills in its defaults.
func withDefaults(cfg Config) (Config, *slog.Logger, error) {
	if cfg.OAuth == nil {
		return cfg, nil, errors.New("login: no OAuth configuration (this is a bug in the caller)")
	}
	if cfg.Port < 0 || cfg.Port > 65535 {
		return cfg, nil, fmt.Errorf("login: %d is not a port number: choose a redirect port from 1 to 65535 in Settings", cfg.Port)
	}
	cfg.Path = normalisePath(cfg.Path)
	if strings.ContainsAny(cfg.Path, "?#") {
		return cfg, nil, fmt.Errorf("login: callback path %q may not hold a query or fragment", cfg.Path)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.TokenHTTPClient == nil {
		cfg.TokenHTTPClient = utec.OAuthHTTPClient(nil)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return cfg, log, nil
}

// newAttempt prepares one sign-in at redirectURI: a fresh state and PKCE
// verifier, and the address the browser opens.
func newAttempt(runCtx context.Context, cfg *Config, port int, redirectURI string, log *slog.Logger) (*attempt, string) {
	oc := *cfg.OAuth // a copy: the caller's config is not ours to change
	oc.RedirectURL = redirectURI
	verifier := oauth2.GenerateVerifier()
	state := rand.Text() // 128 random bits, fresh for every attempt
	// Only response_type, client_id, redirect_uri, scope, state and the
	// PKCE challenge: no client secret (it would land in browser history)
	// and no access_type, which U-Tec does not know.
	authURL := oc.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
	a := &attempt{
		ctx:      runCtx,
		path:     cfg.Path,
		port:     port,
		state:    state,
		log:      log,
		exchange: exchangeFunc(&oc, cfg.TokenHTTPClient, verifier),
		done:     make(chan outcome, 1),
		serveErr: make(chan error, 1),
	}
	return a, authURL
}

// serve runs the loopback server for a on ln, and returns what stops it:
// the exchange still running is cancelled (cancelRun), then the server
// shuts down, gracefully first so that the last page reaches the browser.
func serve(ctx, runCtx context.Context, cancelRun context.CancelFunc, ln net.Listener, a *attempt, log *slog.Logger) (stop func()) {
	srv := &http.Server{
		Handler:           a,
		ReadHeaderTimeout: 10 * time.Second,
		// The exchange runs inside the callback's handler, so that the page
		// can tell the truth; the write deadline leaves room for it.
		WriteTimeout:   exchangeTimeout + 10*time.Second,
		IdleTimeout:    30 * time.Second,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelDebug),
		BaseContext:    func(net.Listener) context.Context { return runCtx },
	}
	go func() { a.serveErr <- srv.Serve(ln) }()
	return func() {
		// Stop an exchange that is still running (possible only when the
		// wait ended first); the handler then answers the browser at once.
		cancelRun()
		// Graceful first, then by force. Serve has returned once Shutdown
		// or Close has.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			log.Debug("login: graceful shutdown of the loopback server failed", "err", err)
			_ = srv.Close()
		}
		<-a.serveErr // Serve returned ErrServerClosed, or its failure was consumed by wait and put back
	}
}

// wait waits for the browser's answer, the server's failure, ctx or the
// timeout, whichever comes first.
func (a *attempt) wait(ctx context.Context, timeout time.Duration, redirectURI string) (*oauth2.Token, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case out := <-a.done:
		return out.token, out.err
	case err := <-a.serveErr:
		a.serveErr <- err // for the shutdown
		return nil, fmt.Errorf("login: the loopback server on %s stopped: %w", redirectURI, err)
	case <-ctx.Done():
		return nil, fmt.Errorf("login: %w", ctx.Err())
	case <-timer.C:
		if a.answered.Load() {
			// The browser came back just in time: the exchange is under way
			// and bounded by exchangeTimeout.
			select {
			case out := <-a.done:
				return out.token, out.err
			case <-ctx.Done():
				return nil, fmt.Errorf("login: %w", ctx.Err())
			}
		}
		a.log.Warn("login: no answer from the browser", "timeout", timeout)
		return nil, &timeoutError{after: timeout, redirectURI: redirectURI}
	}
}

// listen opens the loopback listener: 127.0.0.1 only, never all
// interfaces, so no other machine can reach it.
func listen(ctx context.Context, port int, fallback bool, log *slog.Logger) (net.Listener, error) {
	var lc net.ListenConfig
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	ln, err := lc.Listen(ctx, "tcp4", addr)
	if err == nil {
		return ln, nil
	}
	if port == 0 || !portTaken(err) {
		return nil, fmt.Errorf("login: listen on %s: %w", addr, err)
	}
	if !fallback {
		return nil, &PortInUseError{Port: port, Err: err}
	}
	ln, ferr := lc.Listen(ctx, "tcp4", "127.0.0.1:0")
	if ferr != nil {
		return nil, fmt.Errorf("login: port %d is taken and no free port was found: %w", port, ferr)
	}
	log.Warn("login: redirect port taken; using a free port, so the redirect URI differs from the registered one",
		"port", port, "fallback_port", ln.Addr().(*net.TCPAddr).Port)
	return ln, nil
}

// outcome ends the wait: a token or an error.
type outcome struct {
	token *oauth2.Token
	err   error
}

// exchangeFunc returns the code exchange of one attempt, with its PKCE
// verifier.
func exchangeFunc(oc *oauth2.Config, hc *http.Client, verifier string) func(context.Context, string) (*oauth2.Token, error) {
	return func(ctx context.Context, code string) (*oauth2.Token, error) {
		ctx, cancel := context.WithTimeout(ctx, exchangeTimeout)
		defer cancel()
		tok, err := utec.Exchange(ctx, oc, hc, code, oauth2.VerifierOption(verifier))
		if err != nil {
			return nil, err
		}
		// Only the fields the app uses: the raw token answer stays here.
		return &oauth2.Token{
			AccessToken:  tok.AccessToken,
			TokenType:    tok.TokenType,
			RefreshToken: tok.RefreshToken,
			Expiry:       tok.Expiry,
			ExpiresIn:    tok.ExpiresIn,
		}, nil
	}
}

// attempt is the loopback server's handler for one sign-in.
type attempt struct {
	ctx      context.Context
	path     string
	port     int
	state    string
	log      *slog.Logger
	exchange func(context.Context, string) (*oauth2.Token, error)

	// answered is set by the one callback that carries the right state;
	// later ones (a reload) get pageAlreadyDone.
	answered atomic.Bool
	// done receives that callback's outcome, once (hence the buffer of 1:
	// the handler never blocks, even when Login has returned).
	done chan outcome
	// serveErr receives what the loopback server's Serve returned.
	serveErr chan error
}

func (a *attempt) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !a.hostOK(r.Host) {
		// A page that rebinds its own domain to 127.0.0.1 (DNS rebinding)
		// sends its own Host; it has no business here.
		pageMisdirected().write(w)
		return
	}
	if r.URL.Path != a.path {
		// The favicon and anything else: not part of the sign-in.
		pageNotFound().write(w)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		pageMethod().write(w)
		return
	}

	cb, parseErr := parseCallback(r.URL.RawQuery)
	if subtle.ConstantTimeCompare([]byte(cb.State), []byte(a.state)) != 1 {
		// An old tab, a second sign-in, or someone else's request: answer
		// it, and keep waiting for the right one.
		a.log.Warn("login: ignored a callback that does not belong to this sign-in", "has_state", cb.State != "")
		pageStale().write(w)
		return
	}
	if !a.answered.CompareAndSwap(false, true) {
		pageAlreadyDone().write(w)
		return
	}

	out, pg := a.finish(cb, parseErr)
	pg.write(w)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	a.done <- out
}

// finish turns the one callback of this sign-in into its outcome and the
// page the browser shows: the exchange runs before the page is written,
// so that the page says what really happened.
func (a *attempt) finish(cb callback, parseErr error) (outcome, page) {
	var out outcome
	switch {
	case parseErr != nil:
		out.err = fmt.Errorf("%w: %v: start the sign-in again", ErrBadCallback, parseErr)
		a.log.Warn("login: unusable callback", "reason", parseErr)
		return out, failurePage(http.StatusBadRequest, "the answer from U-Tec was unusable ("+parseErr.Error()+"). Start the sign-in again from utec-tray.")
	case cb.Err != nil:
		out.err = cb.Err
		a.log.Warn("login: U-Tec refused the sign-in", "error", cb.Err.Code)
		return out, failurePage(http.StatusForbidden, cb.Err.Error()+".")
	}
	out.token, out.err = a.exchange(a.ctx, cb.Code)
	if out.err != nil {
		out.err = fmt.Errorf("login: %w", out.err)
		a.log.Warn("login: token exchange failed", "err", out.err)
		return out, failurePage(http.StatusBadGateway, exchangeAdvice(out.err))
	}
	a.log.Info("login: signed in")
	return out, pageSuccess()
}

// hostOK accepts the Host header a browser sends for the redirect URI, or
// for its localhost spelling.
func (a *attempt) hostOK(host string) bool {
	p := strconv.Itoa(a.port)
	return host == "127.0.0.1:"+p || strings.EqualFold(host, "localhost:"+p)
}

// exchangeAdvice says, for the browser page, why the exchange failed and
// what to do.
func exchangeAdvice(err error) string {
	var te *utec.TokenError
	switch {
	case errors.As(err, &te) && strings.EqualFold(te.Code, "invalid_client"):
		return "U-Tec did not accept the client ID and secret. Copy both again from the U-home app (My Account > OpenAPI), enter them in utec-tray, and try again."
	case errors.Is(err, utec.ErrReauthRequired):
		return "U-Tec refused the authorization code: it may have expired, or the redirect URI differs from the one registered in the U-home app. Check the redirect URI and try again."
	case errors.As(err, &te):
		return "U-Tec's sign-in server answered with an error (" + te.Error() + "). Try again in a few minutes."
	case errors.Is(err, context.Canceled):
		return "the sign-in was cancelled in utec-tray. Start it again when you are ready."
	}
	return "U-Tec's sign-in server could not be reached. Check the network connection and try again."
}
