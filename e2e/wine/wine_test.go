//go:build wine

package wine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// The world of the tests, set up once by TestMain.
var (
	exe       string // utec-tray.exe under test
	wine      string // the wine64 loader
	wineserv  string // its wineserver
	prefix    string // the throwaway Wine prefix
	helperDir string // nohandles.exe, attachdemo.exe, credread.exe
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	// The app's words are checked in English ("Usage:"): the programs
	// started here speak it whatever this machine's locale.
	os.Setenv("LC_ALL", "C.UTF-8")
	os.Setenv("LANGUAGE", "en")
	exe = os.Getenv("UTEC_TRAY_EXE")
	if exe == "" {
		fmt.Fprintln(os.Stderr, "wine: UTEC_TRAY_EXE is not set: run make test-wine")
		return 1
	}
	home := os.Getenv("UTEC_TRAY_SESSION_HOME")
	if home == "" || home != os.Getenv("HOME") || os.Getenv("DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "wine: run under scripts/with-session.sh (a throwaway HOME and X server): make test-wine")
		return 1
	}
	var err error
	if exe, err = filepath.Abs(exe); err == nil {
		_, err = os.Stat(exe)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "wine: %v: run make windows first\n", err)
		return 1
	}
	if wine, wineserv, err = findWine(); err != nil {
		fmt.Fprintln(os.Stderr, "wine:", err)
		return 1
	}
	work, err := os.MkdirTemp("", "utec-tray-wine-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "wine:", err)
		return 1
	}
	defer os.RemoveAll(work)
	prefix, helperDir = filepath.Join(work, "prefix"), filepath.Join(work, "helpers")

	start := time.Now()
	if err := setUp(); err != nil {
		fmt.Fprintln(os.Stderr, "wine: set-up:", err)
		return 1
	}
	// However the tests end, no Wine process may outlive them.
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = wineCmd(ctx, wineserv, "-k").Run()
	}()
	fmt.Fprintf(os.Stderr, "wine: prefix and helpers ready in %v\n", time.Since(start).Round(time.Millisecond))
	return m.Run()
}

// findWine finds Debian's wine64 (which has no wine64 on PATH unless the
// wine package is installed too) and its wineserver.
func findWine() (loader, server string, err error) {
	for _, c := range []string{"wine64", "/usr/lib/wine/wine64", "wine"} {
		if p, err := exec.LookPath(c); err == nil {
			loader = p
			break
		}
	}
	if loader == "" {
		return "", "", errors.New("no wine64: sudo apt-get install wine64 (or scripts/deps.sh dist)")
	}
	server = filepath.Join(filepath.Dir(loader), "wineserver")
	if _, err := os.Stat(server); err != nil {
		if server, err = exec.LookPath("wineserver"); err != nil {
			return "", "", fmt.Errorf("no wineserver next to %s or on PATH", loader)
		}
	}
	return loader, server, nil
}

// wineEnv is the environment of every Wine process: the test's prefix,
// no debug chatter, and no offer to install Mono or Gecko (a dialog that
// would wait forever).
func wineEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "UTEC_") || strings.HasPrefix(name, "WINE") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "WINEPREFIX="+prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
}

func wineCmd(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = wineEnv()
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// runWine runs a Wine command to the end with extra environment env. Its
// output goes to files, not pipes: Wine's background processes (the
// server, services.exe, explorer.exe) inherit them and would hold a pipe
// open long after the command ended.
func runWine(ctx context.Context, env []string, name string, args ...string) (stdout, stderr string, code int, err error) {
	out, err := os.CreateTemp("", "wine-stdout-")
	if err != nil {
		return "", "", -1, err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	errOut, err := os.CreateTemp("", "wine-stderr-")
	if err != nil {
		return "", "", -1, err
	}
	defer os.Remove(errOut.Name())
	defer errOut.Close()
	cmd := wineCmd(ctx, name, args...)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = out, errOut
	err = cmd.Run()
	o, _ := os.ReadFile(out.Name())
	e, _ := os.ReadFile(errOut.Name())
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		err = nil
	}
	return string(o), string(e), cmd.ProcessState.ExitCode(), err
}

// setUp makes the prefix, puts the stand-in bcryptprimitives.dll into its
// system32 when Wine has none, and cross-builds the helper programs.
func setUp() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if out, _, code, err := runWine(ctx, nil, wine, "wineboot", "--init"); err != nil || code != 0 {
		return fmt.Errorf("wineboot --init: exit %d, %v\n%s", code, err, out)
	}
	// wineboot returns before the prefix is written out; the server keeps
	// running (-p) so that each run of the exe starts in about a second.
	if out, _, code, err := runWine(ctx, nil, wineserv, "-w"); err != nil || code != 0 {
		return fmt.Errorf("wineserver -w: exit %d, %v\n%s", code, err, out)
	}
	if out, _, code, err := runWine(ctx, nil, wineserv, "-p"); err != nil || code != 0 {
		return fmt.Errorf("wineserver -p: exit %d, %v\n%s", code, err, out)
	}
	dll := filepath.Join(prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll")
	if _, err := os.Stat(dll); errors.Is(err, fs.ErrNotExist) {
		cc := exec.CommandContext(ctx, "x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", dll,
			filepath.Join("testdata", "bcryptprimitives.c"), "-ladvapi32")
		if out, err := cc.CombinedOutput(); err != nil {
			return fmt.Errorf("build the stand-in bcryptprimitives.dll (sudo apt-get install gcc-mingw-w64-x86-64): %w\n%s", err, out)
		}
	}
	build := exec.CommandContext(ctx, "go", "build", "-o", helperDir+string(filepath.Separator),
		"./testdata/nohandles", "./testdata/credread")
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build the helpers: %w\n%s", err, out)
	}
	gui := exec.CommandContext(ctx, "go", "build", "-ldflags", "-H=windowsgui", "-o", helperDir+string(filepath.Separator),
		"./testdata/attachdemo")
	gui.Env = build.Env
	if out, err := gui.CombinedOutput(); err != nil {
		return fmt.Errorf("go build attachdemo: %w\n%s", err, out)
	}
	return nil
}

