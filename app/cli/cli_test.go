package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// These run the command line in-process against the fake cloud, with
// secrets in memory (the built binary against the real keyring is in
// e2e/).

type run struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, cloud *utectest.Server, secrets *session.MemorySecrets, args ...string) run {
	t.Helper()
	// One settings folder per test, shared by its runs (as by a person's).
	dir := os.Getenv("UTEC_TRAY_CONFIG_DIR")
	if dir == "" {
		dir = t.TempDir()
		t.Setenv("UTEC_TRAY_CONFIG_DIR", dir)
	}
	env := map[string]string{
		"UTEC_CLIENT_ID": utectest.ClientID, "UTEC_CLIENT_SECRET": utectest.ClientSecret,
		"UTEC_OAUTH_URL": cloud.URL(), "UTEC_API_URL": cloud.URL(), "UTEC_REDIRECT_PORT": "0",
		"UTEC_TRAY_CONFIG_DIR": dir,
	}
	return runCLIEnv(t, env, nil, secrets, args...)
}

// runCLIEnv runs the command line with exactly the environment env (and
// the config folder the test set) and stdin.
func runCLIEnv(t *testing.T, env map[string]string, stdin io.Reader, secrets *session.MemorySecrets, args ...string) run {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code := Run(ctx, args, Env{
		Stdin: stdin, Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
			if k == "UTEC_TRAY_CONFIG_DIR" {
				return os.Getenv(k)
			}
			return env[k]
		}, Secrets: secrets,
		OpenURL: utectest.Browser,
		Confirm: utec.ConfirmOptions{Schedule: []time.Duration{20 * time.Millisecond}, Timeout: time.Second},
	})
	return run{code, out.String(), errOut.String()}
}

func signedIn(t *testing.T, opts ...utectest.Option) (*utectest.Server, *session.MemorySecrets) {
	cloud := utectest.NewForTest(t, append([]utectest.Option{utectest.WithCommandDelay(30 * time.Millisecond)}, opts...)...)
	secrets := &session.MemorySecrets{}
	access, refresh := cloud.IssueTokens()
	_ = secrets.SaveToken(&oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(time.Hour)})
	return cloud, secrets
}

func TestLoginAndLogout(t *testing.T) {
	cloud := utectest.NewForTest(t)
	secrets := &session.MemorySecrets{}
	r := runCLI(t, cloud, secrets, "login")
	if r.code != ExitOK || r.stdout != "Signed in as Jane Doe.\n" {
		t.Fatalf("login: %+v", r)
	}
	if tok, err := secrets.Token(); err != nil || tok.AccessToken == "" {
		t.Fatalf("token not stored: %v", err)
	}
	if r = runCLI(t, cloud, secrets, "logout"); r.code != ExitOK || !strings.HasPrefix(r.stdout, "Signed out.") {
		t.Fatalf("logout: %+v", r)
	}
	if r = runCLI(t, cloud, secrets, "devices"); r.code != ExitSignInNeed || !strings.Contains(r.stderr, "utec-tray login") {
		t.Errorf("devices after logout: %+v", r)
	}
}

