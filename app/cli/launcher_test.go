package cli

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/owncmd"
	"github.com/utec-tray/utec-tray/app/platform/instance"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestLockAll: `lock --all` locks each unlocked lock, leaves the locked
// ones and the lights alone, and reports a lock it could not lock (in
// Passage mode) with a failing exit code while still locking the rest.
func TestLockAll(t *testing.T) {
	cloud, secrets := signedIn(t)
	cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	r := runCLI(t, cloud, secrets, "lock", "--all")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Front Door") || strings.Contains(r.stdout+r.stderr, "Back Door") {
		t.Fatalf("lock --all with the Front Door unlocked: %+v", r)
	}
	if got := cloud.State(utectest.FrontDoorID)["st.lock/lockState"]; got != "locked" {
		t.Errorf("Front Door is %v after lock --all", got)
	}
	if n := cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("%d commands sent for one unlocked lock", n)
	}

	r = runCLI(t, cloud, secrets, "lock", "--all")
	if r.code != ExitOK || r.stdout != "Every lock is locked already.\n" {
		t.Errorf("lock --all with every lock locked: %+v", r)
	}

	cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	cloud.SetLockMode(utectest.BackDoorID, 1)
	r = runCLI(t, cloud, secrets, "lock", "--all")
	if r.code != ExitFailed || !strings.Contains(r.stderr, "Passage mode") {
		t.Errorf("lock --all with the Back Door in Passage mode: %+v", r)
	}
	if got := cloud.State(utectest.FrontDoorID)["st.lock/lockState"]; got != "locked" {
		t.Errorf("Front Door is %v: a lock in Passage mode stopped the others", got)
	}
}

func TestLockAllUsage(t *testing.T) {
	cloud, secrets := signedIn(t)
	for _, args := range [][]string{{"lock", "--all", "Front Door"}, {"unlock", "--all"}} {
		if r := runCLI(t, cloud, secrets, args...); r.code != ExitUsage {
			t.Errorf("%q: %+v, want a usage error", args, r)
		}
	}
	if n := cloud.Stats().Calls["Uhome.Device/Command"]; n != 0 {
		t.Errorf("usage errors sent %d commands", n)
	}
}

// TestPanelReachesTheTray: `utec-tray panel` hands the running tray the
// panel wish over the real instance socket and says it is open; with no
// tray it says the tray is not running and fails, without touching the
// cloud.
func TestPanelReachesTheTray(t *testing.T) {
	cloud, secrets := signedIn(t)
	runtime, err := os.MkdirTemp("", "cli") // short: a socket path
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(runtime) })
	env := map[string]string{"XDG_RUNTIME_DIR": runtime}
	t.Setenv("UTEC_TRAY_CONFIG_DIR", t.TempDir())

	r := runCLIEnv(t, env, nil, secrets, "panel")
	if r.code != ExitFailed || !strings.Contains(r.stderr, "the tray is not running") {
		t.Errorf("panel with no tray: %+v", r)
	}

	tray, err := instance.Listen(runtime, owncmd.TrayInstance, "")
	if err != nil {
		t.Fatal(err)
	}
	r = runCLIEnv(t, env, nil, secrets, "panel")
	if r.code != ExitOK || !strings.Contains(r.stderr, "quick panel is open") {
		t.Errorf("panel with a tray: %+v", r)
	}
	select {
	case msg := <-tray.Messages():
		if msg != owncmd.OpenPanel {
			t.Errorf("the tray got %q, want %q", msg, owncmd.OpenPanel)
		}
	case <-time.After(2 * time.Second):
		t.Error("the tray got no message")
	}

	// A tray that quit leaves no socket: the next panel says so again.
	if err := tray.Close(); err != nil {
		t.Fatal(err)
	}
	if r := runCLIEnv(t, env, nil, secrets, "panel"); r.code != ExitFailed || !strings.Contains(r.stderr, "not running") {
		t.Errorf("panel after the tray quit: %+v", r)
	}
	if n := len(cloud.Stats().Calls); n != 0 {
		t.Errorf("panel called the cloud: %v", cloud.Stats().Calls)
	}
}

// TestLauncherActionsAreCommands: every action the desktop file offers a
// dock (Actions=) has its group, a name, and an Exec that is a command
// line this package takes, flags included; desktop-file-validate, where
// installed (desktop-file-utils, the dist target), finds nothing wrong.
func TestLauncherActionsAreCommands(t *testing.T) {
	const file = "../../assets/io.github.utec_tray.utec_tray.desktop"
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]map[string]string{}
	var group map[string]string
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			group = map[string]string{}
			groups[strings.Trim(line, "[]")] = group
		case strings.Contains(line, "=") && group != nil:
			k, v, _ := strings.Cut(line, "=")
			group[k] = v
		}
	}
	actions := strings.Split(strings.TrimSuffix(groups["Desktop Entry"]["Actions"], ";"), ";")
	want := map[string]string{"lock-all": "Lock all", "open-panel": "Open quick panel"}
	if len(actions) != len(want) {
		t.Errorf("Actions=%q, want %d actions", actions, len(want))
	}
	for _, id := range actions {
		g, ok := groups["Desktop Action "+id]
		if !ok {
			t.Errorf("action %q has no [Desktop Action %s] group", id, id)
			continue
		}
		if g["Name"] != want[id] {
			t.Errorf("action %q is named %q, want %q", id, g["Name"], want[id])
		}
		args := strings.Fields(g["Exec"])
		if len(args) < 2 || args[0] != "utec-tray" || !IsCommand(args[1]) {
			t.Errorf("action %q runs %q, not a utec-tray command", id, g["Exec"])
			continue
		}
		if _, _, err := parseFlags(args[1], args[2:]); err != nil {
			t.Errorf("action %q: %q: %v", id, g["Exec"], err)
		}
	}
	validate, err := exec.LookPath("desktop-file-validate")
	if err != nil {
		t.Log("desktop-file-validate is not installed (desktop-file-utils); the file was only parsed")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, validate, file).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("desktop-file-validate: %v\n%s", err, out)
	}
}