// result is how a finished run went.
type result struct {
	args           []string
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("utec-tray.exe %q: exit %d\n--- stdout:\n%s--- stderr:\n%s", r.args, r.code, r.stdout, r.stderr)
}

// cloudEnv points the exe at the fake cloud.
func cloudEnv(cloud *utectest.Server) []string {
	return []string{
		"UTEC_CLIENT_ID=" + utectest.ClientID,
		"UTEC_CLIENT_SECRET=" + utectest.ClientSecret,
		"UTEC_OAUTH_URL=" + cloud.URL(),
		"UTEC_API_URL=" + cloud.URL(),
		"UTEC_REDIRECT_PORT=0",
	}
}

// runExe runs a Windows program under Wine to the end, at most d.
func runExe(t *testing.T, d time.Duration, env []string, program string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	stdout, stderr, code, err := runWine(ctx, env, wine, append([]string{program}, args...)...)
	r := result{args: args, code: code, stdout: stdout, stderr: stderr}
	if err != nil {
		t.Fatalf("%v (after %v)\n%s", err, d, r)
	}
	return r
}

func expect(t *testing.T, r result, code int, stdout ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d:\n%s", r.code, code, r)
	}
	for _, w := range stdout {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout does not say %q:\n%s", w, r)
		}
	}
}

// credential reads a utec-tray item from Wine's Credential Manager.
func credential(t *testing.T, account string) (string, bool) {
	t.Helper()
	r := runExe(t, time.Minute, nil, filepath.Join(helperDir, "credread.exe"), account)
	switch r.code {
	case 0:
		return r.stdout, true
	case 3:
		return "", false
	}
	t.Fatalf("credread %s: exit %d: %s", account, r.code, r.stderr)
	return "", false
}

// login runs `utec-tray.exe login --no-browser` and plays the browser: it
// reads the authorize address the exe prints and follows it, through the
// fake cloud's redirect, to the exe's loopback listener inside Wine.
func login(t *testing.T, cloud *utectest.Server) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	stdoutF, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdoutF.Close()
	stderrF, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderrF.Close()
	cmd := wineCmd(ctx, wine, exe, "login", "--no-browser")
	cmd.Env = append(cmd.Env, cloudEnv(cloud)...)
	cmd.Stdout, cmd.Stderr = stdoutF, stderrF
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	read := func() result {
		o, _ := os.ReadFile(stdoutF.Name())
		e, _ := os.ReadFile(stderrF.Name())
		return result{args: []string{"login", "--no-browser"}, code: -1, stdout: string(o), stderr: string(e)}
	}

	authURL := ""
	deadline := time.Now().Add(90 * time.Second)
	for authURL == "" {
		sc := bufio.NewScanner(strings.NewReader(read().stdout))
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, cloud.URL()+"/authorize?") {
				authURL = line
			}
		}
		if authURL != "" {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("login ended (%v) without printing the authorize address:\n%s", err, read())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("login printed no authorize address in 90 s:\n%s", read())
		}
		time.Sleep(50 * time.Millisecond)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get(authURL)
	if err != nil {
		t.Fatalf("the browser's visit to the authorize address failed: %v\n%s", err, read())
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Hostname() != "127.0.0.1" {
		t.Errorf("the browser ended at %s with %s, want the exe's 127.0.0.1 listener and 200 OK:\n%s",
			resp.Request.URL.Redacted(), resp.Status, page)
	}
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("login still running 60 s after the browser came back:\n%s", read())
	}
	r := read()
	r.code = cmd.ProcessState.ExitCode()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%v\n%s", err, r)
	}
	return r
}

