// Package tokenstore keeps the U-Tec sign-in (the OAuth token) and the
// client secret in the operating system's keyring: the Secret Service
// (gnome-keyring, KWallet) on Linux and the BSDs, the Keychain on macOS,
// the Credential Manager on Windows, through github.com/zalando/go-keyring.
//
// There is deliberately no fallback to a file: a refresh token is a
// password to the person's door locks, and a plaintext copy in the home
// directory would outlive every precaution taken elsewhere. When the
// keyring cannot be used, every call fails with an error matching
// ErrUnavailable whose message says what is missing and how to fix it.
//
// Keyring calls can hang (a locked Secret Service waiting for a password
// prompt nobody sees), so each one is bounded by Options.Timeout.
package tokenstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"
)

// Service is the keyring service name the app's items are stored under.
const Service = "utec-tray"

// Account names of the items inside the service. With the Secret Service
// they are the "username" attribute, so
// `secret-tool lookup service utec-tray username token` finds the token.
const (
	AccountToken        = "token"
	AccountClientSecret = "client-secret"
)

// DefaultTimeout bounds each keyring call. A healthy keyring answers in
// milliseconds; longer means it is locked and waiting for a prompt, or
// stuck.
const DefaultTimeout = 5 * time.Second

// MaxItemBytes is the largest item the store writes. The Windows
// Credential Manager refuses more than 2560 bytes; a little is kept in
// reserve so that what works on Linux also works there.
const MaxItemBytes = 2500

var (
	// ErrNotFound means nothing is stored under that name: the person has
	// not signed in (or entered the client secret) yet, or signed out. A
	// stored token that cannot be read matches it too, since the cure is
	// the same: sign in again, which overwrites it.
	ErrNotFound = errors.New("not found in the keyring")

	// ErrUnavailable means the keyring cannot be used: no Secret Service,
	// a locked keyring, or no answer in time. Errors matching it are
	// *UnavailableError values whose message says what to do.
	ErrUnavailable = errors.New("the system keyring is not available")

	// ErrTooLarge means an item is over MaxItemBytes and was not written.
	ErrTooLarge = errors.New("too large for the keyring")
)

// Options configure a Store. The zero value uses the defaults.
type Options struct {
	// Service is the keyring service name. Default Service ("utec-tray");
	// tests use another one so as not to touch a real sign-in.
	Service string
	// Timeout bounds each keyring call. Default DefaultTimeout (5 s).
	Timeout time.Duration
	// Logger receives failures (never a stored value). Default: discard.
	Logger *slog.Logger
}

// Store reads and writes the app's secrets in the OS keyring. It is safe
// for concurrent use; its keyring calls run one at a time, so that a write
// that completes late can never overwrite a newer one.
type Store struct {
	service string
	timeout time.Duration
	log     *slog.Logger
	kr      backend
	// probe asks the keyring about itself after a failure (probeAfter);
	// off in the tests that play the keyring with go-keyring's mock.
	probe bool
	// slot holds one token while a keyring call runs. A call that timed
	// out keeps it until the keyring finally answers; later calls wait for
	// it within their own timeout. So at most one goroutine per Store is
	// ever left behind by a hung keyring.
	slot chan struct{}
}

