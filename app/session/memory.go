package session

import (
	"sync"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/session/tokenstore"
)

// MemorySecrets keeps the token and client secret in memory only, for the
// demo and for tests. Nothing survives the process: it is an explicit
// session-only mode, never a silent fallback for a missing keyring.
type MemorySecrets struct {
	mu     sync.Mutex
	token  *oauth2.Token
	secret string
}

// Token returns the stored token or tokenstore.ErrNotFound.
func (m *MemorySecrets) Token() (*oauth2.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token == nil {
		return nil, tokenstore.ErrNotFound
	}
	t := *m.token
	return &t, nil
}

// SaveToken stores a copy of t.
func (m *MemorySecrets) SaveToken(t *oauth2.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *t
	m.token = &c
	return nil
}

// ClientSecret returns the stored secret or tokenstore.ErrNotFound.
func (m *MemorySecrets) ClientSecret() (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.secret == "" {
		return "", tokenstore.ErrNotFound
	}
	return m.secret, nil
}

// SaveClientSecret stores the secret.
func (m *MemorySecrets) SaveClientSecret(s string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secret = s
	return nil
}

// DeleteToken forgets the sign-in and keeps the client secret.
func (m *MemorySecrets) DeleteToken() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token = nil
	return nil
}

// DeleteClientSecret forgets the client secret and keeps the token.
func (m *MemorySecrets) DeleteClientSecret() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secret = ""
	return nil
}

// Clear forgets everything.
func (m *MemorySecrets) Clear() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token, m.secret = nil, ""
	return nil
}
