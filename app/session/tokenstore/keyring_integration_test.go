//go:build keyring

package tokenstore_test

// Tests against a REAL Secret Service. Run them in a throwaway keyring:
//
//	scripts/with-keyring.sh go test -race -tags keyring -count=1 ./app/tokenstore/
//
// Every keyring operation runs in a new process (this test binary,
// re-executed to run TestKeyringChild only), for two reasons: it proves
// that what one process stores another reads back, as the tray and the
// command line do; and the unit tests in the same binary call
// keyring.MockInit, which replaces the real keyring for the rest of the
// process and cannot be undone. secret-tool (libsecret-tools) checks
// independently of go-keyring what is really in the keyring.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/session/tokenstore"
)

// testService keeps these tests away from a real sign-in, should they be
// run in a desktop session rather than under scripts/with-keyring.sh.
const testService = "utec-tray-integration-test"

// Environment of a child process.
const (
	envChildOp  = "UTEC_TRAY_KEYRING_CHILD"     // what the child does
	envChildArg = "UTEC_TRAY_KEYRING_CHILD_ARG" // its argument, JSON
	// envPassword is the throwaway keyring's password, which
	// scripts/with-keyring.sh exports. Only with it does the test lock the
	// keyring (and unlock it again): never someone's real one.
	envPassword = "UTEC_TRAY_TEST_KEYRING_PASSWORD"
)

// childResult is what a child process reports on its standard output.
type childResult struct {
	Token       *tokenFields `json:"token,omitempty"`
	Secret      string       `json:"secret,omitempty"`
	Err         string       `json:"err,omitempty"`
	NotFound    bool         `json:"not_found,omitempty"`
	Unavailable bool         `json:"unavailable,omitempty"`
}

type tokenFields struct {
	Access, Refresh, Type string
	Expiry                time.Time
}

const resultPrefix = "CHILD-RESULT:"

// TestKeyringChild is the child process: it runs one operation against
// the real keyring and prints the result. Run directly, it skips.
func TestKeyringChild(t *testing.T) {
	op := os.Getenv(envChildOp)
	if op == "" {
		t.Skip("helper process of the keyring integration tests")
	}
	s := tokenstore.New(tokenstore.Options{Service: testService, Timeout: 10 * time.Second})
	var res childResult
	var err error
	switch op {
	case "save-token":
		var f tokenFields
		if err := json.Unmarshal([]byte(os.Getenv(envChildArg)), &f); err != nil {
			t.Fatal(err)
		}
		err = s.SaveToken(&oauth2.Token{AccessToken: f.Access, RefreshToken: f.Refresh, TokenType: f.Type, Expiry: f.Expiry})
	case "save-secret":
		err = s.SaveClientSecret(os.Getenv(envChildArg))
	case "read-token":
		var tok *oauth2.Token
		if tok, err = s.Token(); err == nil {
			res.Token = &tokenFields{tok.AccessToken, tok.RefreshToken, tok.TokenType, tok.Expiry}
		}
	case "read-secret":
		res.Secret, err = s.ClientSecret()
	case "clear":
		err = s.Clear()
	default:
		t.Fatalf("unknown child operation %q", op)
	}
	if err != nil {
		res.Err = err.Error()
		res.NotFound = errors.Is(err, tokenstore.ErrNotFound)
		res.Unavailable = errors.Is(err, tokenstore.ErrUnavailable)
	}
	out, _ := json.Marshal(res)
	fmt.Println(resultPrefix + string(out))
}

// child runs op in a new process of this test binary, with extra
// environment variables env, and returns what it reported.
func child(t *testing.T, op, arg string, env ...string) childResult {
	t.Helper()
	// Not t.Context(): children also run in Cleanup, after it ended.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKeyringChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChildOp+"="+op, envChildArg+"="+arg,
		// Under -race, a process waits a second before it exits, by default.
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	for line := range strings.Lines(string(out)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), resultPrefix); ok {
			var res childResult
			if err := json.Unmarshal([]byte(rest), &res); err != nil {
				t.Fatalf("child %s: bad result %q: %v", op, rest, err)
			}
			return res
		}
	}
	t.Fatalf("child %s reported nothing (%v):\n%s\n%s", op, err, out, stderr.String())
	return childResult{}
}

// mustSucceed fails the test when the child reported an error.
func mustSucceed(t *testing.T, op string, res childResult) childResult {
	t.Helper()
	if res.Err != "" {
		t.Fatalf("%s: %s", op, res.Err)
	}
	return res
}

// secretTool runs secret-tool and returns its output and whether it
// succeeded (lookup fails when nothing matches).
func secretTool(t *testing.T, args ...string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "secret-tool", args...).Output()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("secret-tool %v: %v", args, err)
	}
	return string(out), err == nil
}

// lookup returns the item stored under the test service and account, as
// secret-tool sees it. go-keyring calls the account "username".
func lookup(t *testing.T, account string) (string, bool) {
	t.Helper()
	return secretTool(t, "lookup", "service", testService, "username", account)
}

