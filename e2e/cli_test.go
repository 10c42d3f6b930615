//go:build e2e

package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// storedToken is the token item's JSON in the keyring.
type storedToken struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	TokenType    string    `json:"token_type"`
	Expiry       time.Time `json:"expiry"`
}

func keyringToken(t *testing.T) (storedToken, bool) {
	t.Helper()
	raw, ok := keyringLookup(t, "token")
	if !ok {
		return storedToken{}, false
	}
	var tok storedToken
	if err := json.Unmarshal([]byte(raw), &tok); err != nil {
		t.Fatalf("the keyring's token item is not the expected JSON (%v); %d bytes", err, len(raw))
	}
	return tok, true
}

func TestCLILogin(t *testing.T) {
	e := newEnv(t)
	if _, ok := keyringLookup(t, "token"); ok {
		t.Fatal("a token is in the keyring before the sign-in")
	}
	r := e.login()
	if !strings.Contains(r.stderr, "Waiting for the sign-in at http://127.0.0.1:") {
		t.Errorf("stderr does not say where the sign-in is awaited:\n%s", r)
	}

	tok, ok := keyringToken(t)
	if !ok {
		t.Fatal("secret-tool lookup service utec-tray username token finds nothing after the sign-in")
	}
	secrets := e.tap.Secrets()
	if secrets[tok.AccessToken] != "access token" || secrets[tok.RefreshToken] != "refresh token" {
		t.Errorf("the keyring's token is not the one the cloud issued (access known: %v, refresh known: %v)",
			secrets[tok.AccessToken] != "", secrets[tok.RefreshToken] != "")
	}
	if secret, ok := keyringLookup(t, "client-secret"); !ok || secret != utectest.ClientSecret {
		t.Errorf("the client secret from UTEC_CLIENT_SECRET is not in the keyring (found: %v)", ok)
	}
	st := e.cloud.Stats()
	if st.Authorizes != 1 || st.Exchanges != 1 || st.Calls["Uhome.User/Get"] != 1 {
		t.Errorf("cloud saw %d authorizes, %d exchanges, %d user reads; want 1 each", st.Authorizes, st.Exchanges, st.Calls["Uhome.User/Get"])
	}
}

// deviceRow is one entry of `devices --json`.
type deviceRow struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Online     bool   `json:"online"`
	Lock       string `json:"lock"`
	Door       string `json:"door"`
	Battery    *int   `json:"battery"`
	On         *bool  `json:"on"`
	Brightness *int   `json:"brightness"`
	Error      string `json:"error"`
}

func devicesJSON(t *testing.T, e *env) map[string]deviceRow {
	t.Helper()
	r := e.run("devices", "--json")
	expect(t, r, 0, "stdout")
	var rows []deviceRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("devices --json is not a JSON array of devices: %v\n%s", err, r)
	}
	byName := map[string]deviceRow{}
	for _, row := range rows {
		byName[row.Name] = row
	}
	if len(rows) != 5 || len(byName) != 5 {
		t.Fatalf("devices --json lists %d devices, want the 5 of the sample home:\n%s", len(rows), r.stdout)
	}
	return byName
}

