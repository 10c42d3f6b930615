package instance

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// shortDir is a fresh folder with a short path: socket paths are limited
// to about 100 bytes, which t.TempDir's long names can exceed on macOS.
func shortDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "inst")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func mustListen(t *testing.T, dir, name string) *Instance {
	t.Helper()
	inst, err := Listen(dir, name, "")
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { inst.Close() })
	return inst
}

func receive(t *testing.T, inst *Instance) string {
	t.Helper()
	select {
	case msg, ok := <-inst.Messages():
		if !ok {
			t.Fatal("Messages closed")
		}
		return msg
	case <-time.After(5 * time.Second):
		t.Fatal("no message within 5s")
		return ""
	}
}

func noMessage(t *testing.T, inst *Instance) {
	t.Helper()
	select {
	case msg := <-inst.Messages():
		t.Fatalf("unexpected message %q", msg)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestSecondStartHandsOverItsMessage(t *testing.T) {
	t.Parallel()
	for _, msg := range []string{"settings", ""} {
		t.Run(fmt.Sprintf("%q", msg), func(t *testing.T) {
			t.Parallel()
			dir := shortDir(t)
			first := mustListen(t, dir, "utec-tray")

			second, err := Listen(dir, "utec-tray", msg)
			if err != ErrRunning {
				t.Fatalf("second Listen = %v, %v; want ErrRunning", second, err)
			}
			if got := receive(t, first); got != msg {
				t.Errorf("first got %q, want %q", got, msg)
			}
		})
	}
}

func TestEachStartIsOneMessage(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	first := mustListen(t, dir, "utec-tray")
	for _, msg := range []string{"settings", "about", "settings"} {
		if _, err := Listen(dir, "utec-tray", msg); err != ErrRunning {
			t.Fatalf("Listen(%q) = %v, want ErrRunning", msg, err)
		}
		if got := receive(t, first); got != msg {
			t.Errorf("got %q, want %q", got, msg)
		}
	}
}

func TestNamesAreSeparate(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	mustListen(t, dir, "utec-tray")
	mustListen(t, dir, "utec-tray-demo")
}

func TestStaleSocketIsTakenOver(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	sock := filepath.Join(dir, "utec-tray.sock")
	// A socket file nobody listens on, as a crashed instance leaves it.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: sock, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("stale socket not left behind: %v", err)
	}

	inst := mustListen(t, dir, "utec-tray")
	if _, err := Listen(dir, "utec-tray", "settings"); err != ErrRunning {
		t.Fatalf("second Listen = %v, want ErrRunning", err)
	}
	if got := receive(t, inst); got != "settings" {
		t.Errorf("got %q, want settings", got)
	}
}

func TestCloseRemovesSocketAndLetsTheNextStartIn(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	inst, err := Listen(dir, "utec-tray", "")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "utec-tray.sock")
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("no socket while running: %v", err)
	}
	if err := inst.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := inst.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := os.Stat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket still there after Close: %v", err)
	}
	if _, ok := <-inst.Messages(); ok {
		t.Error("Messages still open after Close")
	}
	mustListen(t, dir, "utec-tray")
}

