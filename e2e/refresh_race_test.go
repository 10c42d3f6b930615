//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestCLIConcurrentRefreshWithRotation: four command
// line processes start together right after every access token expired,
// against a cloud that rotates refresh tokens and refuses the old one at
// once. They take turns through the lock file in the settings folder: one
// refreshes, the others take up the token it stored. All succeed, and the
// keyring ends with a token that works.
func TestCLIConcurrentRefreshWithRotation(t *testing.T) {
	e := newEnv(t) // the fake's default quirks rotate refresh tokens
	e.login()
	// A slow token endpoint holds the first refresh in flight while the
	// others arrive, so that without the lock they would all refresh with
	// the same refresh token.
	e.cloud.SetPathLatency("/token", 400*time.Millisecond)
	e.cloud.ExpireAccessTokens()
	before := e.cloud.Stats().Refreshes

	const n = 4
	procs := make([]*proc, n)
	for i := range procs {
		procs[i] = e.start(nil, "devices")
	}
	for i, p := range procs {
		r, ok := p.wait(60 * time.Second)
		if !ok {
			t.Fatalf("process %d still running after 60 s, killed:\n%s", i, r)
		}
		expect(t, r, 0, "stdout", "Front Door")
	}
	if got := e.cloud.Stats().Refreshes - before; got != 1 {
		t.Errorf("the cloud saw %d refreshes, want 1 (the others take up the stored token)", got)
	}

	// The keyring's token works as it is...
	tok, ok := keyringToken(t)
	if !ok {
		t.Fatal("no token in the keyring after the runs")
	}
	// It names the API address it was issued for.
	if raw, _ := keyringLookup(t, "token"); !strings.Contains(raw, `"api":"`+e.tap.URL()+`"`) {
		t.Errorf("the keyring's token does not name its API address %s (%d bytes)", e.tap.URL(), len(raw))
	}
	r := e.run("devices")
	expect(t, r, 0, "stdout", "Front Door")
	// ...and its refresh token is the one not spent yet.
	for _, req := range e.cloud.Requests() {
		if req.Path == "/token" && tok.RefreshToken == parseForm(req.Body).Get("refresh_token") {
			t.Error("the keyring holds a refresh token that was spent already")
		}
	}
	e.cloud.SetPathLatency("/token", 0)
	e.cloud.ExpireAccessTokens()
	r = e.run("devices")
	expect(t, r, 0, "stdout", "Front Door")
	if strings.Contains(r.stderr, "sign in") {
		t.Errorf("the last run asked for a sign-in:\n%s", r)
	}
}
