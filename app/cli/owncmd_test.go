package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/owncmd"
	"github.com/utec-tray/utec-tray/app/platform/instance"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestCommandTellsTheRunningTray: with a tray listening on the instance
// socket, a command tells it what it is about to do and then what the
// lock confirmed; without one, the command works just the same.
func TestCommandTellsTheRunningTray(t *testing.T) {
	cloud, secrets := signedIn(t)
	runtime, err := os.MkdirTemp("", "cli") // short: a socket path
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(runtime) })
	env := map[string]string{
		"UTEC_TRAY_CONFIG_DIR": t.TempDir(), "XDG_RUNTIME_DIR": runtime,
		"UTEC_CLIENT_ID": utectest.ClientID, "UTEC_CLIENT_SECRET": utectest.ClientSecret,
		"UTEC_OAUTH_URL": cloud.URL(), "UTEC_API_URL": cloud.URL(), "UTEC_REDIRECT_PORT": "0",
	}
	run := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		code := Run(ctx, args, Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] },
			Secrets: secrets, Confirm: utec.ConfirmOptions{Schedule: []time.Duration{20 * time.Millisecond}, Timeout: time.Second}})
		return code, out.String() + errOut.String()
	}

	// No tray: the command does not wait for one, nor fail.
	start := time.Now()
	if code, out := run("unlock", "Front Door"); code != ExitOK {
		t.Fatalf("unlock with no tray: exit %d: %s", code, out)
	}
	t.Logf("unlock with no tray took %v", time.Since(start))

	tray, err := instance.Listen(runtime, owncmd.TrayInstance, "")
	if err != nil {
		t.Fatal(err)
	}
	defer tray.Close()
	before := time.Now()
	if code, out := run("lock", "Front Door"); code != ExitOK {
		t.Fatalf("lock: exit %d: %s", code, out)
	}
	lock := devices.Action{Verb: devices.Lock}
	read := func() owncmd.Message {
		t.Helper()
		select {
		case line := <-tray.Messages():
			m, err := owncmd.Parse(line)
			if err != nil {
				t.Fatalf("the tray got %q: %v", line, err)
			}
			return m
		case <-time.After(time.Second):
			t.Fatal("the tray got no message")
		}
		return owncmd.Message{}
	}
	if m := read(); m != owncmd.Sent(utectest.FrontDoorID, lock) {
		t.Errorf("first message %+v, want the command about to be sent", m)
	}
	m := read()
	if m.DeviceID != utectest.FrontDoorID || m.Verb != devices.Lock || m.Status == nil || m.Status.Lock != utec.LockLocked {
		t.Errorf("second message %+v (status %+v), want the Front Door confirmed locked", m, m.Status)
	}
	if m.Done.Before(before) || m.Done.After(time.Now()) {
		t.Errorf("confirmed at %v, not during the command (%v to now)", m.Done, before)
	}

	// A command that fails before it is sent tells the tray nothing.
	if code, _ := run("lock", "Nowhere"); code != ExitFailed {
		t.Errorf("lock Nowhere: exit %d", code)
	}
	select {
	case line := <-tray.Messages():
		if strings.HasPrefix(line, owncmd.Prefix) {
			t.Errorf("a failed lookup told the tray %q", line)
		}
	case <-time.After(100 * time.Millisecond):
	}
}