// itemCount counts the items of an account, as secret-tool finds them.
func itemCount(t *testing.T, account string) int {
	t.Helper()
	out, _ := secretTool(t, "search", "--all", "service", testService, "username", account)
	n := 0
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "[") { // "[/org/freedesktop/secrets/collection/login/1]"
			n++
		}
	}
	return n
}

func requireSecretService(t *testing.T) {
	t.Helper()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus: run scripts/with-keyring.sh go test -tags keyring ./app/tokenstore/")
	}
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Fatal("secret-tool is missing: install libsecret-tools")
	}
}

func TestRealKeyring(t *testing.T) {
	requireSecretService(t)
	mustSucceed(t, "clear", child(t, "clear", ""))
	t.Cleanup(func() { child(t, "clear", "") })

	if res := child(t, "read-token", ""); !res.NotFound {
		t.Fatalf("read-token in an empty keyring: %+v, want not found", res)
	}

	// Store, from one process.
	tok1 := tokenFields{"access-one", "refresh-one", "Bearer", time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)}
	arg, _ := json.Marshal(tok1)
	mustSucceed(t, "save-token", child(t, "save-token", string(arg)))
	mustSucceed(t, "save-secret", child(t, "save-secret", "the-client-secret"))

	// It is really in the Secret Service.
	raw, ok := lookup(t, tokenstore.AccountToken)
	if !ok || !strings.Contains(raw, `"access_token":"access-one"`) || !strings.Contains(raw, `"refresh_token":"refresh-one"`) {
		t.Fatalf("secret-tool does not find the token (found %t)", ok)
	}
	if secret, ok := lookup(t, tokenstore.AccountClientSecret); !ok || secret != "the-client-secret" {
		t.Fatalf("secret-tool does not find the client secret (found %t)", ok)
	}

	// Another process reads it back.
	res := mustSucceed(t, "read-token", child(t, "read-token", ""))
	if res.Token == nil || *res.Token != tok1 {
		t.Errorf("read-token in a new process = %+v, want %+v", res.Token, tok1)
	}
	if res := mustSucceed(t, "read-secret", child(t, "read-secret", "")); res.Secret != "the-client-secret" {
		t.Errorf("read-secret in a new process: wrong secret")
	}

	// Rotation: the new token replaces the old one; no second item.
	tok2 := tokenFields{"access-two", "refresh-two", "Bearer", time.Date(2031, 1, 9, 3, 4, 5, 0, time.UTC)}
	arg, _ = json.Marshal(tok2)
	mustSucceed(t, "save-token", child(t, "save-token", string(arg)))
	if raw, _ := lookup(t, tokenstore.AccountToken); !strings.Contains(raw, `"refresh_token":"refresh-two"`) {
		t.Error("secret-tool still finds the old token after rotation")
	}
	if n := itemCount(t, tokenstore.AccountToken); n != 1 {
		t.Errorf("%d token items after rotation, want 1", n)
	}
	if res := mustSucceed(t, "read-token", child(t, "read-token", "")); res.Token == nil || *res.Token != tok2 {
		t.Errorf("read-token after rotation = %+v, want %+v", res.Token, tok2)
	}

	// Clear: nothing left, for secret-tool or for the store.
	mustSucceed(t, "clear", child(t, "clear", ""))
	for _, account := range []string{tokenstore.AccountToken, tokenstore.AccountClientSecret} {
		if _, found := lookup(t, account); found {
			t.Errorf("secret-tool still finds %q after Clear", account)
		}
	}
	if out, _ := secretTool(t, "search", "--all", "service", testService); strings.TrimSpace(out) != "" {
		t.Errorf("items of the service left after Clear:\n%s", out)
	}
	if res := child(t, "read-token", ""); !res.NotFound {
		t.Errorf("read-token after Clear: %+v, want not found", res)
	}
	if res := child(t, "read-secret", ""); !res.NotFound {
		t.Errorf("read-secret after Clear: %+v, want not found", res)
	}
	mustSucceed(t, "clear again", child(t, "clear", ""))
}

func TestRealKeyringLocked(t *testing.T) {
	requireSecretService(t)
	password := os.Getenv(envPassword)
	if password == "" {
		t.Skipf("%s is not set: not locking a keyring that may be someone's real one (scripts/with-keyring.sh sets it)", envPassword)
	}
	mustSucceed(t, "save-secret", child(t, "save-secret", "the-client-secret"))
	t.Cleanup(func() { child(t, "clear", "") })

	conn, err := dbus.SessionBus()
	if err != nil {
		t.Fatal(err)
	}
	svc := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.Lock", 0,
		[]dbus.ObjectPath{"/org/freedesktop/secrets/aliases/default"}).Store(&locked, &prompt); err != nil {
		t.Fatalf("lock the keyring: %v", err)
	}
	t.Cleanup(func() { unlock(t, svc, password) })

	// gnome-keyring asks its prompter for the password; there is none here
	// (no display), so the unlock fails, which is what a person who
	// dismisses the prompt causes too.
	res := child(t, "read-secret", "")
	if !res.Unavailable || !strings.Contains(res.Err, "the keyring is locked: unlock it") {
		t.Errorf("read-secret with the keyring locked: %+v, want unavailable, saying it is locked", res)
	}
	if res.NotFound {
		t.Error("a locked keyring looks like an empty one")
	}

	unlock(t, svc, password)
	if res := mustSucceed(t, "read-secret", child(t, "read-secret", "")); res.Secret != "the-client-secret" {
		t.Error("read-secret after unlocking: wrong secret")
	}
}