func TestCloseDoesNotWaitForSilentClients(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	inst, err := Listen(dir, "utec-tray", "")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("unix", filepath.Join(dir, "utec-tray.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	time.Sleep(50 * time.Millisecond) // let the instance accept it

	start := time.Now()
	if err := inst.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > readTimeout/2 {
		t.Errorf("Close took %v", d)
	}
}

func TestMalformedMessagesAreDropped(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	inst := mustListen(t, dir, "utec-tray")
	sock := filepath.Join(dir, "utec-tray.sock")
	raw := func(data string) {
		t.Helper()
		conn, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		// The instance may drop the connection before reading all of a
		// long message; that is the point.
		conn.Write([]byte(data))
		conn.Close()
	}

	raw("")                                       // says nothing
	raw("no line break")                          // never ends its line
	raw(strings.Repeat("x", MaxMessage+1) + "\n") // too long
	noMessage(t, inst)

	raw(strings.Repeat("x", MaxMessage) + "\r\n")
	if got := receive(t, inst); got != strings.Repeat("x", MaxMessage) {
		t.Errorf("longest message arrived as %d bytes", len(got))
	}
}

func TestListenRejectsBadArguments(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	tests := []struct{ name, msg string }{
		{"", ""},
		{"a/b", ""},
		{`a\b`, ""},
		{"utec-tray", "two\nlines"},
		{"utec-tray", strings.Repeat("x", MaxMessage+1)},
		{strings.Repeat("n", maxSocketPath), ""},
	}
	for _, tt := range tests {
		if inst, err := Listen(dir, tt.name, tt.msg); err == nil || errors.Is(err, ErrRunning) {
			t.Errorf("Listen(%q, %.10q...) = %v, %v; want an argument error", tt.name, tt.msg, inst, err)
		}
	}
}

func TestFolderAndSocketArePrivate(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := filepath.Join(shortDir(t), "run")
	mustListen(t, dir, "utec-tray")
	for path, want := range map[string]os.FileMode{
		dir:                                  0o700,
		filepath.Join(dir, "utec-tray.sock"): 0o600,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", filepath.Base(path), got, want)
		}
	}
}

func TestConcurrentStartsHaveOneWinner(t *testing.T) {
	t.Parallel()
	const starts = 5
	for round := range 20 {
		dir := shortDir(t)
		var (
			wg      sync.WaitGroup
			ready   = make(chan struct{})
			winners = make(chan *Instance, starts)
			errs    = make(chan error, starts)
		)
		for n := range starts {
			wg.Go(func() {
				<-ready
				inst, err := Listen(dir, "utec-tray", fmt.Sprint("start ", n))
				if err != nil {
					errs <- err
					return
				}
				winners <- inst
			})
		}
		close(ready)
		wg.Wait()
		close(winners)
		close(errs)

		if len(winners) != 1 {
			t.Fatalf("round %d: %d winners, want 1", round, len(winners))
		}
		for err := range errs {
			if err != ErrRunning {
				t.Fatalf("round %d: loser got %v, want ErrRunning", round, err)
			}
		}
		winner := <-winners
		// Every loser's message reaches the winner, its own excepted.
		seen := map[string]bool{}
		for range starts - 1 {
			seen[receive(t, winner)] = true
		}
		if len(seen) != starts-1 {
			t.Errorf("round %d: messages %v, want %d different", round, seen, starts-1)
		}
		if err := winner.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCrashedInstanceIsReplaced runs an instance in a child process, checks
// that a start here hands over to it, kills it the hard way and checks that
// the next start takes over.
func TestCrashedInstanceIsReplaced(t *testing.T) {
	if os.Getenv("INSTANCE_TEST_CHILD") != "" {
		child()
		return
	}
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := shortDir(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashedInstanceIsReplaced$")
	cmd.Env = append(os.Environ(), "INSTANCE_TEST_CHILD="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	expect := func(want string) {
		t.Helper()
		if !lines.Scan() {
			t.Fatalf("child said nothing (want %q): %v", want, lines.Err())
		}
		if got := lines.Text(); got != want {
			t.Fatalf("child said %q, want %q", got, want)
		}
	}

	expect("listening")
	if _, err := Listen(dir, "utec-tray", "settings"); err != ErrRunning {
		t.Fatalf("Listen while the child runs = %v, want ErrRunning", err)
	}
	expect("got settings")

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if runtime.GOOS != "windows" {
		if _, err := os.Stat(filepath.Join(dir, "utec-tray.sock")); err != nil {
			t.Fatalf("killed child left no socket file to take over: %v", err)
		}
	}
	mustListen(t, dir, "utec-tray")
}

// child is the instance of TestCrashedInstanceIsReplaced: it reports on
// stdout and waits to be killed.
func child() {
	inst, err := Listen(os.Getenv("INSTANCE_TEST_CHILD"), "utec-tray", "")
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("listening")
	for msg := range inst.Messages() {
		fmt.Println("got", msg)
	}
}

// TestSendTellsTheRunningInstance: the command line tells the tray what
// it did without trying to become the instance, and fails at once when no
// tray runs.
func TestSendTellsTheRunningInstance(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	start := time.Now()
	if err := Send(dir, "utec-tray", "cmd {}", time.Second); err == nil {
		t.Fatal("Send with no instance running succeeded")
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("Send with no instance running took %v", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "utec-tray.lock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Send touched the lock file: %v", err)
	}

	inst := mustListen(t, dir, "utec-tray")
	for _, msg := range []string{"cmd {}", "settings"} {
		if err := Send(dir, "utec-tray", msg, time.Second); err != nil {
			t.Fatalf("Send(%q): %v", msg, err)
		}
		if got := receive(t, inst); got != msg {
			t.Errorf("got %q, want %q", got, msg)
		}
	}
	for _, bad := range []struct{ name, msg string }{
		{"", "x"}, {"a/b", "x"}, {"utec-tray", "two\nlines"}, {"utec-tray", strings.Repeat("x", MaxMessage+1)},
	} {
		if err := Send(dir, bad.name, bad.msg, time.Second); err == nil {
			t.Errorf("Send(%q, %.10q...) succeeded", bad.name, bad.msg)
		}
	}
	noMessage(t, inst)
}

func TestDirPrefersTheRuntimeFolder(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if got := Dir("/config", getenv); got != "/config" {
		t.Errorf("without XDG_RUNTIME_DIR: %q, want the settings folder", got)
	}
	runtimeDir := shortDir(t)
	if err := os.Chmod(runtimeDir, 0o700); err != nil {
		t.Fatal(err)
	}
	env["XDG_RUNTIME_DIR"] = runtimeDir
	if got := Dir("/config", getenv); got != runtimeDir {
		t.Errorf("with XDG_RUNTIME_DIR: %q, want it", got)
	}
}

// TestStuckInstanceIsNotTakenForAnAnswer: a holder of the lock that takes
// the message and never answers (hung) is reported as ErrNoAnswer, so
// that a second start does not claim the Settings window opened.
func TestStuckInstanceIsNotTakenForAnAnswer(t *testing.T) {
	dir := shortDir(t)
	lock, err := tryLock(filepath.Join(dir, "utec-tray.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer lock.unlock()
	ln, err := net.Listen("unix", filepath.Join(dir, "utec-tray.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got, stop := make(chan string, 1), make(chan struct{})
	defer close(stop)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		line, _ := bufio.NewReader(conn).ReadString('\n')
		got <- line
		<-stop // hung: never answers
	}()
	start := time.Now()
	_, err = Listen(dir, "utec-tray", "settings")
	if !errors.Is(err, ErrRunning) || !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("Listen = %v, want ErrRunning and ErrNoAnswer", err)
	}
	if d := time.Since(start); d > ackTimeout+time.Second {
		t.Errorf("Listen took %v", d)
	}
	if line := <-got; line != "settings\n" {
		t.Errorf("the stuck instance read %q", line)
	}
}
