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
	"github.com/utec-tray/utec-tray/app/home"
	"github.com/utec-tray/utec-tray/app/login"
	"github.com/utec-tray/utec-tray/app/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
)

// ErrSignInNeeded means there is no usable sign-in: no client ID or secret,
// no stored token, or the cloud refused the refresh token. The person has
// to sign in (again).
var ErrSignInNeeded = home.ErrSignInNeeded

// Secrets is where tokens and the client secret are kept: the OS keyring
// (*tokenstore.Store) normally, memory in demo mode.
type Secrets interface {
	Token() (*oauth2.Token, error)
	SaveToken(*oauth2.Token) error
	ClientSecret() (string, error)
	SaveClientSecret(string) error
	Clear() error
}

// UserAgent names the app to the cloud.
var UserAgent = "utec-tray/dev"

// Session is one person's connection to the cloud. It is safe for
// concurrent use.
type Session struct {
	// Settings are the effective settings (file plus environment). Set
	// them before first use; change them later with UpdateSettings.
	Settings config.Settings
	Secrets  Secrets
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

	mu     sync.Mutex
	client *utec.Client
	tokens *utec.TokenSource
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
		return "", fmt.Errorf("no client secret stored: %w", ErrSignInNeeded)
	}
	return secret, err
}

// CurrentSettings returns the settings in force.
func (s *Session) CurrentSettings() config.Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Settings
}

// UpdateSettings replaces the settings. A change of client ID, port or
// service URL drops the current client, so the next call builds one for
// the new settings.
func (s *Session) UpdateSettings(ns config.Settings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.Settings
	s.Settings = ns
	if old.ClientID != ns.ClientID || old.OAuthURL != ns.OAuthURL || old.APIURL != ns.APIURL || old.RedirectPort != ns.RedirectPort {
		s.client, s.tokens = nil, nil
	}
}

// OAuthConfig returns the OAuth configuration for the current settings.
func (s *Session) OAuthConfig(secret string) *oauth2.Config {
	return oauthConfig(s.CurrentSettings(), secret)
}

func oauthConfig(st config.Settings, secret string) *oauth2.Config {
	return utec.OAuthConfig(st.ClientID, secret, login.RedirectURI(st.RedirectPort, ""), st.OAuthURL)
}

func (s *Session) tokenHTTPClient() *http.Client {
	return utec.OAuthHTTPClient(s.HTTPClient)
}

// Client returns the signed-in API client, building it on first use. It
// fails with ErrSignInNeeded when there is no client ID, secret or token,
// or when the token was issued for another API address (ErrAPIChanged).
func (s *Session) Client() (*utec.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client != nil {
		return s.client, nil
	}
	st := s.Settings
	if st.ClientID == "" {
		return nil, fmt.Errorf("no client ID set: %w", ErrSignInNeeded)
	}
	secret, err := s.ClientSecret()
	if err != nil {
		return nil, err
	}
	tok, err := s.Secrets.Token()
	if errors.Is(err, tokenstore.ErrNotFound) {
		return nil, fmt.Errorf("not signed in: %w", ErrSignInNeeded)
	}
	if err != nil {
		return nil, err
	}
	api := apiOrigin(st.APIURL)
	if !tokenFor(tok, api) {
		s.logger().Warn("the stored sign-in was made for another API address; not using it", "api", api, "signed_in_at", tokenAPI(tok))
		return nil, fmt.Errorf("%w: %w", ErrAPIChanged, ErrSignInNeeded)
	}
	s.tokens = utec.NewTokenSource(oauthConfig(st, secret), tok, s.tokenSourceOptions(api))
	s.client = s.newClient(st, s.tokens)
	return s.client, nil
}

func (s *Session) newClient(st config.Settings, ts oauth2.TokenSource) *utec.Client {
	opts := []utec.Option{utec.WithUserAgent(UserAgent), utec.WithLogger(s.logger())}
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
	st := s.CurrentSettings()
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
	s.client, s.tokens = nil, nil // rebuilt from the new token
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
// offline too) and deletes the token and the client secret from the
// keyring. A refusal from the cloud is logged, not returned: the local
// sign-in is gone either way.
func (s *Session) SignOut(ctx context.Context) error {
	var remoteErr error
	if client, err := s.Client(); err == nil {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		remoteErr = client.Logout(ctx)
		cancel()
	}
	s.mu.Lock()
	s.client, s.tokens = nil, nil
	s.mu.Unlock()
	if err := s.Secrets.Clear(); err != nil {
		return fmt.Errorf("remove the sign-in from the keyring: %w", err)
	}
	if remoteErr != nil && !errors.Is(remoteErr, utec.ErrUnauthorized) {
		s.logger().Warn("cloud sign-out failed; the local sign-in is removed all the same", "err", remoteErr)
	}
	return nil
}

// NeedsSignIn reports whether err means the person must sign in again.
func NeedsSignIn(err error) bool {
	return errors.Is(err, ErrSignInNeeded) || errors.Is(err, utec.ErrReauthRequired)
}