// unlock unlocks the login keyring with gnome-keyring's own (unofficial)
// interface, which takes the password directly instead of prompting.
func unlock(t *testing.T, svc dbus.BusObject, password string) {
	t.Helper()
	var out dbus.Variant
	var session dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&out, &session); err != nil {
		t.Fatalf("open a Secret Service session: %v", err)
	}
	secret := struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}{session, []byte{}, []byte(password), "text/plain"}
	if err := svc.Call("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface.UnlockWithMasterPassword", 0,
		dbus.ObjectPath("/org/freedesktop/secrets/collection/login"), secret).Err; err != nil {
		t.Fatalf("unlock the keyring: %v", err)
	}
}

func TestRealKeyringMissing(t *testing.T) {
	requireSecretService(t)
	dir := t.TempDir()

	t.Run("no session bus", func(t *testing.T) {
		res := child(t, "read-token", "", "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(dir, "no-bus-here"))
		if !res.Unavailable || !strings.Contains(res.Err, "no D-Bus session bus") {
			t.Errorf("read-token without a bus: %+v, want unavailable, naming the missing bus", res)
		}
	})

	t.Run("bus without a Secret Service", func(t *testing.T) {
		socket := quietBus(t, dir)

		res := child(t, "read-token", "", "DBUS_SESSION_BUS_ADDRESS=unix:path="+socket)
		want := "no Secret Service found on the session bus: install and unlock gnome-keyring (or KWallet), then try again"
		if !res.Unavailable || !strings.Contains(res.Err, want) {
			t.Errorf("read-token on a bus without a Secret Service: %+v, want unavailable, saying %q", res, want)
		}
	})
}

// quietBus starts a private session bus in dir that knows no services to
// activate (no prompter can pop up on someone's display), and returns
// its socket.
func quietBus(t *testing.T, dir string) string {
	t.Helper()
	// A private bus that knows no services to activate.
	socket := filepath.Join(dir, "bus")
	config := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(config, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=`+socket+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600); err != nil {
		t.Fatal(err)
	}
	daemon := exec.Command("dbus-daemon", "--config-file="+config, "--nofork", "--nopidfile")
	if err := daemon.Start(); err != nil {
		t.Fatalf("start a private dbus-daemon: %v", err)
	}
	t.Cleanup(func() {
		_ = daemon.Process.Kill()
		_ = daemon.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(socket); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the private dbus-daemon did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}

	return socket
}

// TestRealKeyringWithoutACollection: gnome-keyring running without a
// login keyring (started by a bare window manager, not at login) has
// nowhere to store the sign-in. The message says so, in gnome-keyring's
// terms, instead of calling it locked.
func TestRealKeyringWithoutACollection(t *testing.T) {
	requireSecretService(t)
	dir := t.TempDir()
	socket := quietBus(t, dir)
	addr := "DBUS_SESSION_BUS_ADDRESS=unix:path=" + socket
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	// No --unlock: no login keyring is made, only the in-memory session
	// collection, and no "default" alias.
	daemon := exec.Command("gnome-keyring-daemon", "--foreground", "--components=secrets")
	daemon.Env = []string{addr, "HOME=" + dir, "XDG_DATA_HOME=" + filepath.Join(dir, "data"), "XDG_RUNTIME_DIR=" + run,
		"PATH=" + os.Getenv("PATH")}
	if err := daemon.Start(); err != nil {
		t.Fatalf("start gnome-keyring-daemon: %v", err)
	}
	t.Cleanup(func() {
		_ = daemon.Process.Kill()
		_ = daemon.Wait()
	})
	conn, err := dbus.Connect("unix:path=" + socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var has bool
		if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&has); err == nil && has {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("gnome-keyring-daemon did not take org.freedesktop.secrets")
		}
		time.Sleep(20 * time.Millisecond)
	}

	for _, op := range []string{"save-secret", "read-secret"} {
		res := child(t, op, "the-client-secret", addr)
		t.Logf("%s: %s", op, res.Err)
		if !res.Unavailable || !strings.Contains(res.Err, "no keyring to store into") ||
			!strings.Contains(res.Err, "gnome-keyring") || !strings.Contains(res.Err, "Passwords and Keys") {
			t.Errorf("%s without a collection: %+v, want unavailable, saying there is no keyring to store into, in gnome-keyring's terms", op, res)
		}
		if strings.Contains(res.Err, "is locked") {
			t.Errorf("%s without a collection calls it locked: %s", op, res.Err)
		}
	}
}