func TestCLIDevices(t *testing.T) {
	e := newEnv(t)
	e.login()
	devs := devicesJSON(t, e)

	front := devs["Front Door"]
	if front.ID != utectest.FrontDoorID || front.Kind != "lock" || !front.Online || front.Lock != "locked" ||
		front.Door != "closed" || front.Battery == nil || *front.Battery != 80 {
		t.Errorf("Front Door: %+v (battery %v), want lock, online, locked, door closed, battery 80", front, deref(front.Battery))
	}
	back := devs["Back Door"]
	if back.Kind != "lock" || back.Lock != "locked" || back.Battery == nil || *back.Battery != 40 {
		t.Errorf("Back Door: %+v (battery %v), want lock, locked, battery 40", back, deref(back.Battery))
	}
	lamp := devs["Living Room Lamp"]
	if lamp.Kind != "light" || lamp.On == nil || !*lamp.On || lamp.Brightness == nil || *lamp.Brightness != 60 {
		t.Errorf("Living Room Lamp: %+v, want a light, on, brightness 60", lamp)
	}
	plug := devs["Coffee Maker"]
	if plug.Kind != "plug" || plug.On == nil || *plug.On || !plug.Online {
		t.Errorf("Coffee Maker: %+v, want a plug, online, off", plug)
	}
	garage := devs["Garage Light"]
	if garage.Kind != "switch" || garage.Online {
		t.Errorf("Garage Light: %+v, want a switch, offline", garage)
	}

	r := e.run("devices")
	expect(t, r, 0, "stdout", "NAME", "Front Door", "Garage Light", "offline", utectest.FrontDoorID)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "NAME") {
		t.Errorf("devices prints %d lines, want a NAME header and 5 devices:\n%s", len(lines), r.stdout)
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestCLICommands(t *testing.T) {
	e := newEnv(t)
	e.login()
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")

	for _, tc := range []struct {
		args    []string
		stdout  string
		command string // what the cloud must have received, once
		key     string // the state that must have changed
		value   any
	}{
		{[]string{"lock", "front door"}, "“Front Door” is locked.", utectest.FrontDoorID + " st.lock.lock", "st.lock/lockState", "locked"},
		{[]string{"unlock", "BACK door"}, "“Back Door” is unlocked.", utectest.BackDoorID + " st.lock.unlock", "st.lock/lockState", "unlocked"},
		{[]string{"on", "Coffee Maker"}, "“Coffee Maker” is on.", utectest.PlugID + " st.switch.on", "st.switch/switch", "on"},
		{[]string{"off", utectest.BulbID}, "“Living Room Lamp” is off.", utectest.BulbID + " st.switch.off", "st.switch/switch", "off"},
		{[]string{"brightness", "Living Room Lamp", "30"}, "“Living Room Lamp” is on at 30%.", utectest.BulbID + " st.switchLevel.setLevel", "st.switchLevel/level", 30},
	} {
		e.cloud.ResetRequests()
		r := e.run(tc.args...)
		expect(t, r, 0, "stdout", tc.stdout)
		if got := commands(e.cloud); !slices.Equal(got, []string{tc.command}) {
			t.Errorf("%q: the cloud received commands %q, want exactly [%q]", tc.args, got, tc.command)
		}
		id, _, _ := strings.Cut(tc.command, " ")
		if got := e.cloud.State(id)[tc.key]; got != tc.value {
			t.Errorf("%q: %s is %v in the cloud, want %v", tc.args, tc.key, got, tc.value)
		}
	}
}

func TestCLIFailures(t *testing.T) {
	e := newEnv(t)
	e.login()

	t.Run("unknown name", func(t *testing.T) {
		e.cloud.ResetRequests()
		r := e.run("lock", "Side Door")
		expect(t, r, 1, "stderr", `no device named "Side Door"`, `"Front Door"`, `"Back Door"`, `"Living Room Lamp"`, `"Coffee Maker"`, `"Garage Light"`)
		if got := commands(e.cloud); len(got) != 0 {
			t.Errorf("the cloud received commands %q", got)
		}
	})
	t.Run("offline", func(t *testing.T) {
		r := e.run("on", "Garage Light")
		expect(t, r, 1, "stderr", "“Garage Light” is offline")
		if e.cloud.State(utectest.GarageID)["st.switch/switch"] != "on" {
			t.Error("the offline switch changed")
		}
	})
	t.Run("never executed", func(t *testing.T) {
		e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
		e.cloud.NeverExecute(utectest.FrontDoorID, true)
		defer e.cloud.NeverExecute(utectest.FrontDoorID, false)
		e.cloud.ResetRequests()
		r := e.run("lock", "Front Door", "--timeout", "3s")
		expect(t, r, 1, "stderr", "“Front Door” did not lock in time", "unlocked")
		if r.took > 15*time.Second {
			t.Errorf("--timeout 3s took %v", r.took)
		}
		if got := commands(e.cloud); len(got) != 1 {
			t.Errorf("the cloud received commands %q, want one (a lock command is never repeated)", got)
		}
	})
	t.Run("not a lock", func(t *testing.T) {
		e.cloud.ResetRequests()
		r := e.run("lock", "Coffee Maker")
		expect(t, r, 2, "stderr", "Coffee Maker")
		if got := commands(e.cloud); len(got) != 0 {
			t.Errorf("the cloud received commands %q", got)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"brightness out of range", []string{"brightness", "x", "500"}, "percentage"},
		{"brightness not a number", []string{"brightness", "Living Room Lamp", "bright"}, "percentage"},
		{"missing argument", []string{"lock"}, "expected 1 argument"},
		{"extra argument", []string{"devices", "extra"}, "expected 0 argument"},
		{"unknown flag", []string{"devices", "--frobnicate"}, "frobnicate"},
		{"unknown command", []string{"frobnicate"}, "frobnicate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.run(tc.args...)
			expect(t, r, 2, "stderr", tc.want, "utec-tray help")
		})
	}
}

func TestCLIAmbiguousName(t *testing.T) {
	side := func(id string) utectest.Device {
		return utectest.Device{ID: id, Name: "Side Door", Category: "SmartLock", HandleType: "utec-lock",
			States: []utectest.State{{Capability: "st.lock", Name: "lockState", Value: "unlocked"}}}
	}
	e := newEnv(t, utectest.WithDevices([]utectest.Device{side("11:11:11:11:11:01"), side("11:11:11:11:11:02")}))
	e.login()
	r := e.run("lock", "side door")
	expect(t, r, 1, "stderr", `2 devices are named "side door"`, "11:11:11:11:11:01", "11:11:11:11:11:02")
	if got := commands(e.cloud); len(got) != 0 {
		t.Errorf("the cloud received commands %q", got)
	}
	// The id picks one.
	r = e.run("lock", "11:11:11:11:11:02")
	expect(t, r, 0, "stdout", "“Side Door” is locked.")
	if got := commands(e.cloud); !slices.Equal(got, []string{"11:11:11:11:11:02 st.lock.lock"}) {
		t.Errorf("the cloud received commands %q", got)
	}
}

func TestCLINotSignedIn(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"devices"}, {"lock", "Front Door"}, {"brightness", "Living Room Lamp", "50"}} {
		r := e.run(args...)
		expect(t, r, 3, "stderr", "utec-tray login")
	}
	// Signed in once, then refused by the cloud: the same.
	e.login()
	e.cloud.RevokeRefreshTokens()
	e.cloud.ExpireAccessTokens()
	r := e.run("devices")
	expect(t, r, 3, "stderr", "utec-tray login")
	if got := e.cloud.Stats().Actions; got == 0 {
		t.Error("the cloud saw no request")
	}
}

