//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// bin is the utec-tray binary under test.
var bin string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	// The tests sign in and out of the keyring's "utec-tray" items: never
	// let them near a real session's keyring.
	home := os.Getenv("UTEC_TRAY_SESSION_HOME")
	if home == "" || home != os.Getenv("HOME") {
		fmt.Fprintln(os.Stderr, "e2e: these tests need a throwaway desktop session (they sign in and out of the keyring):\n"+
			"  scripts/with-session.sh go test -tags e2e -count=1 ./e2e/")
		return 1
	}
	for _, v := range []string{"DISPLAY", "DBUS_SESSION_BUS_ADDRESS"} {
		if os.Getenv(v) == "" {
			fmt.Fprintf(os.Stderr, "e2e: %s is not set: run under scripts/with-session.sh\n", v)
			return 1
		}
	}
	if err := keepRealNotificationDaemonsAway(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: keep real notification daemons off the test bus: %v\n", err)
		return 1
	}
	stopTray, err := startSessionTray()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: start the session's tray: %v\n", err)
		return 1
	}
	defer stopTray()
	if _, err := exec.LookPath("secret-tool"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: secret-tool is missing: sudo apt-get install libsecret-tools")
		return 1
	}

	if p := os.Getenv("UTEC_TRAY_BIN"); p != "" {
		abs, err := filepath.Abs(p)
		if err == nil {
			_, err = os.Stat(abs)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "e2e: UTEC_TRAY_BIN=%s: %v\n", p, err)
			return 1
		}
		bin = abs
	} else {
		dir, err := os.MkdirTemp("", "utec-tray-e2e-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "utec-tray")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/utec-tray/utec-tray")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		start := time.Now()
		if err := build.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: go build: %v\n", err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "e2e: built %s in %v\n", bin, time.Since(start).Round(time.Millisecond))
	}
	return m.Run()
}

// env is one test's world: a fake cloud behind a recording tap, a settings
// folder, a folder for the children's output and temporary files, and the
// environment the binaries run with.
type env struct {
	t     *testing.T
	cloud *utectest.Server
	tap   *tap
	// root holds config (the settings folder), logs (the children's
	// stdout and stderr) and tmp (their TMPDIR).
	root, configDir, logDir string
	vars                    []string
	runs                    int
}

// newEnv starts a fake cloud and signs the keyring out, so that the test
// starts from nothing.
func newEnv(t *testing.T, opts ...utectest.Option) *env {
	t.Helper()
	cloud := utectest.NewForTest(t, opts...)
	e := &env{t: t, cloud: cloud, tap: newTap(t, cloud.URL()), root: t.TempDir()}
	e.configDir = filepath.Join(e.root, "config")
	e.logDir = filepath.Join(e.root, "logs")
	tmp := filepath.Join(e.root, "tmp")
	for _, d := range []string{e.configDir, e.logDir, tmp} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "UTEC_") && name != "UTEC_TRAY_SESSION_HOME" || name == "TMPDIR" {
			continue
		}
		e.vars = append(e.vars, kv)
	}
	e.vars = append(e.vars,
		"UTEC_TRAY_CONFIG_DIR="+e.configDir,
		"UTEC_CLIENT_ID="+utectest.ClientID,
		"UTEC_CLIENT_SECRET="+utectest.ClientSecret,
		"UTEC_OAUTH_URL="+e.tap.URL(),
		"UTEC_API_URL="+e.tap.URL(),
		"UTEC_REDIRECT_PORT=0",
		"TMPDIR="+tmp,
		// The tests compare English words, whatever the machine speaks
		// (LANGUAGE wins over LANG with jeandeaual/go-locale; exec keeps
		// the last of a duplicate).
		"LANGUAGE=en",
	)
	clearKeyring(t)
	t.Cleanup(func() { clearKeyring(t) })
	return e
}

// without returns the environment without the named variables.
func (e *env) without(names ...string) []string {
	var out []string
	for _, kv := range e.vars {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return out
}

// result is how a finished run of the binary went.
type result struct {
	args           []string
	code           int
	stdout, stderr string
	took           time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("utec-tray %q: exit %d after %v\n--- stdout:\n%s--- stderr:\n%s", r.args, r.code, r.took.Round(time.Millisecond), r.stdout, r.stderr)
}

// proc is a running child: the binary with its output going to files in
// the logs folder.
type proc struct {
	args             []string
	cmd              *exec.Cmd
	stdout, stderr   string // file paths
	started          time.Time
	done             chan struct{}
	waitErr          error
	cancel           context.CancelFunc
	stdoutF, stderrF *os.File
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// start runs the binary with args and the test's environment (vars nil) or
// vars. It is killed when the test ends, at the latest.
func (e *env) start(vars []string, args ...string) *proc {
	e.t.Helper()
	if vars == nil {
		vars = e.vars
	}
	e.runs++
	name := fmt.Sprintf("%02d", e.runs)
	if len(args) > 0 {
		name += "-" + unsafeChars.ReplaceAllString(args[0], "_")
	} else {
		name += "-tray"
	}
	p := &proc{args: args, done: make(chan struct{}),
		stdout: filepath.Join(e.logDir, name+".stdout"), stderr: filepath.Join(e.logDir, name+".stderr")}
	var err error
	if p.stdoutF, err = os.Create(p.stdout); err != nil {
		e.t.Fatal(err)
	}
	if p.stderrF, err = os.Create(p.stderr); err != nil {
		e.t.Fatal(err)
	}
	// A backstop: no child may outlive a stuck test by much.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	p.cancel = cancel
	p.cmd = exec.CommandContext(ctx, bin, args...)
	p.cmd.Env = vars
	p.cmd.Stdout, p.cmd.Stderr = p.stdoutF, p.stderrF
	p.cmd.WaitDelay = 5 * time.Second
	p.started = time.Now()
	if err := p.cmd.Start(); err != nil {
		cancel()
		e.t.Fatalf("start %s %q: %v", bin, args, err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		p.stdoutF.Close()
		p.stderrF.Close()
		cancel()
		close(p.done)
	}()
	e.t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
			e.t.Logf("killed utec-tray %q at the end of the test; its stderr:\n%s", args, p.stderrText())
		}
	})
	return p
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

// dump stops a stuck child with SIGQUIT, which makes a Go program print
// every goroutine's stack, and returns its stderr.
func (p *proc) dump() string {
	if !p.exited() {
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
		}
	}
	return p.stderrText()
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *proc) stdoutText() string { b, _ := os.ReadFile(p.stdout); return string(b) }
func (p *proc) stderrText() string { b, _ := os.ReadFile(p.stderr); return string(b) }

