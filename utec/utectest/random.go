package utectest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// randomToken returns an opaque, URL-safe string of 43 characters, for
// access and refresh tokens.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// randomCode returns an authorization code (32 hex characters).
func randomCode() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// randomUUID returns a version 4 UUID, for answers that do not echo the
// request's messageId.
func randomUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