// With rotating refresh tokens (the live cloud's habit), each process that
// refreshes must store the new refresh token before the next one starts.
func TestCLITokenRefreshAcrossProcesses(t *testing.T) {
	e := newEnv(t)
	e.login()
	before, _ := keyringToken(t)
	for i := 1; i <= 3; i++ {
		e.cloud.ExpireAccessTokens()
		r := e.run("devices")
		expect(t, r, 0, "stdout", "Front Door")
		if got := e.cloud.Stats().Refreshes; got != i {
			t.Errorf("after run %d the cloud counted %d refreshes, want %d", i, got, i)
		}
	}
	// A run without an expiry uses the stored access token as it is.
	r := e.run("devices")
	expect(t, r, 0, "stdout", "Front Door")
	st := e.cloud.Stats()
	if st.Refreshes != 3 || st.Exchanges != 1 {
		t.Errorf("the cloud counted %d refreshes and %d code exchanges, want 3 and 1", st.Refreshes, st.Exchanges)
	}
	after, _ := keyringToken(t)
	if after.RefreshToken == before.RefreshToken || after.AccessToken == before.AccessToken {
		t.Error("the keyring still holds the token of the sign-in after three refreshes")
	}
}

// A short access-token lifetime: every run refreshes (the token is within
// the refresh margin as soon as it is issued), and rotation works across
// processes all the same.
func TestCLIShortTokenLifetime(t *testing.T) {
	e := newEnv(t, utectest.WithAccessTokenTTL(time.Second))
	e.login()
	for range 3 {
		before := e.cloud.Stats().Refreshes
		r := e.run("devices", "--json")
		expect(t, r, 0, "stdout", "Front Door")
		if got := e.cloud.Stats().Refreshes; got <= before {
			t.Errorf("a run with an expiring token did not refresh (%d refreshes before, %d after)", before, got)
		}
	}
	r := e.run("unlock", "Back Door")
	expect(t, r, 0, "stdout", "“Back Door” is unlocked.")
	// The keyring holds a refresh token not spent yet: the one that still
	// works.
	tok, _ := keyringToken(t)
	for _, req := range e.cloud.Requests() {
		if req.Path == "/token" && tok.RefreshToken == parseForm(req.Body).Get("refresh_token") {
			t.Error("the keyring holds a refresh token that was spent already")
		}
	}
	e.cloud.ExpireAccessTokens()
	r = e.run("devices")
	expect(t, r, 0, "stdout", "Front Door")
	if st := e.cloud.Stats(); st.Exchanges != 1 {
		t.Errorf("%d code exchanges, want 1", st.Exchanges)
	}
}

