package login_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"github.com/utec-tray/utec-tray/app/i18n"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/session/login"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestMain fails the run when a goroutine of package login outlives the
// tests: Login promises to stop its server and handlers before it returns.
func TestMain(m *testing.M) {
	// The pages' words are compared in English, whatever the machine speaks.
	os.Unsetenv("LC_ALL")
	if err := i18n.Load("en"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if code == 0 {
		if stacks := loginGoroutines(2 * time.Second); stacks != "" {
			fmt.Fprintf(os.Stderr, "goroutines of package login still running after the tests:\n%s\n", stacks)
			code = 1
		}
	}
	os.Exit(code)
}

// loginGoroutines waits up to d for every goroutine running code of
// package login to end, and returns the stacks of those that did not.
func loginGoroutines(d time.Duration) string {
	deadline := time.Now().Add(d)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var left []string
		for g := range strings.SplitSeq(string(buf), "\n\n") {
			// "app/login." matches this package's frames, not login_test's.
			if strings.Contains(g, "utec-tray/app/login.") {
				left = append(left, g)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			return strings.Join(left, "\n\n")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// browser plays the person's web browser: it follows the fake cloud's 302
// to the loopback callback and keeps what it was shown.
type browser struct {
	client *http.Client

	mu     sync.Mutex
	visits []visit
}

type visit struct {
	url    string // the final URL, after redirects
	status int
	header http.Header
	body   string
}

func newBrowser() *browser {
	// The default client follows redirects, as a browser does.
	return &browser{client: &http.Client{Timeout: 20 * time.Second}}
}

func (b *browser) get(rawURL string) (visit, error) {
	return b.do(http.MethodGet, rawURL, "")
}

func (b *browser) do(method, rawURL, host string) (visit, error) {
	req, err := http.NewRequest(method, rawURL, nil)
	if err != nil {
		return visit{}, err
	}
	if host != "" {
		req.Host = host
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return visit{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return visit{}, err
	}
	v := visit{url: resp.Request.URL.String(), status: resp.StatusCode, header: resp.Header, body: string(body)}
	b.mu.Lock()
	b.visits = append(b.visits, v)
	b.mu.Unlock()
	return v, nil
}

// open is a Config.OpenURL: it visits the authorization page.
func (b *browser) open(authURL string) error {
	_, err := b.get(authURL)
	return err
}

// last returns the last page shown.
func (b *browser) last(t *testing.T) visit {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.visits) == 0 {
		t.Fatal("the browser was never opened")
	}
	return b.visits[len(b.visits)-1]
}

// setup returns a fake cloud with quirks q and a sign-in configuration
// pointing at it, with a short timeout and logs into logs.
func setup(t *testing.T, q utectest.Quirks, opts ...utectest.Option) (*utectest.Server, *browser, login.Config, *syncBuffer) {
	t.Helper()
	srv := utectest.NewForTest(t, append([]utectest.Option{utectest.WithQuirks(q)}, opts...)...)
	b := newBrowser()
	logs := &syncBuffer{}
	cfg := login.Config{
		// The redirect URL given here is wrong on purpose: Login must set
		// its own.
		OAuth:           utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "http://example.invalid/cb", srv.URL()),
		TokenHTTPClient: utec.OAuthHTTPClient(nil),
		Timeout:         15 * time.Second,
		OpenURL:         b.open,
		Logger:          slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	return srv, b, cfg, logs
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ready records what Config.Ready was given.
type ready struct {
	mu                   sync.Mutex
	calls                int
	authURL, redirectURI string
}

func (r *ready) fn(authURL, redirectURI string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	r.authURL, r.redirectURI = authURL, redirectURI
}

func (r *ready) get() (calls int, authURL, redirectURI string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls, r.authURL, r.redirectURI
}

// tokenRequests returns the forms of the /token requests the cloud got.
func tokenRequests(t *testing.T, srv *utectest.Server) []url.Values {
	t.Helper()
	var forms []url.Values
	for _, r := range srv.Requests() {
		if r.Path != "/token" {
			continue
		}
		f, err := url.ParseQuery(string(r.Body))
		if err != nil {
			t.Fatalf("token request body is not a form: %v", err)
		}
		forms = append(forms, f)
	}
	return forms
}

func TestLoginSucceeds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name             string
		authorizationKey bool // ?authorization_code= instead of ?code=
		wrapped          bool // {"code":200,"data":{...}} token answer
	}{
		{"code param, flat token", false, false},
		{"code param, wrapped token", false, true},
		{"authorization_code param, flat token", true, false},
		{"authorization_code param, wrapped token (the live service)", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, b, cfg, logs := setup(t, utectest.Quirks{
				AuthorizationCodeParam: tc.authorizationKey,
				WrappedToken:           tc.wrapped,
			})
			var r ready
			cfg.Ready = r.fn
			openURL := cfg.OpenURL
			cfg.OpenURL = func(u string) error {
				if calls, _, _ := r.get(); calls != 1 {
					t.Errorf("browser opened after %d Ready calls, want 1", calls)
				}
				return openURL(u)
			}

			start := time.Now()
			tok, err := login.Login(t.Context(), cfg)
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			if tok.AccessToken == "" || tok.RefreshToken == "" {
				t.Fatalf("token lacks access or refresh token: access %t, refresh %t", tok.AccessToken != "", tok.RefreshToken != "")
			}
			if !strings.EqualFold(tok.TokenType, "Bearer") {
				t.Errorf("token type %q, want Bearer", tok.TokenType)
			}
			if want := start.Add(utectest.DefaultAccessTokenTTL); tok.Expiry.Before(want.Add(-time.Minute)) || tok.Expiry.After(want.Add(time.Minute)) {
				t.Errorf("expiry %v, want about %v", tok.Expiry, want)
			}
			if tok.Extra("scope") != nil {
				t.Error("the raw token answer was passed on; Login should return the plain fields only")
			}

			// The page is shown after the exchange, and says it worked.
			page := b.last(t)
			if page.status != http.StatusOK || !strings.Contains(page.body, "Signed in to utec-tray. You can close this tab.") {
				t.Errorf("page: %d %q", page.status, page.body)
			}
			for h, want := range map[string]string{
				"Cache-Control":           "no-store",
				"Referrer-Policy":         "no-referrer",
				"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
				"Content-Type":            "text/html; charset=utf-8",
			} {
				if got := page.header.Get(h); got != want {
					t.Errorf("%s: %q, want %q", h, got, want)
				}
			}
			for _, external := range []string{"<script", "src=", "href=", "http://", "https://"} {
				if strings.Contains(page.body, external) {
					t.Errorf("page refers to something outside itself (%q)", external)
				}
			}

			// The token works against the API.
			client := utec.NewTokenClient(oauth2.StaticTokenSource(tok), utec.WithBaseURL(srv.URL()))
			if _, err := client.User(t.Context()); err != nil {
				t.Errorf("the new token does not work: %v", err)
			}

			// One exchange, with the secret in the body and the redirect URI
			// Login listened on.
			forms := tokenRequests(t, srv)
			if len(forms) != 1 {
				t.Fatalf("%d token requests, want 1", len(forms))
			}
			_, _, redirectURI := r.get()
			if got := forms[0].Get("redirect_uri"); got != redirectURI {
				t.Errorf("token request redirect_uri %q, want %q", got, redirectURI)
			}

			// Nothing secret in the logs.
			code := forms[0].Get("code")
			for what, secret := range map[string]string{
				"access token": tok.AccessToken, "refresh token": tok.RefreshToken,
				"client secret": utectest.ClientSecret, "authorization code": code,
				"PKCE verifier": forms[0].Get("code_verifier"),
			} {
				if secret != "" && strings.Contains(logs.String(), secret) {
					t.Errorf("the log holds the %s", what)
				}
			}
		})
	}
}

func TestLoginAuthorizeURL(t *testing.T) {
	t.Parallel()
	srv, _, cfg, _ := setup(t, utectest.DefaultQuirks())
	var r ready
	cfg.Ready = r.fn

	var states, challenges []string
	for range 2 {
		if _, err := login.Login(t.Context(), cfg); err != nil {
			t.Fatalf("Login: %v", err)
		}
		_, authURL, redirectURI := r.get()
		u, err := url.Parse(authURL)
		if err != nil {
			t.Fatalf("authorize URL: %v", err)
		}
		if got, want := u.Scheme+"://"+u.Host+u.Path, srv.URL()+"/authorize"; got != want {
			t.Errorf("authorize endpoint %q, want %q", got, want)
		}
		q := u.Query()
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range q {
				if !yield(k) {
					return
				}
			}
		})
		// Exactly these: no client_secret, no access_type.
		want := []string{"client_id", "code_challenge", "code_challenge_method", "redirect_uri", "response_type", "scope", "state"}
		if !slices.Equal(keys, want) {
			t.Errorf("authorize parameters %v, want %v", keys, want)
		}
		if strings.Contains(authURL, utectest.ClientSecret) {
			t.Error("the client secret is in the authorize URL")
		}
		for k, v := range map[string]string{"response_type": "code", "client_id": utectest.ClientID,
			"scope": "openapi", "code_challenge_method": "S256", "redirect_uri": redirectURI} {
			if q.Get(k) != v {
				t.Errorf("%s=%q, want %q", k, q.Get(k), v)
			}
		}
		if !strings.HasPrefix(redirectURI, "http://127.0.0.1:") || !strings.HasSuffix(redirectURI, "/callback") {
			t.Errorf("redirect URI %q is not a 127.0.0.1 loopback URI with the default path", redirectURI)
		}
		if len(q.Get("state")) < 22 { // at least 128 bits
			t.Errorf("state %d characters long, too short to be unguessable", len(q.Get("state")))
		}
		states = append(states, q.Get("state"))
		challenges = append(challenges, q.Get("code_challenge"))

		// The token request carries the verifier matching the challenge.
		forms := tokenRequests(t, srv)
		verifier := forms[len(forms)-1].Get("code_verifier")
		sum := sha256.Sum256([]byte(verifier))
		if verifier == "" || base64.RawURLEncoding.EncodeToString(sum[:]) != q.Get("code_challenge") {
			t.Error("the token request's code_verifier does not match the code_challenge (S256)")
		}
	}
	if states[0] == states[1] || challenges[0] == challenges[1] {
		t.Error("two sign-ins used the same state or PKCE challenge; both must be fresh every time")
	}
}

