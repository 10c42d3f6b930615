package utectest

import (
	"context"
	"io"
	"net/http"
	"time"
)

// Browser plays the person's browser for a sign-in against the fake
// cloud: it opens authURL in the background and follows the redirects
// (the fake approves at once and sends the browser back to the app's
// loopback callback). It has the shape of an OpenURL function and never
// fails itself; a sign-in that goes wrong shows in the app.
func Browser(authURL string) error {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
		if err != nil {
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	return nil
}