func TestCLILogout(t *testing.T) {
	e := newEnv(t)
	e.login()
	r := e.run("logout")
	expect(t, r, 0, "stdout", "Signed out.")
	if _, ok := keyringLookup(t, "token"); ok {
		t.Error("secret-tool still finds the token in the keyring after logout")
	}
	// The API client stays: signing in again needs no trip to the phone.
	if _, ok := keyringLookup(t, "client-secret"); !ok {
		t.Error("logout removed the client secret; only --forget-client should")
	}
	if got := e.cloud.Stats().Calls["Uhome.User/Logout"]; got != 1 {
		t.Errorf("the cloud saw %d Uhome.User/Logout calls, want 1", got)
	}
	r = e.run("devices")
	expect(t, r, 3, "stderr", "utec-tray login")
	// Signing out twice is no error.
	r = e.run("logout")
	expect(t, r, 0, "stdout", "Signed out.")
	r = e.run("logout", "--forget-client")
	expect(t, r, 0, "stdout", "API client forgotten")
	for _, account := range []string{"token", "client-secret"} {
		if _, ok := keyringLookup(t, account); ok {
			t.Errorf("secret-tool still finds %s in the keyring after logout --forget-client", account)
		}
	}
}

// TestCLISecretsStayInTheKeyring runs a whole session (sign-in, refreshes,
// commands, sign-out) and then searches every file the app could have
// written for every secret that went over the wire.
func TestCLISecretsStayInTheKeyring(t *testing.T) {
	e := newEnv(t)
	e.login()
	e.cloud.ExpireAccessTokens()
	expect(t, e.run("devices"), 0, "stdout", "Front Door")
	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	expect(t, e.run("lock", "Front Door"), 0, "stdout", "“Front Door” is locked.")
	e.cloud.ExpireAccessTokens()
	expect(t, e.run("devices", "--json"), 0, "stdout", "Front Door")
	// A failure too: error paths are where tokens end up in messages.
	e.cloud.RevokeRefreshTokens()
	e.cloud.ExpireAccessTokens()
	expect(t, e.run("devices"), 3, "stderr", "utec-tray login")
	e.login()
	expect(t, e.run("logout"), 0, "stdout", "Signed out.")

	secrets := e.tap.Secrets()
	// The tap must have seen what the cloud saw, or the scan misses things.
	for _, req := range e.cloud.Requests() {
		if req.Path != "/token" {
			continue
		}
		form := parseForm(req.Body)
		for _, v := range []string{form.Get("code"), form.Get("refresh_token")} {
			if v != "" && secrets[v] == "" {
				t.Errorf("the tap missed a secret the cloud received at /token")
			}
		}
	}
	if n := count(secrets, "access token"); n < 4 {
		t.Errorf("the tap saw %d access tokens, want at least 4 (2 sign-ins, 2 refreshes)", n)
	}
	if n := count(secrets, "refresh token"); n < 4 {
		t.Errorf("the tap saw %d refresh tokens, want at least 4", n)
	}
	if n := count(secrets, "authorization code"); n != 2 {
		t.Errorf("the tap saw %d authorization codes, want 2", n)
	}
	if secrets[utectest.ClientSecret] != "client secret" {
		t.Error("the tap did not see the client secret")
	}
	e.assertNoSecrets()
}

// A CLI killed while its refresh is in flight: the next run still has a
// working sign-in. The refresh request is held at the cloud until the
// process is gone, so the cloud never rotates the token; the keyring keeps
// the old pair, which still works. (A kill after the cloud rotated but
// before the new token reached the keyring cannot be survived when the
// cloud invalidates the old refresh token at once: nothing was received
// that could have been saved.)
func TestCLIKilledDuringRefresh(t *testing.T) {
	e := newEnv(t)
	e.login()
	e.cloud.ExpireAccessTokens()
	e.cloud.SetPathLatency("/token", time.Minute)
	p := e.start(nil, "devices")
	deadline := time.Now().Add(20 * time.Second)
	for e.cloud.Waiting() == 0 {
		if time.Now().After(deadline) || p.exited() {
			t.Fatalf("the refresh never reached the cloud; stderr: %s", p.stderrText())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.wait(10 * time.Second)
	e.cloud.SetPathLatency("/token", 0)
	r := e.run("devices")
	expect(t, r, 0, "stdout", "Front Door")
}