// TestLoginKeepsThePipedSecret is `echo SECRET | utec-tray login
// --no-browser`: the secret from standard input is kept in the
// keyring with the client ID in the settings, so that later commands need
// no environment; a logout keeps both, and logout --forget-client does not.
func TestLoginKeepsThePipedSecret(t *testing.T) {
	cloud := utectest.NewForTest(t)
	secrets := &session.MemorySecrets{}
	dir := t.TempDir()
	t.Setenv("UTEC_TRAY_CONFIG_DIR", dir)
	noSecretEnv := map[string]string{"UTEC_CLIENT_ID": utectest.ClientID,
		"UTEC_OAUTH_URL": cloud.URL(), "UTEC_API_URL": cloud.URL(), "UTEC_REDIRECT_PORT": "0"}

	r := runCLIEnv(t, noSecretEnv, strings.NewReader(""), secrets, "login")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "echo SECRET | utec-tray login") {
		t.Fatalf("login with nothing on stdin: %+v", r)
	}
	r = runCLIEnv(t, noSecretEnv, strings.NewReader(utectest.ClientSecret+"\n"), secrets, "login")
	if r.code != ExitOK || r.stdout != "Signed in as Jane Doe.\n" {
		t.Fatalf("login with the secret on stdin: %+v", r)
	}
	if got, err := secrets.ClientSecret(); err != nil || got != utectest.ClientSecret {
		t.Fatalf("the secret was not kept: %q, %v", got, err)
	}
	// No UTEC_CLIENT_ID nor secret from here on: both are kept.
	env := map[string]string{"UTEC_OAUTH_URL": cloud.URL(), "UTEC_API_URL": cloud.URL(), "UTEC_REDIRECT_PORT": "0"}
	if r = runCLIEnv(t, env, nil, secrets, "devices"); r.code != ExitOK || !strings.Contains(r.stdout, "Front Door") {
		t.Fatalf("devices without environment: %+v", r)
	}
	if r = runCLIEnv(t, env, nil, secrets, "logout"); r.code != ExitOK || !strings.Contains(r.stdout, "API client (client ID and secret) is kept") {
		t.Fatalf("logout: %+v", r)
	}
	if _, err := secrets.ClientSecret(); err != nil {
		t.Fatalf("logout removed the client secret: %v", err)
	}
	// Signing in again needs nothing typed.
	if r = runCLIEnv(t, env, strings.NewReader(""), secrets, "login"); r.code != ExitOK {
		t.Fatalf("login again with the kept client: %+v", r)
	}
	if r = runCLIEnv(t, env, nil, secrets, "logout", "--forget-client"); r.code != ExitOK || !strings.Contains(r.stdout, "copy the client ID and secret") {
		t.Fatalf("logout --forget-client: %+v", r)
	}
	if _, err := secrets.ClientSecret(); err == nil {
		t.Error("logout --forget-client kept the client secret")
	}
	if data, err := os.ReadFile(filepath.Join(dir, "settings.json")); err != nil || strings.Contains(string(data), utectest.ClientID) {
		t.Errorf("logout --forget-client kept the client ID in the settings: %s (%v)", data, err)
	}
	if r = runCLIEnv(t, env, strings.NewReader(utectest.ClientSecret), secrets, "login"); r.code != ExitUsage || !strings.Contains(r.stderr, "no client ID") {
		t.Errorf("login after forgetting the client: %+v", r)
	}
}

func TestLoginNoBrowserPrintsTheURL(t *testing.T) {
	cloud := utectest.NewForTest(t)
	secrets := &session.MemorySecrets{}
	done := make(chan run)
	pr, pw := io.Pipe()
	dir := t.TempDir()
	go func() {
		env := map[string]string{"UTEC_CLIENT_ID": utectest.ClientID, "UTEC_CLIENT_SECRET": utectest.ClientSecret,
			"UTEC_OAUTH_URL": cloud.URL(), "UTEC_API_URL": cloud.URL(), "UTEC_REDIRECT_PORT": "0", "UTEC_TRAY_CONFIG_DIR": dir}
		var errOut bytes.Buffer
		code := Run(context.Background(), []string{"login", "--no-browser"}, Env{Stdout: pw, Stderr: &errOut,
			Getenv: func(k string) string { return env[k] }, Secrets: secrets})
		pw.Close()
		done <- run{code: code, stderr: errOut.String()}
	}()
	buf := make([]byte, 4096)
	n, _ := pr.Read(buf)
	url := strings.TrimSpace(string(buf[:n]))
	if !strings.HasPrefix(url, cloud.URL()+"/authorize?") || strings.Contains(url, "client_secret") {
		t.Fatalf("printed %q", url)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	rest, _ := io.ReadAll(pr)
	r := <-done
	if r.code != ExitOK || !strings.Contains(string(rest), "Signed in as Jane Doe.") {
		t.Errorf("login --no-browser: code %d, stdout %q, stderr %q", r.code, rest, r.stderr)
	}
}

func TestDevicesJSON(t *testing.T) {
	cloud, secrets := signedIn(t)
	r := runCLI(t, cloud, secrets, "devices", "--json")
	if r.code != ExitOK {
		t.Fatalf("%+v", r)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatal(err)
	}
	byName := map[string]map[string]any{}
	for _, row := range rows {
		byName[row["name"].(string)] = row
	}
	front := byName["Front Door"]
	if front["kind"] != "lock" || front["lock"] != "locked" || front["door"] != "closed" || front["battery"] != 80.0 || front["online"] != true {
		t.Errorf("front door %v", front)
	}
	if lamp := byName["Living Room Lamp"]; lamp["kind"] != "light" || lamp["on"] != true || lamp["brightness"] != 60.0 {
		t.Errorf("lamp %v", lamp)
	}
	if garage := byName["Garage Light"]; garage["online"] != false {
		t.Errorf("garage %v", garage)
	}
	r = runCLI(t, cloud, secrets, "devices")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, "NAME") || !strings.Contains(r.stdout, "Front Door") {
		t.Errorf("table: %+v", r)
	}
}