func TestLoginIgnoresForeignCallbacks(t *testing.T) {
	t.Parallel()
	srv, b, cfg, _ := setup(t, utectest.DefaultQuirks())
	var r ready
	cfg.Ready = r.fn
	var stale []visit
	cfg.OpenURL = func(authURL string) error {
		_, _, redirectURI := r.get()
		cbURL, _ := url.Parse(redirectURI)
		base := "http://" + cbURL.Host
		// An old tab, a missing state, a state from another sign-in with an
		// error, and requests that are not the callback at all: none of
		// them may end the sign-in.
		for _, u := range []string{
			redirectURI + "?code=stolen&state=wrong",
			redirectURI + "?authorization_code=stolen",
			redirectURI + "?error=access_denied&state=wrong",
			redirectURI + "?state=",
		} {
			v, err := b.get(u)
			if err != nil {
				return err
			}
			stale = append(stale, v)
		}
		for _, c := range []struct {
			method, path, host string
			want               int
		}{
			{http.MethodGet, "/favicon.ico", "", http.StatusNotFound},
			{http.MethodGet, "/", "", http.StatusNotFound},
			{http.MethodGet, "/callback/x", "", http.StatusNotFound},
			{http.MethodPost, "/callback?code=x", "", http.StatusMethodNotAllowed},
			{http.MethodGet, "/callback?code=x&state=y", "attacker.example" + ":" + cbURL.Port(), http.StatusMisdirectedRequest},
		} {
			v, err := b.do(c.method, base+c.path, c.host)
			if err != nil {
				return err
			}
			if v.status != c.want {
				t.Errorf("%s %s (Host %q): status %d, want %d", c.method, c.path, c.host, v.status, c.want)
			}
			if loc := v.header.Get("Location"); loc != "" {
				t.Errorf("%s %s redirects to %q; the loopback server must never redirect", c.method, c.path, loc)
			}
		}
		// Then the real answer.
		return b.open(authURL)
	}

	tok, err := login.Login(t.Context(), cfg)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if tok.AccessToken == "" {
		t.Fatal("no access token")
	}
	for i, v := range stale {
		if v.status != http.StatusBadRequest || !strings.Contains(v.body, "out of date") {
			t.Errorf("stale callback %d: %d %q, want 400 and an out-of-date page", i, v.status, v.body)
		}
	}
	if got := srv.Stats().Exchanges; got != 1 {
		t.Errorf("%d exchanges, want 1: foreign codes must never be exchanged", got)
	}
}

