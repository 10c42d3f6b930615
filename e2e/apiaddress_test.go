//go:build e2e

package e2e

import (
	"testing"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestCLITokenStaysWithItsAPIAddress: a sign-in made for one API address is not sent to another; and
// a plain http:// address off this computer is refused outright.
func TestCLITokenStaysWithItsAPIAddress(t *testing.T) {
	e := newEnv(t)
	e.login()
	other := utectest.NewForTest(t) // a second "cloud" on another port

	r := e.run("devices", "--api-url", other.URL())
	expect(t, r, 3, "stderr", "the API address changed since you signed in: sign in again", "utec-tray login")
	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other address got %d requests", n)
	}

	r = e.run("devices", "--api-url", "http://api.example.test")
	expect(t, r, 2, "stderr", "use https://")

	// The address of the sign-in still works.
	expect(t, e.run("devices"), 0, "stdout", "Front Door")
}