func TestActions(t *testing.T) {
	cloud, secrets := signedIn(t)
	cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"lock", "front door"}, ExitOK, "“Front Door” is locked.\n", ""},
		{[]string{"unlock", "BACK DOOR", "--timeout", "2s"}, ExitOK, "“Back Door” is unlocked.\n", ""},
		{[]string{"on", "Coffee Maker"}, ExitOK, "“Coffee Maker” is on.\n", ""},
		{[]string{"brightness", "Living Room Lamp", "30%"}, ExitOK, "“Living Room Lamp” is on at 30%.\n", ""},
		{[]string{"on", "Garage Light"}, ExitFailed, "", "offline"},
		{[]string{"lock", "Nowhere"}, ExitFailed, "", `"Front Door"`},
		{[]string{"lock", "Coffee Maker"}, ExitUsage, "", "not a lock"},
		{[]string{"brightness", "Living Room Lamp", "500"}, ExitUsage, "", "0 to 100"},
		{[]string{"dance"}, ExitUsage, "", "unknown command"},
		{[]string{"lock"}, ExitUsage, "", "expected 1 argument"},
	}
	for _, tt := range tests {
		r := runCLI(t, cloud, secrets, tt.args...)
		if r.code != tt.code || r.stdout != tt.stdout && tt.stdout != "" || !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("%q: code %d stdout %q stderr %q; want %d %q %q", tt.args, r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
		}
	}
}

func TestActionThatDoesNotHappen(t *testing.T) {
	cloud, secrets := signedIn(t)
	cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	cloud.NeverExecute(utectest.FrontDoorID, true)
	r := runCLI(t, cloud, secrets, "lock", "Front Door", "--timeout", "300ms")
	if r.code != ExitFailed || !strings.Contains(r.stderr, "“Front Door” did not lock in time: it still reports unlocked") {
		t.Errorf("%+v", r)
	}
	if n := cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("command sent %d times", n)
	}
}

func TestAmbiguousName(t *testing.T) {
	home := utectest.SampleHome()
	home[1].Name = home[0].Name // two "Front Door"s
	cloud, secrets := signedIn(t, utectest.WithDevices(home))
	r := runCLI(t, cloud, secrets, "lock", "front door")
	if r.code != ExitFailed || !strings.Contains(r.stderr, "2 devices are named") || !strings.Contains(r.stderr, utectest.BackDoorID) {
		t.Errorf("%+v", r)
	}
}

func TestPassageModeIsRefusedUpFront(t *testing.T) {
	cloud, secrets := signedIn(t)
	cloud.SetLockMode(utectest.BackDoorID, 1)
	r := runCLI(t, cloud, secrets, "lock", "Back Door")
	if r.code != ExitFailed || !strings.Contains(r.stderr, "Passage mode") || cloud.Stats().Calls["Uhome.Device/Command"] != 0 {
		t.Errorf("%+v", r)
	}
}