func TestLoginReloadAfterAnswer(t *testing.T) {
	t.Parallel()
	srv, b, cfg, _ := setup(t, utectest.DefaultQuirks())
	var again visit
	cfg.OpenURL = func(authURL string) error {
		first, err := b.get(authURL)
		if err != nil {
			return err
		}
		// The person presses reload on the success page, before Login
		// returned.
		again, err = b.get(first.url)
		return err
	}
	if _, err := login.Login(t.Context(), cfg); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if again.status != http.StatusConflict || !strings.Contains(again.body, "already received an answer") {
		t.Errorf("reload: %d %q, want 409 and an already-answered page", again.status, again.body)
	}
	if got := srv.Stats().Exchanges; got != 1 {
		t.Errorf("%d exchanges, want 1", got)
	}
}

func TestLoginProviderError(t *testing.T) {
	t.Parallel()
	srv, b, cfg, _ := setup(t, utectest.DefaultQuirks())
	srv.DenyNextAuthorize("access_denied", "The user said <b>no</b>\x00 to \"utec-tray\"")

	_, err := login.Login(t.Context(), cfg)
	var pe *login.ProviderError
	if !errors.As(err, &pe) {
		t.Fatalf("Login error %v (%T), want a *login.ProviderError", err, err)
	}
	if pe.Code != "access_denied" || pe.Description != `The user said <b>no</b> to "utec-tray"` {
		t.Errorf("ProviderError %+v", pe)
	}
	if !strings.Contains(err.Error(), "declined") || !strings.Contains(err.Error(), "sign in again") {
		t.Errorf("message %q does not say what happened and what to do", err)
	}
	page := b.last(t)
	if strings.Contains(page.body, "<b>") || !strings.Contains(page.body, "&lt;b&gt;no&lt;/b&gt;") {
		t.Errorf("the page does not escape U-Tec's description: %q", page.body)
	}
	if !strings.Contains(page.body, "declined") {
		t.Errorf("the page does not say what happened: %q", page.body)
	}
	if got := srv.Stats().Exchanges; got != 0 {
		t.Errorf("%d exchanges after a refusal, want 0", got)
	}
}

