//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package instance

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A runtime folder others may use (XDG_RUNTIME_DIR=/tmp, say) is passed
// over for the settings folder, with the reason.
func TestDirPassesOverASharedRuntimeFolder(t *testing.T) {
	t.Parallel()
	dirWithMode := func(mode os.FileMode) string {
		d := shortDir(t)
		if err := os.Chmod(d, mode); err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name, dir string
		taken     bool
	}{
		{"private", dirWithMode(0o700), true},
		{"open to all, like /tmp", dirWithMode(0o1777), false},
		{"readable by others", dirWithMode(0o755), false},
		{"missing", filepath.Join(shortDir(t), "gone"), false},
	}
	if os.Getuid() == 0 {
		other := dirWithMode(0o700)
		if err := os.Chown(other, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct {
			name, dir string
			taken     bool
		}{"another user's", other, false})
	}
	for _, tt := range tests {
		getenv := func(k string) string {
			if k == "XDG_RUNTIME_DIR" {
				return tt.dir
			}
			return ""
		}
		dir, why := DirWhy("/config", getenv)
		if tt.taken && (dir != tt.dir || why != "") {
			t.Errorf("%s: Dir = %q (%s), want the runtime folder", tt.name, dir, why)
		}
		if !tt.taken && (dir != "/config" || !strings.Contains(why, "not private")) {
			t.Errorf("%s: Dir = %q (%q), want the settings folder and why", tt.name, dir, why)
		}
	}
}

// Listen does not take a lock or listen in a folder that others may write
// to: they could have put their own lock or socket there first.
func TestListenRefusesAFolderOthersMayWrite(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if inst, err := Listen(dir, "app", ""); err == nil || !strings.Contains(err.Error(), "not private") {
		if inst != nil {
			inst.Close()
		}
		t.Errorf("Listen in a 0777 folder: %v, want a refusal", err)
	}
}

// asNobody runs this test binary again as uid 65534 with the role given,
// from a copy anyone may run, and returns its output lines. Only root can
// start a process as another user: elsewhere the test is skipped (no
// stand-in can show what the kernel says of a real other user).
func asNobody(t *testing.T, role, dir string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("starting a process as another user needs root")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	binDir := shortDir(t)
	if err := os.Chmod(binDir, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(binDir, "instance.test")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestForeignPeerHelper$")
	cmd.Env = append(os.Environ(), "INSTANCE_FOREIGN_ROLE="+role, "INSTANCE_FOREIGN_DIR="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, bufio.NewScanner(out)
}

// sharedDir is a folder both this test and uid 65534 may use, as a shared
// runtime folder would be: only the peer check is left to keep them apart.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := shortDir(t)
	if err := os.Chmod(dir, 0o1777); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestForeignPeerHelper is the other user's side of the two tests below.
func TestForeignPeerHelper(t *testing.T) {
	dir := os.Getenv("INSTANCE_FOREIGN_DIR")
	switch os.Getenv("INSTANCE_FOREIGN_ROLE") {
	case "listen":
		// The other user's squatting instance: its own socket, listened on
		// without the package, so that it hears whatever arrives.
		ln, err := net.Listen("unix", filepath.Join(dir, "app.sock"))
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		_ = os.Chmod(filepath.Join(dir, "app.sock"), 0o777)
		fmt.Println("listening")
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			line, _ := bufio.NewReader(io.LimitReader(conn, 2048)).ReadString('\n')
			fmt.Printf("heard %q\n", line)
			_, _ = io.WriteString(conn, "ok\n")
			conn.Close()
		}
	case "send":
		conn, err := net.Dial("unix", filepath.Join(dir, "app.sock"))
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		_, _ = io.WriteString(conn, "settings\n")
		line, _ := bufio.NewReader(conn).ReadString('\n')
		fmt.Printf("answer %q\n", line)
	}
}

// The command line does not tell another user's socket what it did.
func TestSendRefusesAnotherUsersInstance(t *testing.T) {
	dir := sharedDir(t)
	_, lines := asNobody(t, "listen", dir)
	if !lines.Scan() || lines.Text() != "listening" {
		t.Fatalf("the other user's listener said %q", lines.Text())
	}
	err := Send(dir, "app", "cmd {\"device\":\"Front Door\",\"verb\":\"unlock\"}", time.Second)
	if !errors.Is(err, ErrForeignPeer) {
		t.Errorf("Send to another user's socket: %v, want ErrForeignPeer", err)
	}
	heard := make(chan string, 1)
	go func() {
		if lines.Scan() {
			heard <- lines.Text()
		}
	}()
	select {
	case h := <-heard:
		if strings.Contains(h, "unlock") {
			t.Errorf("the other user heard the command: %s", h)
		}
	case <-time.After(300 * time.Millisecond):
	}
}

// The tray takes no message from another user's process.
func TestInstanceIgnoresAnotherUsersMessages(t *testing.T) {
	dir := sharedDir(t)
	// Listen refuses a folder others may write to; the instance runs in a
	// private folder and the other user is given the socket itself.
	private := shortDir(t)
	if err := os.Chmod(private, 0o711); err != nil {
		t.Fatal(err)
	}
	inst := mustListen(t, private, "app")
	if err := os.Chmod(filepath.Join(private, "app.sock"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(private, "app.sock"), filepath.Join(dir, "app.sock")); err != nil {
		t.Fatal(err)
	}
	_, lines := asNobody(t, "send", dir)
	if !lines.Scan() {
		t.Fatal("the other user's sender said nothing")
	}
	if got := lines.Text(); got != `answer ""` {
		t.Errorf("the other user got %s, want no answer", got)
	}
	noMessage(t, inst)
}