func TestRevokedSignIn(t *testing.T) {
	cloud, secrets := signedIn(t)
	cloud.ExpireAccessTokens()
	cloud.RevokeRefreshTokens()
	if r := runCLI(t, cloud, secrets, "devices"); r.code != ExitSignInNeed {
		t.Errorf("%+v", r)
	}
}

// Cloud failures that pass are retried within one run.

func TestDevicesRetriesPassingCloudFailures(t *testing.T) {
	cloud, secrets := signedIn(t)
	cloud.FailNext(2, http.StatusInternalServerError, "")
	r := runCLI(t, cloud, secrets, "devices")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Front Door") {
		t.Fatalf("devices after two 500s: %+v", r)
	}
	if n := cloud.Stats().Calls["Uhome.Device/Discovery"]; n != 3 {
		t.Errorf("%d Discovery requests, want 3", n)
	}
}

func TestDevicesStopsRetryingAtTheTimeout(t *testing.T) {
	cloud, secrets := signedIn(t)
	cloud.FailNext(1000, http.StatusServiceUnavailable, "")
	start := time.Now()
	r := runCLI(t, cloud, secrets, "devices", "--timeout", "700ms")
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("took %v with --timeout 700ms", took)
	}
	if r.code != ExitFailed || !strings.Contains(r.stderr, "The U-Tec cloud is having trouble") {
		t.Errorf("%+v", r)
	}
}

func TestCommandIsNotSentTwiceAfterAFailedAnswer(t *testing.T) {
	cloud, secrets := signedIn(t)
	// The cloud takes the command, then the gateway answers 500.
	cloud.FailAfterHandling("Uhome.Device/Command", 1, http.StatusInternalServerError)
	r := runCLI(t, cloud, secrets, "on", "Coffee Maker")
	if r.code != ExitOK || r.stdout != "“Coffee Maker” is on.\n" {
		t.Fatalf("%+v", r)
	}
	if n := cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("the command was sent %d times, want once", n)
	}
}

// Names from the account reach the terminal cleaned and quoted.
func TestHostileDeviceNames(t *testing.T) {
	home := utectest.SampleHome()
	home[0].Name = "Front Door\n\x1b]0;owned\x07\x1b[2J" + "Fake Lock\tlock\tlocked\u202e"
	cloud, secrets := signedIn(t, utectest.WithDevices(home))
	r := runCLI(t, cloud, secrets, "devices")
	if r.code != ExitOK {
		t.Fatalf("%+v", r)
	}
	if strings.ContainsAny(r.stdout, "\x1b\x07\u202e") {
		t.Errorf("control or bidi characters reached the terminal: %q", r.stdout)
	}
	if lines := strings.Count(r.stdout, "\n"); lines != 6 {
		t.Errorf("%d lines, want a header and 5 devices:\n%s", lines, r.stdout)
	}
	r = runCLI(t, cloud, secrets, "lock", "Front Door Fake Lock lock locked")
	if r.code != ExitOK || r.stdout != "“Front Door Fake Lock lock locked” is locked.\n" {
		t.Errorf("%+v", r)
	}
}

// Service URLs are https unless loopback.
func TestInsecureServiceURLsAreRefused(t *testing.T) {
	cloud, secrets := signedIn(t)
	for _, flag := range []string{"--api-url", "--oauth-url"} {
		r := runCLI(t, cloud, secrets, "devices", flag, "http://api.example.test")
		if r.code != ExitUsage || !strings.Contains(r.stderr, "use https://") {
			t.Errorf("%s http://api.example.test: %+v", flag, r)
		}
	}
	if len(cloud.Requests()) != 0 {
		t.Error("the cloud was asked although the address was refused")
	}
}

