// Package session ties utec-tray's pieces into a signed-in U-Tec client:
// settings (client ID, URLs), secrets from the keyring (client secret,
// tokens), the loopback sign-in, and a utec.Client whose refreshed tokens
// are saved before they are used. The tray and the command line both use
// it, so both behave the same and see each other's rotated tokens.
package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/session/login"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
)

// Secrets is where tokens and the client secret are kept: the OS keyring
// (*tokenstore.Store) normally, memory in demo mode.
type Secrets interface {
	Token() (*oauth2.Token, error)
	SaveToken(*oauth2.Token) error
	ClientSecret() (string, error)
	SaveClientSecret(string) error
	// DeleteToken forgets the sign-in (signing out); the client secret
	// stays, so that signing in again needs no trip to the phone.
	DeleteToken() error
	// DeleteClientSecret forgets the API client's secret (the person
	// must copy it again from the U-home app).
	DeleteClientSecret() error
}

// Session is one person's connection to the cloud. It is safe for
// concurrent use.
type Session struct {
	// Service says how to reach U-Tec (the effective settings: file plus
	// environment). Set it before first use; change it later with
	// UpdateService.
	Service config.Service
	Secrets Secrets
	// UserAgent names the app to the cloud ("utec-tray/1.2.0"), the same
	// for the tray and the command line.
	UserAgent string
	// Getenv reads UTEC_CLIENT_SECRET; default os.Getenv.
	Getenv func(string) string
	Logger *slog.Logger
	// HTTPClient is the base of the API and token clients; default one
	// with the utec default timeouts.
	HTTPClient *http.Client
	// LockDir is the folder (the settings folder) of the lock file that
	// serialises token refreshes across processes, so that the tray and
	// the command line never refresh with the same refresh token. Empty:
	// no lock across processes (demo, tests).
	LockDir string
	// ClientOptions are added to the API client's options. The command
	// line adds utec.WithRetry; the tray does not, as its poller has its
	// own back-off.
	ClientOptions []utec.Option

	// mu guards the fields below. It is never held across a keyring read
	// or a network call: the tray's event loop takes it to change the
	// service settings and must not wait seconds on a locked keyring.
	mu     sync.Mutex
	client *utec.Client
	tokens *utec.TokenSource
	// generation counts changes of service and sign-in, so that a client
	// built from what was read before a change is not kept after it.
	generation int
}

// AppUserAgent is how utec-tray names itself to the cloud, the same for
// the command line and the tray.
func AppUserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "utec-tray/" + version
}

func (s *Session) getenv(k string) string {
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return os.Getenv(k)
}

func (s *Session) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// ClientSecret returns the client secret: $UTEC_CLIENT_SECRET when set,
// else the keyring's.
func (s *Session) ClientSecret() (string, error) {
	if v := strings.TrimSpace(s.getenv(config.EnvClientSecret)); v != "" {
		return v, nil
	}
	secret, err := s.Secrets.ClientSecret()
	if errors.Is(err, tokenstore.ErrNotFound) {
		return "", fmt.Errorf("no client secret stored: %w", utec.ErrSignedOut)
	}
	return secret, err
}

// CurrentService returns the service settings in force.
func (s *Session) CurrentService() config.Service {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Service
}

// UpdateService replaces the service settings. A change drops the current
// client, so the next call builds one for the new settings.
func (s *Session) UpdateService(ns config.Service) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Service != ns {
		s.Service = ns
		s.dropClientLocked()
	}
}

func (s *Session) dropClientLocked() {
	s.client, s.tokens = nil, nil
	s.generation++
}

func oauthConfig(st config.Service, secret string) *oauth2.Config {
	return utec.OAuthConfig(st.ClientID, secret, login.RedirectURI(st.RedirectPort, ""), st.OAuthURL)
}

func (s *Session) tokenHTTPClient() *http.Client {
	return utec.OAuthHTTPClient(s.HTTPClient)
}

// Client returns the signed-in API client, building it on first use. It
// fails with an error matching utec.ErrSignedOut when there is no client
// ID, secret or token, with ErrAPIChanged (a utec.ErrReauthRequired) when
// the token was issued for another API address, and with
// tokenstore.ErrUnavailable when the keyring cannot be read.
func (s *Session) Client() (*utec.Client, error) {
	// A change in the middle of a build is rare (the person saved the
	// settings just then); building again reads the new ones.
	for range 2 {
		client, err := s.build()
		if !errors.Is(err, errChanged) {
			return client, err
		}
	}
	return s.build()
}

func (s *Session) build() (*utec.Client, error) {
	s.mu.Lock()
	if s.client != nil {
		defer s.mu.Unlock()
		return s.client, nil
	}
	st, generation := s.Service, s.generation
	s.mu.Unlock()

	// The keyring is read without the lock: a locked one can take
	// seconds to answer.
	if st.ClientID == "" {
		return nil, fmt.Errorf("no client ID set: %w", utec.ErrSignedOut)
	}
	secret, err := s.ClientSecret()
	if err != nil {
		return nil, err
	}
	tok, err := s.Secrets.Token()
	if errors.Is(err, tokenstore.ErrNotFound) {
		return nil, fmt.Errorf("not signed in: %w", utec.ErrSignedOut)
	}
	if err != nil {
		return nil, err
	}
	api := apiOrigin(st.APIURL)
	if !tokenFor(tok, api) {
		s.logger().Warn("the stored sign-in was made for another API address; not using it", "api", api, "signed_in_at", tokenAPI(tok))
		return nil, fmt.Errorf("%w: %w", ErrAPIChanged, utec.ErrReauthRequired)
	}
	tokens := utec.NewTokenSource(oauthConfig(st, secret), tok, s.tokenSourceOptions(api))
	client := s.newClient(st, tokens)

	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.client != nil:
		return s.client, nil // another caller built one meanwhile
	case s.generation != generation:
		// The settings or the sign-in changed while the keyring was read:
		// what was read may belong to the old ones.
		return nil, fmt.Errorf("the sign-in changed while it was read: %w", errChanged)
	}
	s.client, s.tokens = client, tokens
	return client, nil
}

