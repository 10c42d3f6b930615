package signin_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
)

func TestOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want signin.State
	}{
		{"no error", nil, signin.OK},
		{"no token stored", fmt.Errorf("not signed in: %w", utec.ErrSignedOut), signin.SignedOut},
		{"refresh token refused", fmt.Errorf("utec: refresh: %w", utec.ErrReauthRequired), signin.Refused},
		{"token error refused", &utec.TokenError{Code: "invalid_grant"}, signin.Refused},
		{"keyring locked", &tokenstore.UnavailableError{Op: "read", Hint: "locked"}, signin.KeyringUnavailable},
		{"outage", &utec.HTTPError{StatusCode: 503}, signin.OK},
		{"access token refused once", utec.ErrUnauthorized, signin.OK},
		{"other", errors.New("boom"), signin.OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := signin.Of(tt.err); got != tt.want {
				t.Errorf("Of(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestNeeded(t *testing.T) {
	for s, want := range map[signin.State]bool{signin.Unknown: false, signin.OK: false, signin.SignedOut: true,
		signin.Refused: true, signin.KeyringUnavailable: false} {
		if s.Needed() != want {
			t.Errorf("%v.Needed() = %v", s, !want)
		}
	}
}