func TestLoginCallbackWithoutCode(t *testing.T) {
	t.Parallel()
	_, b, cfg, _ := setup(t, utectest.DefaultQuirks())
	var r ready
	cfg.Ready = r.fn
	cfg.OpenURL = func(authURL string) error {
		u, _ := url.Parse(authURL)
		_, _, redirectURI := r.get()
		// The right state, but nothing else.
		_, err := b.get(redirectURI + "?state=" + url.QueryEscape(u.Query().Get("state")))
		return err
	}
	_, err := login.Login(t.Context(), cfg)
	if !errors.Is(err, login.ErrBadCallback) {
		t.Fatalf("Login error %v, want ErrBadCallback", err)
	}
	if page := b.last(t); page.status != http.StatusBadRequest || !strings.Contains(page.body, "Start the sign-in again") {
		t.Errorf("page: %d %q", page.status, page.body)
	}
}

func TestLoginWrongClientSecret(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		quirks utectest.Quirks
	}{
		{"RFC 6749 error answer", utectest.Quirks{}},
		{"error in HTTP 200 (the live service)", utectest.DefaultQuirks()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, b, cfg, logs := setup(t, tc.quirks)
			cfg.OAuth = utec.OAuthConfig(utectest.ClientID, "not-the-secret", "", srv.URL())

			_, err := login.Login(t.Context(), cfg)
			if !errors.Is(err, utec.ErrReauthRequired) {
				t.Fatalf("Login error %v, want one matching utec.ErrReauthRequired", err)
			}
			var te *utec.TokenError
			if !errors.As(err, &te) || te.Code != "invalid_grant" && te.Code != "invalid_client" {
				t.Errorf("Login error %v: want a *utec.TokenError with the OAuth code", err)
			}
			if strings.Contains(err.Error(), "not-the-secret") || strings.Contains(logs.String(), "not-the-secret") {
				t.Error("the client secret leaked into the error or the log")
			}
			page := b.last(t)
			if page.status != http.StatusBadGateway || !strings.Contains(page.body, "try again") {
				t.Errorf("page: %d %q, want 502 saying what went wrong and what to do", page.status, page.body)
			}
		})
	}
}