// errChanged means the settings or the sign-in changed while a client was
// built; building again uses the new ones.
var errChanged = errors.New("settings changed, try again")

// Devices runs the cloud's discovery with the signed-in client. With Query
// it makes the session the poller's source of devices and states.
func (s *Session) Devices(ctx context.Context) ([]utec.Device, error) {
	client, err := s.Client()
	if err != nil {
		return nil, err
	}
	return client.Devices(ctx)
}

// Query asks the cloud for the devices' states with the signed-in client.
func (s *Session) Query(ctx context.Context, devices []utec.Device) ([]utec.Status, error) {
	client, err := s.Client()
	if err != nil {
		return nil, err
	}
	return client.Query(ctx, devices)
}

func (s *Session) newClient(st config.Service, ts oauth2.TokenSource) *utec.Client {
	opts := []utec.Option{utec.WithUserAgent(s.UserAgent), utec.WithLogger(s.logger())}
	if st.APIURL != "" {
		opts = append(opts, utec.WithBaseURL(st.APIURL))
	}
	if s.HTTPClient != nil {
		opts = append(opts, utec.WithHTTPClient(s.HTTPClient))
	}
	opts = append(opts, s.ClientOptions...)
	return utec.NewTokenClient(ts, opts...)
}

// TokenSaveError reports a refreshed token that could not be saved to the
// keyring yet (it is retried on every call); nil when all is saved.
func (s *Session) TokenSaveError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokens == nil {
		return nil
	}
	return s.tokens.SaveError()
}

// SignInOptions tune SignIn.
type SignInOptions struct {
	// ClientSecret is saved to the keyring with the token when not empty;
	// empty means the secret already stored (or $UTEC_CLIENT_SECRET).
	ClientSecret string
	// OpenURL opens the system browser; nil prints nothing and opens
	// nothing (the caller shows the URL through Ready).
	OpenURL func(string) error
	// Ready is called with the authorize URL once the listener is up.
	Ready func(authURL, redirectURI string)
	// Timeout of the whole sign-in; default the login package's.
	Timeout time.Duration
}

// SignIn runs the browser sign-in, stores the secret and the token in the
// keyring, and returns the signed-in user.
func (s *Session) SignIn(ctx context.Context, opts SignInOptions) (*utec.User, error) {
	st := s.CurrentService()
	if st.ClientID == "" {
		return nil, errors.New("no client ID set: enter the client ID from the U-home app's OpenAPI screen first")
	}
	secret := strings.TrimSpace(opts.ClientSecret)
	if secret == "" {
		var err error
		if secret, err = s.ClientSecret(); err != nil {
			return nil, errors.New("no client secret set: enter the client secret from the U-home app's OpenAPI screen first")
		}
	}
	tok, err := login.Login(ctx, login.Config{
		OAuth:             oauthConfig(st, secret),
		TokenHTTPClient:   s.tokenHTTPClient(),
		Port:              st.RedirectPort,
		AllowPortFallback: st.AllowPortFallback,
		Timeout:           opts.Timeout,
		OpenURL:           opts.OpenURL,
		Ready:             opts.Ready,
		Logger:            s.logger(),
	})
	if err != nil {
		return nil, err
	}
	if opts.ClientSecret != "" {
		if err := s.Secrets.SaveClientSecret(secret); err != nil {
			return nil, fmt.Errorf("save the client secret: %w", err)
		}
	}
	if err := s.Secrets.SaveToken(bindAPI(tok, apiOrigin(st.APIURL))); err != nil {
		return nil, fmt.Errorf("save the sign-in: %w", err)
	}
	s.mu.Lock()
	s.dropClientLocked() // rebuilt from the new token
	s.mu.Unlock()
	client, err := s.Client()
	if err != nil {
		return nil, err
	}
	user, err := client.User(ctx)
	if err != nil {
		return nil, fmt.Errorf("signed in, but reading the account failed: %w", err)
	}
	return user, nil
}

// SignOut ends the session on the cloud (best effort: a sign-out must work
// offline too) and deletes the token from the keyring. The client secret
// stays: signing in again needs no trip to the phone (ForgetClient
// removes it). A refusal from the cloud is logged, not returned: the local
// sign-in is gone either way.
func (s *Session) SignOut(ctx context.Context) error {
	var remoteErr error
	if client, err := s.Client(); err == nil {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		remoteErr = client.Logout(ctx)
		cancel()
	}
	s.mu.Lock()
	s.dropClientLocked()
	s.mu.Unlock()
	if err := s.Secrets.DeleteToken(); err != nil {
		return fmt.Errorf("remove the sign-in from the keyring: %w", err)
	}
	if remoteErr != nil && !errors.Is(remoteErr, utec.ErrUnauthorized) {
		s.logger().Warn("cloud sign-out failed; the local sign-in is removed all the same", "err", remoteErr)
	}
	return nil
}

// ForgetClient signs out (SignOut) and deletes the client secret too: the
// next sign-in needs the client ID and secret copied again from the U-home
// app. The client ID, a setting and no secret, is the caller's to clear.
func (s *Session) ForgetClient(ctx context.Context) error {
	if err := s.SignOut(ctx); err != nil {
		return err
	}
	if err := s.Secrets.DeleteClientSecret(); err != nil {
		return fmt.Errorf("remove the client secret from the keyring: %w", err)
	}
	return nil
}