// TestCLI is a person's session on Windows: sign in, list, lock, sign out.
// One test, because each step needs the one before.
func TestCLI(t *testing.T) {
	cloud := utectest.NewForTest(t)
	if _, ok := credential(t, "token"); ok {
		t.Fatal("a token is in the Credential Manager before the sign-in")
	}

	r := login(t, cloud)
	expect(t, r, 0, "Signed in as Jane Doe.")
	if !strings.Contains(r.stderr, "Waiting for the sign-in at http://127.0.0.1:") {
		t.Errorf("stderr does not say where the sign-in is awaited:\n%s", r)
	}
	raw, ok := credential(t, "token")
	if !ok {
		t.Fatal("no utec-tray token in the Credential Manager after the sign-in")
	}
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal([]byte(raw), &tok); err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("the Credential Manager's token item is not a token (%v); %d bytes", err, len(raw))
	}
	if secret, ok := credential(t, "client-secret"); !ok || secret != utectest.ClientSecret {
		t.Errorf("the client secret is not in the Credential Manager (found: %v)", ok)
	}
	// The token is in the Credential Manager only, not in a file of the
	// prefix (settings, logs, the registry in plain text).
	assertNotInFiles(t, prefix, tok.AccessToken, tok.RefreshToken)

	st := cloud.Stats()
	if st.Authorizes != 1 || st.Exchanges != 1 {
		t.Errorf("cloud saw %d authorizes and %d exchanges, want 1 each", st.Authorizes, st.Exchanges)
	}

	r = runExe(t, time.Minute, cloudEnv(cloud), exe, "devices", "--json")
	expect(t, r, 0)
	var rows []struct {
		ID, Name, Kind, Lock string
	}
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 5 {
		t.Fatalf("devices --json is not the 5 devices of the sample home (%v):\n%s", err, r)
	}
	found := false
	for _, d := range rows {
		if d.Name == "Front Door" {
			found = d.ID == utectest.FrontDoorID && d.Kind == "lock" && d.Lock == "locked"
		}
	}
	if !found {
		t.Errorf("devices --json has no locked Front Door lock:\n%s", r.stdout)
	}

	cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	r = runExe(t, time.Minute, cloudEnv(cloud), exe, "lock", "Front Door")
	expect(t, r, 0, "“Front Door” is locked.")
	if got := cloud.State(utectest.FrontDoorID)["st.lock/lockState"]; got != "locked" {
		t.Errorf("the Front Door is %v in the cloud after lock, want locked", got)
	}

	r = runExe(t, time.Minute, cloudEnv(cloud), exe, "logout")
	expect(t, r, 0)
	if _, ok := credential(t, "token"); ok {
		t.Error("the token is still in the Credential Manager after logout")
	}
	r = runExe(t, time.Minute, cloudEnv(cloud), exe, "devices")
	if r.code == 0 || !strings.Contains(r.stderr, "utec-tray login") {
		t.Errorf("devices after logout: want a failure that says to sign in:\n%s", r)
	}
}

// assertNotInFiles fails when any file under dir holds one of the secrets.
func assertNotInFiles(t *testing.T, dir string, secrets ...string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return nil // dangling links into the host (Z:, dosdevices) and the like
		}
		info, err := d.Info()
		if err != nil || info.Size() > 64<<20 {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds a token in plain text", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConsoleOutput starts GUI-subsystem programs as a console shell does
// (without standard handles, through nohandles.exe) inside a terminal, and
// checks that their output reaches it: Wine gives a program started from a
// terminal a console there, and the program sees it only through
// winconsole.Attach.
func TestConsoleOutput(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		t.Fatal("script (util-linux) is missing: it gives Wine a terminal")
	}
	inTerminal := func(t *testing.T, program string, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		line := []string{wine, filepath.Join(helperDir, "nohandles.exe"), program}
		line = append(line, args...)
		quoted := make([]string, len(line))
		for i, a := range line {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		cmd := exec.CommandContext(ctx, "script", "-qec", strings.Join(quoted, " "), "/dev/null")
		cmd.Env = wineEnv()
		f, err := os.Create(filepath.Join(t.TempDir(), "terminal"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdout, cmd.Stderr = f, f
		cmd.WaitDelay = 5 * time.Second
		err = cmd.Run()
		out, _ := os.ReadFile(f.Name())
		if err != nil {
			t.Fatalf("%s in a terminal: %v\n%s", filepath.Base(program), err, out)
		}
		return string(out)
	}

	t.Run("winconsole", func(t *testing.T) {
		out := inTerminal(t, filepath.Join(helperDir, "attachdemo.exe"))
		for _, w := range []string{"attachdemo stdout attached=true", "attachdemo stderr"} {
			if !strings.Contains(out, w) {
				t.Errorf("the terminal does not show %q:\n%q", w, out)
			}
		}
	})
	t.Run("utec-tray help", func(t *testing.T) {
		data, err := os.ReadFile(exe)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("utec-tray/app/platform/winconsole.")) {
			t.Skip("utec-tray.exe does not call winconsole.Attach yet (main.go: call it before the command line runs)")
		}
		out := inTerminal(t, exe, "help")
		if !strings.Contains(out, "Usage:") {
			t.Errorf("utec-tray.exe help, started from a console without handles, printed no usage in it:\n%q", out)
		}
	})
}
