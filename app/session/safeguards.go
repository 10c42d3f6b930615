package session

// The sign-in's safeguards: the API address a token belongs to, the lock
// that makes processes take turns refreshing, and the store's last word
// on a sign-out.

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"strings"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/platform/filelock"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/utec"
)

// ErrAPIChanged is matched (with utec.ErrReauthRequired) when the stored sign-in
// was made for another API address than the one set now: its token is not
// sent to the new address.
var ErrAPIChanged = errors.New("the API address changed since you signed in: sign in again")

// RefreshLockFile is the name of the refresh lock file in LockDir.
const RefreshLockFile = "token-refresh.lock"

// tokenSourceOptions are the token source's hooks for a client of the API
// at api (an origin, see apiOrigin).
func (s *Session) tokenSourceOptions(api string) utec.TokenSourceOptions {
	opts := utec.TokenSourceOptions{
		HTTPClient: s.tokenHTTPClient(),
		// Every saved token carries the address it was issued for.
		Save: func(t *oauth2.Token) error { return s.Secrets.SaveToken(bindAPI(t, api)) },
		Load: func() (*oauth2.Token, error) {
			t, err := s.Secrets.Token()
			if err == nil && !tokenFor(t, api) {
				// Another process signed in for another address: its
				// token must not come here. Ours is used meanwhile.
				return nil, ErrAPIChanged
			}
			return t, err
		},
		// An empty store after a sign-out: no refresh, no save.
		IsNotFound: func(err error) bool { return errors.Is(err, tokenstore.ErrNotFound) },
	}
	if s.LockDir != "" {
		path := filepath.Join(s.LockDir, RefreshLockFile)
		opts.Lock = func(ctx context.Context) (func(), error) {
			unlock, err := filelock.Lock(ctx, path)
			if err != nil {
				s.logger().Warn("refreshing the sign-in without the lock shared with other utec-tray processes", "err", err)
			}
			return unlock, err
		}
	}
	return opts
}

// apiOrigin is the scheme and host of the API URL (U-Tec's when empty),
// which a token is bound to.
func apiOrigin(apiURL string) string {
	if apiURL == "" {
		apiURL = utec.DefaultAPIURL
	}
	u, err := url.Parse(apiURL)
	if err != nil {
		return strings.ToLower(apiURL)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// tokenAPI is the API address stored with a token, "" for a token stored
// before addresses were.
func tokenAPI(tok *oauth2.Token) string {
	api, _ := tok.Extra(tokenstore.ExtraAPI).(string)
	return api
}

// tokenFor reports whether tok may be sent to the API at origin. A token
// stored before addresses were kept is taken for the address set now: it
// is bound to it at its next save.
func tokenFor(tok *oauth2.Token, origin string) bool {
	api := tokenAPI(tok)
	return api == "" || strings.EqualFold(api, origin)
}

// bindAPI returns tok carrying the API address it is for.
func bindAPI(tok *oauth2.Token, origin string) *oauth2.Token {
	return tok.WithExtra(map[string]any{tokenstore.ExtraAPI: origin})
}