func TestLoginTimeout(t *testing.T) {
	t.Parallel()
	_, _, cfg, _ := setup(t, utectest.DefaultQuirks())
	var r ready
	cfg.Ready = r.fn
	cfg.OpenURL = nil // the person never opens the page
	cfg.Timeout = 150 * time.Millisecond

	start := time.Now()
	_, err := login.Login(t.Context(), cfg)
	if !errors.Is(err, login.ErrTimeout) {
		t.Fatalf("Login error %v, want ErrTimeout", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Error("a sign-in timeout must not look like a network timeout (context.DeadlineExceeded)")
	}
	_, _, redirectURI := r.get()
	for _, want := range []string{"within 150ms", "try again", "Invalid redirect uri", "register " + redirectURI} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Login took %v with a 150ms timeout", d)
	}
	assertClosed(t, redirectURI)
}

func TestLoginContextCancelled(t *testing.T) {
	t.Parallel()
	_, _, cfg, _ := setup(t, utectest.DefaultQuirks())
	ctx, cancel := context.WithCancel(t.Context())
	var r ready
	cfg.OpenURL = nil
	cfg.Ready = func(authURL, redirectURI string) {
		r.fn(authURL, redirectURI)
		time.AfterFunc(50*time.Millisecond, cancel)
	}
	_, err := login.Login(ctx, cfg)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Login error %v, want context.Canceled", err)
	}
	_, _, redirectURI := r.get()
	assertClosed(t, redirectURI)

	// Cancelled before it starts: nothing is opened at all.
	cfg.Ready = func(string, string) { t.Error("Ready called with a cancelled context") }
	if _, err := login.Login(ctx, cfg); !errors.Is(err, context.Canceled) {
		t.Errorf("Login with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestLoginPortInUse(t *testing.T) {
	t.Parallel()
	held, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { held.Close() })
	port := held.Addr().(*net.TCPAddr).Port

	t.Run("fails without fallback", func(t *testing.T) {
		t.Parallel()
		_, _, cfg, _ := setup(t, utectest.DefaultQuirks())
		cfg.Port = port
		cfg.Ready = func(string, string) { t.Error("Ready called although nothing listens") }
		_, err := login.Login(t.Context(), cfg)
		var pe *login.PortInUseError
		if !errors.As(err, &pe) || pe.Port != port {
			t.Fatalf("Login error %v, want *PortInUseError for port %d", err, port)
		}
		if runtime.GOOS != "windows" && !errors.Is(err, syscall.EADDRINUSE) {
			t.Errorf("PortInUseError does not unwrap to EADDRINUSE: %v", pe.Err)
		}
		msg := err.Error()
		for _, want := range []string{fmt.Sprint(port), "close that program", "another redirect port", "register"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q does not mention %q", msg, want)
			}
		}
	})

	t.Run("falls back to a free port when allowed", func(t *testing.T) {
		t.Parallel()
		srv, _, cfg, _ := setup(t, utectest.DefaultQuirks())
		cfg.Port = port
		cfg.AllowPortFallback = true
		var r ready
		cfg.Ready = r.fn
		if _, err := login.Login(t.Context(), cfg); err != nil {
			t.Fatalf("Login: %v", err)
		}
		_, _, redirectURI := r.get()
		if redirectURI == login.RedirectURI(port, "") {
			t.Errorf("redirect URI %q is the taken port's", redirectURI)
		}
		if forms := tokenRequests(t, srv); len(forms) != 1 || forms[0].Get("redirect_uri") != redirectURI {
			t.Errorf("the exchange did not use the fallback redirect URI %q", redirectURI)
		}
	})

	t.Run("fallback URI refused when the cloud compares exactly", func(t *testing.T) {
		t.Parallel()
		// Why the fallback is opt-in: U-Tec matches the registered URI,
		// port included, so its login page refuses the fallback's.
		_, b, cfg, _ := setup(t, utectest.DefaultQuirks(), utectest.WithRedirectURIs(login.RedirectURI(port, "")))
		cfg.Port = port
		cfg.AllowPortFallback = true
		cfg.Timeout = 300 * time.Millisecond
		_, err := login.Login(t.Context(), cfg)
		if !errors.Is(err, login.ErrTimeout) {
			t.Fatalf("Login error %v, want ErrTimeout", err)
		}
		if page := b.last(t); page.status != http.StatusBadRequest || !strings.Contains(page.body, "Invalid redirect uri") {
			t.Errorf("the cloud's page: %d %q", page.status, page.body)
		}
	})
}