// TestHistory: the command line's own lock and unlock are history, and
// "history" prints it newest first, as a table or as JSON.
func TestHistory(t *testing.T) {
	cloud, secrets := signedIn(t)
	if r := runCLI(t, cloud, secrets, "history"); r.code != ExitOK || !strings.Contains(r.stderr, "No activity") {
		t.Fatalf("history before anything happened: %+v", r)
	}
	for _, cmd := range []string{"unlock", "lock"} {
		if r := runCLI(t, cloud, secrets, cmd, "Front Door"); r.code != ExitOK {
			t.Fatalf("%s: %+v", cmd, r)
		}
	}
	r := runCLI(t, cloud, secrets, "history", "--json", "--limit", "1")
	var events []struct {
		Time            time.Time
		ID, Name, Event string
		By              string
	}
	if err := json.Unmarshal([]byte(r.stdout), &events); err != nil || r.code != ExitOK {
		t.Fatalf("history --json: %v: %+v", err, r)
	}
	if len(events) != 1 || events[0].Event != "locked" || events[0].Name != "Front Door" || events[0].ID != utectest.FrontDoorID ||
		events[0].By != "from this computer" || events[0].Time.IsZero() {
		t.Errorf("history --json --limit 1: %+v", events)
	}
	r = runCLI(t, cloud, secrets, "history")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || strings.Contains(lines[1], "unlocked") || !strings.Contains(lines[1], "locked") || !strings.Contains(lines[2], "unlocked") {
		t.Errorf("history table:\n%s", r.stdout)
	}
	if r := runCLI(t, cloud, secrets, "history", "--limit", "-1"); r.code != ExitUsage {
		t.Errorf("a negative limit: %+v", r)
	}
}

// A timeout too short to ask the device says the command was sent, not
// that the cloud could not be asked "(<nil>)".
func TestLockWithATinyTimeoutSaysTheCommandWasSent(t *testing.T) {
	cloud, secrets := signedIn(t)
	r := runCLI(t, cloud, secrets, "lock", "Front Door", "--timeout=1ns")
	if r.code != ExitFailed || strings.Contains(r.stderr, "<nil>") || !strings.Contains(r.stderr, "(the command was sent)") {
		t.Errorf("lock --timeout=1ns: %+v", r)
	}
}

// Device ids and the cloud's error codes and messages are the account's and
// the cloud's words, not this program's: they reach the terminal cleaned.
func TestHostileIDsAndCloudErrors(t *testing.T) {
	home := utectest.SampleHome()
	home[0].ID = "AA:BB\x1b]0;owned\x07\x1b[2J\u202e"
	cloud, secrets := signedIn(t, utectest.WithDevices(home))
	r := runCLI(t, cloud, secrets, "devices")
	if r.code != ExitOK || !strings.Contains(r.stdout, "AA:BB") {
		t.Fatalf("%+v", r)
	}
	if strings.ContainsAny(r.stdout, "\x1b\x07\u202e") {
		t.Errorf("control or bidi characters of an id reached the terminal: %q", r.stdout)
	}
	cloud.MalformedNext(1, `{"payload":{"error":{"code":"BUSY\u001b[31m","message":"try \u001b]0;owned\u0007later\nFake: line"}}}`)
	r = runCLI(t, cloud, secrets, "devices")
	if r.code == ExitOK || !strings.Contains(r.stderr, "BUSY") {
		t.Fatalf("%+v", r)
	}
	if strings.ContainsAny(r.stderr, "\x1b\x07") || strings.Contains(r.stderr, "\nFake") {
		t.Errorf("the cloud's error code or message reached the terminal raw: %q", r.stderr)
	}
}

// A damaged settings file is kept aside and said once; the command goes
// on with the defaults and the environment (here the client ID).
func TestDamagedSettingsAreKeptAsideAndSaidOnce(t *testing.T) {
	cloud, secrets := signedIn(t)
	dir := t.TempDir()
	t.Setenv("UTEC_TRAY_CONFIG_DIR", dir)
	if err := os.WriteFile(filepath.Join(dir, "settings.json"), []byte(`{"pollSeconds": `), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, cloud, secrets, "devices")
	if r.code != ExitOK || !strings.Contains(r.stderr, "settings.json.damaged-") || !strings.Contains(r.stdout, "Front Door") {
		t.Fatalf("%+v", r)
	}
	if r = runCLI(t, cloud, secrets, "devices"); r.code != ExitOK || r.stderr != "" {
		t.Errorf("the second run: %+v, want it said once only", r)
	}
}