// backend is the part of go-keyring the store uses; tests replace it.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// goKeyring is the real keyring (or go-keyring's mock after
// keyring.MockInit).
type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (goKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// New returns a Store. It does not touch the keyring until first used.
func New(opts Options) *Store {
	if opts.Service == "" {
		opts.Service = Service
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Store{
		service: opts.Service,
		timeout: opts.Timeout,
		log:     opts.Logger,
		kr:      goKeyring{},
		probe:   true,
		slot:    make(chan struct{}, 1),
	}
}

// ExtraAPI is the oauth2.Token extra field (tok.Extra(ExtraAPI), a
// string) that carries the API address the token was issued for. SaveToken
// stores it with the token and Token gives it back, so that the token is
// never sent to another address (see app/session).
const ExtraAPI = "utec_api"

// storedToken is the token's form in the keyring: the four fields a
// refresh needs and the API address it belongs to, nothing of the raw
// token answer.
type storedToken struct {
	AccessToken  string    `json:"access_token,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	API          string    `json:"api,omitempty"`
}

// Token returns the stored token; ErrNotFound when there is none.
func (s *Store) Token() (*oauth2.Token, error) {
	const op = opReadToken
	raw, err := s.get(op, AccountToken)
	if err != nil {
		return nil, err
	}
	var st storedToken
	if err := json.Unmarshal([]byte(raw), &st); err != nil || st.AccessToken == "" && st.RefreshToken == "" {
		// Not quoting the decoder's error: it can quote the item's text.
		s.log.Warn("tokenstore: the stored sign-in is unreadable; it will be replaced at the next sign-in")
		return nil, fmt.Errorf("tokenstore: %s: the stored sign-in is unreadable, sign in again to replace it: %w", op, ErrNotFound)
	}
	tok := &oauth2.Token{
		AccessToken:  st.AccessToken,
		RefreshToken: st.RefreshToken,
		TokenType:    st.TokenType,
		Expiry:       st.Expiry,
	}
	if st.API != "" {
		tok = tok.WithExtra(map[string]any{ExtraAPI: st.API})
	}
	return tok, nil
}

// SaveToken stores tok's access token, refresh token, type and expiry, and
// the API address in its ExtraAPI field, replacing what was stored. It refuses a token without an access or a
// refresh token, and one whose stored form would exceed MaxItemBytes.
func (s *Store) SaveToken(tok *oauth2.Token) error {
	const op = opSaveToken
	if tok == nil || tok.AccessToken == "" && tok.RefreshToken == "" {
		return fmt.Errorf("tokenstore: %s: the token is empty (this is a bug in the caller)", op)
	}
	st := storedToken{
		AccessToken:  tok.AccessToken,
		RefreshToken: tok.RefreshToken,
		TokenType:    tok.TokenType,
	}
	if api, ok := tok.Extra(ExtraAPI).(string); ok {
		st.API = api
	}
	if !tok.Expiry.IsZero() {
		st.Expiry = tok.Expiry.UTC() // "Z" instead of a zone offset: shorter
	}
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("tokenstore: %s: encode: %w", op, err)
	}
	if len(data) > MaxItemBytes {
		return fmt.Errorf("tokenstore: %s: the token is %d bytes, more than the %d the keyring takes everywhere; "+
			"U-Tec's tokens are far shorter, so sign in again, and report it if it happens again: %w", op, len(data), MaxItemBytes, ErrTooLarge)
	}
	return s.set(op, AccountToken, string(data))
}

// ClientSecret returns the stored client secret; ErrNotFound when there is
// none.
func (s *Store) ClientSecret() (string, error) {
	return s.get(opReadSecret, AccountClientSecret)
}

// SaveClientSecret stores the client secret, replacing what was stored.
func (s *Store) SaveClientSecret(secret string) error {
	const op = opSaveSecret
	switch {
	case secret == "":
		return fmt.Errorf("tokenstore: %s: the secret is empty: enter the client secret from the U-home app (My Account > OpenAPI)", op)
	case len(secret) > MaxItemBytes:
		return fmt.Errorf("tokenstore: %s: %d bytes is far longer than a client secret: check what was pasted: %w", op, len(secret), ErrTooLarge)
	}
	return s.set(op, AccountClientSecret, secret)
}

// DeleteToken forgets the sign-in: it deletes the token and keeps the
// client secret, so that signing in again needs no trip to the phone. A
// token that is not there is not an error.
func (s *Store) DeleteToken() error {
	return s.delete(opDeleteToken, AccountToken)
}

// DeleteClientSecret forgets the API client: it deletes the client
// secret (the token stays, though nothing can refresh it without the
// secret). A secret that is not there is not an error.
func (s *Store) DeleteClientSecret() error {
	return s.delete(opDeleteSecret, AccountClientSecret)
}

// Clear deletes the token and the client secret. Items that are not there
// are not an error. When the keyring is unavailable it gives up after the
// first item, rather than wait out a second timeout to learn the same.
func (s *Store) Clear() error {
	err := s.DeleteToken()
	if errors.Is(err, ErrUnavailable) {
		return err
	}
	return errors.Join(err, s.DeleteClientSecret())
}

func (s *Store) get(op, account string) (string, error) {
	var value string
	err := s.call(op, func() error {
		v, err := s.kr.Get(s.service, account)
		value = v
		return err
	})
	if err != nil {
		return "", err
	}
	return value, nil
}

func (s *Store) set(op, account, value string) error {
	return s.call(op, func() error { return s.kr.Set(s.service, account, value) })
}

func (s *Store) delete(op, account string) error {
	err := s.call(op, func() error { return s.kr.Delete(s.service, account) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// errTimedOut is the cause of an UnavailableError for a call that got no
// answer. It is not context.DeadlineExceeded on purpose: callers read that
// as "the network did not answer".
var errTimedOut = errors.New("no answer from the keyring")

// call runs fn, one keyring call, in its own goroutine and waits for it
// at most s.timeout (the wait for an earlier call included), then
// translates its error. If the time runs out, fn's goroutine is left to
// finish on its own; it holds s.slot meanwhile, so there is never more
// than one.
func (s *Store) call(op string, fn func() error) error {
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()

	select {
	case s.slot <- struct{}{}:
	case <-timer.C:
		s.log.Warn("tokenstore: the keyring is still busy with an earlier call that did not answer", "op", op, "timeout", s.timeout)
		return s.unavailable(op, errTimedOut, true)
	}
	// fn writes its result before done is sent, and value is read only
	// after done is received, so there is no race on it.
	done := make(chan error, 1)
	go func() {
		defer func() { <-s.slot }()
		err := fn()
		if err != nil && s.probe {
			err = probeAfter(err, s.timeout)
		}
		done <- err
	}()

	select {
	case err := <-done:
		return s.translate(op, err)
	case <-timer.C:
		s.log.Warn("tokenstore: the keyring did not answer", "op", op, "timeout", s.timeout)
		return s.unavailable(op, errTimedOut, true)
	}
}

// translate turns a go-keyring error into one of this package's.
func (s *Store) translate(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("tokenstore: %s: %w", op, ErrNotFound)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("tokenstore: %s: the keyring refused the item's size: %w", op, ErrTooLarge)
	}
	s.log.Warn("tokenstore: keyring call failed", "op", op, "err", err)
	return s.unavailable(op, err, false)
}

func (s *Store) unavailable(op string, cause error, timedOut bool) *UnavailableError {
	h := hint(cause, timedOut, s.timeout)
	return &UnavailableError{Op: op, Err: cause, Hint: h.en(), words: h}
}

// UnavailableError is a keyring that could not be used. It matches
// ErrUnavailable. Its message names what is missing and how to fix it;
// it never holds a stored value.
type UnavailableError struct {
	// Op is what was being done, e.g. "read the sign-in from the system
	// keyring".
	Op string
	// Hint says what is wrong and what to do, for a person.
	Hint string
	// Err is the keyring's own error, or a timeout.
	Err error
	// words is Hint, to say it in the person's language (Said).
	words words
}

func (e *UnavailableError) Error() string {
	msg := "could not " + e.Op + ": " + e.Hint
	if e.Err != nil && e.Err != errTimedOut {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

// Is makes errors.Is(err, ErrUnavailable) true.
func (e *UnavailableError) Is(target error) bool { return target == ErrUnavailable }

func (e *UnavailableError) Unwrap() error { return e.Err }