func TestLoginFixedPort(t *testing.T) {
	t.Parallel()
	// Find a free port, then sign in on exactly that port with the cloud
	// accepting only that redirect URI, as the real one does.
	probe, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := probe.Addr().(*net.TCPAddr).Port
	probe.Close()

	_, _, cfg, _ := setup(t, utectest.DefaultQuirks(), utectest.WithRedirectURIs(login.RedirectURI(port, "/cb")))
	cfg.Port = port
	cfg.Path = "cb" // the leading slash is added
	var r ready
	cfg.Ready = r.fn
	if _, err := login.Login(t.Context(), cfg); err != nil {
		t.Fatalf("Login on port %d: %v", port, err)
	}
	if _, _, got := r.get(); got != login.RedirectURI(port, "/cb") {
		t.Errorf("redirect URI %q", got)
	}
	assertClosed(t, login.RedirectURI(port, "/cb"))
}

func TestLoginOpenURLFails(t *testing.T) {
	t.Parallel()
	_, b, cfg, logs := setup(t, utectest.DefaultQuirks())
	var wg sync.WaitGroup
	t.Cleanup(wg.Wait)
	cfg.OpenURL = func(authURL string) error {
		// No browser could be started; the person opens the address shown
		// by Ready by hand, a moment later.
		wg.Go(func() { _ = b.open(authURL) })
		return errors.New("xdg-open: no method available")
	}
	if _, err := login.Login(t.Context(), cfg); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if !strings.Contains(logs.String(), "could not open the browser") {
		t.Errorf("the failure to open the browser was not logged: %s", logs)
	}
}

func TestLoginClosesListener(t *testing.T) {
	t.Parallel()
	_, _, cfg, _ := setup(t, utectest.DefaultQuirks())
	var r ready
	cfg.Ready = r.fn
	if _, err := login.Login(t.Context(), cfg); err != nil {
		t.Fatalf("Login: %v", err)
	}
	_, _, redirectURI := r.get()
	assertClosed(t, redirectURI)
}

func TestLoginConfigErrors(t *testing.T) {
	t.Parallel()
	if _, err := login.Login(t.Context(), login.Config{}); err == nil {
		t.Error("Login without an OAuth config succeeded")
	}
	cfg := login.Config{OAuth: utec.OAuthConfig("id", "secret", "", "http://127.0.0.1:1")}
	for _, port := range []int{-1, 65536} {
		cfg.Port = port
		if _, err := login.Login(t.Context(), cfg); err == nil || !strings.Contains(err.Error(), "not a port number") {
			t.Errorf("port %d: %v", port, err)
		}
	}
}

func TestRedirectURI(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		port int
		path string
		want string
	}{
		{9501, "", "http://127.0.0.1:9501/callback"},
		{9501, "/callback", "http://127.0.0.1:9501/callback"},
		{8080, "cb", "http://127.0.0.1:8080/cb"},
	} {
		if got := login.RedirectURI(tc.port, tc.path); got != tc.want {
			t.Errorf("RedirectURI(%d, %q) = %q, want %q", tc.port, tc.path, got, tc.want)
		}
	}
}

// assertClosed checks that nothing listens at the redirect URI's address
// any more.
func assertClosed(t *testing.T, redirectURI string) {
	t.Helper()
	u, err := url.Parse(redirectURI)
	if err != nil || u.Host == "" {
		t.Fatalf("redirect URI %q: %v", redirectURI, err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after Login returned", u.Host)
	}
}