// wait waits at most d for the child to exit and returns how it went;
// ok is false when it was still running (it is killed then).
func (p *proc) wait(d time.Duration) (r result, ok bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	ok = true
	select {
	case <-p.done:
	case <-timer.C:
		ok = false
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	r = result{args: p.args, code: p.cmd.ProcessState.ExitCode(), stdout: p.stdoutText(), stderr: p.stderrText(),
		took: time.Since(p.started)}
	var ee *exec.ExitError
	if p.waitErr != nil && !errors.As(p.waitErr, &ee) {
		r.stderr += fmt.Sprintf("\n[e2e: wait: %v]", p.waitErr)
	}
	return r, ok
}

// run runs the binary to the end, at most 30 s.
func (e *env) run(args ...string) result {
	e.t.Helper()
	return e.runWith(nil, 30*time.Second, args...)
}

func (e *env) runWith(vars []string, d time.Duration, args ...string) result {
	e.t.Helper()
	r, ok := e.start(vars, args...).wait(d)
	if !ok {
		e.t.Fatalf("still running after %v, killed:\n%s", d, r)
	}
	return r
}

// expect checks a run's exit code and that stdout or stderr (where) holds
// every one of want.
func expect(t *testing.T, r result, code int, where string, want ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d:\n%s", r.code, code, r)
		return
	}
	text := r.stdout
	if where == "stderr" {
		text = r.stderr
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not say %q:\n%s", where, w, r)
		}
	}
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("the binary panicked:\n%s", r)
	}
}

// login runs `utec-tray login --no-browser` and plays the browser: it reads
// the authorize address from the child's stdout and follows it, through
// the fake cloud's redirect, to the child's loopback listener.
func (e *env) login() result {
	e.t.Helper()
	p := e.start(nil, "login", "--no-browser")
	authURL := ""
	deadline := time.Now().Add(15 * time.Second)
	for authURL == "" {
		sc := bufio.NewScanner(strings.NewReader(p.stdoutText()))
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, e.tap.URL()+"/authorize?") {
				authURL = line
			}
		}
		if authURL != "" {
			break
		}
		if p.exited() || time.Now().After(deadline) {
			r, _ := p.wait(0)
			e.t.Fatalf("login printed no authorize address (%s/authorize?...) on a line of its own:\n%s", e.tap.URL(), r)
		}
		time.Sleep(20 * time.Millisecond)
	}
	client := &http.Client{Timeout: 15 * time.Second}
	resp, err := client.Get(authURL)
	if err != nil {
		r, _ := p.wait(5 * time.Second)
		e.t.Fatalf("the browser's visit to %s failed: %v\n%s", authURL, err, r)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r, ok := p.wait(15 * time.Second)
	if !ok {
		e.t.Fatalf("login still running 15 s after the browser came back (page %d %q), killed:\n%s", resp.StatusCode, page, r)
	}
	if resp.StatusCode != http.StatusOK {
		e.t.Errorf("the loopback page answered %s after the redirect from %s:\n%s", resp.Status, resp.Request.URL.Redacted(), page)
	}
	if resp.Request.URL.Hostname() != "127.0.0.1" {
		e.t.Errorf("the browser ended at %s, want the CLI's 127.0.0.1 listener", resp.Request.URL.Redacted())
	}
	expect(e.t, r, 0, "stdout", "Signed in as Jane Doe.")
	if e.t.Failed() {
		e.t.FailNow()
	}
	return r
}

// Keyring access through secret-tool, as a person would check it. The
// go-keyring attributes are "service" and "username".

func keyringLookup(t *testing.T, account string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "secret-tool", "lookup", "service", "utec-tray", "username", account)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return stdout.String(), true
	case errors.As(err, &ee) && ee.ExitCode() == 1 && stdout.Len() == 0:
		return "", false
	}
	t.Fatalf("secret-tool lookup service utec-tray username %s: %v: %s", account, err, stderr.String())
	return "", false
}

func clearKeyring(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "secret-tool", "clear", "service", "utec-tray").CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 && len(out) == 0 {
		err = nil // nothing to clear
	}
	if err != nil {
		t.Fatalf("secret-tool clear service utec-tray: %v: %s", err, out)
	}
}

// commands returns the commands the cloud received, as "id capability.name".
func commands(cloud *utectest.Server) []string {
	var out []string
	for _, r := range cloud.Requests() {
		if r.Namespace == "Uhome.Device" && r.Name == "Command" {
			out = append(out, r.Commands...)
		}
	}
	return out
}

// waitFor polls cond every 20 ms for at most d.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
