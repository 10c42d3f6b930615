//go:build dist

package dist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

const (
	pkgName = "utec-tray"
	appID   = "io.github.utec_tray.utec_tray"
)

// deb is the package under test.
var deb string

func TestMain(m *testing.M) {
	// The app's words are checked in English ("Usage:"): the programs
	// started here speak it whatever this machine's locale.
	os.Setenv("LC_ALL", "C.UTF-8")
	os.Setenv("LANGUAGE", "en")
	deb = os.Getenv("UTEC_TRAY_DEB")
	home := os.Getenv("UTEC_TRAY_SESSION_HOME")
	switch {
	case deb == "":
		fmt.Fprintln(os.Stderr, "dist: UTEC_TRAY_DEB is not set: run make test-dist")
		os.Exit(1)
	case home == "" || home != os.Getenv("HOME") || os.Getenv("DISPLAY") == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "":
		fmt.Fprintln(os.Stderr, "dist: run under scripts/with-session.sh (a private X server and session bus): make test-dist")
		os.Exit(1)
	}
	if _, err := os.Stat(deb); err != nil {
		fmt.Fprintf(os.Stderr, "dist: %v: run make dist first\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// run runs a command, at most two minutes, and fails the test when it
// fails; it returns stdout.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, errOut, err := tryRun(name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n--- stdout:\n%s--- stderr:\n%s", name, strings.Join(args, " "), err, out, errOut)
	}
	return out
}

func tryRun(name string, args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var o, e bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	err = cmd.Run()
	return o.String(), e.String(), err
}

// asRoot runs a command as root: directly when the test is root, else
// through password-less sudo.
func asRoot(t *testing.T, name string, args ...string) string {
	t.Helper()
	if os.Geteuid() == 0 {
		return run(t, name, args...)
	}
	return run(t, "sudo", append([]string{"-n", "--preserve-env=DEBIAN_FRONTEND", name}, args...)...)
}

func canBeRoot() bool {
	if os.Geteuid() == 0 {
		return true
	}
	_, _, err := tryRun("sudo", "-n", "true")
	return err == nil
}

// status is dpkg's status of the package: "install ok installed", or ""
// when dpkg knows nothing of it.
func status() string {
	out, _, err := tryRun("dpkg-query", "-W", "-f=${Status}", pkgName)
	if err != nil {
		return ""
	}
	return out
}

// contents lists the paths in the package, absolute, directories included.
func contents(t *testing.T) []string {
	t.Helper()
	var paths []string
	out := run(t, "sh", "-c", "dpkg-deb --fsys-tarfile \"$1\" | tar -t", "sh", deb)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		p := strings.TrimSuffix(strings.TrimPrefix(line, "."), "/")
		if p != "" {
			paths = append(paths, p)
		}
	}
	return paths
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// TestControl checks what apt sees before installing: the name, the
// architecture, and the shared libraries declared as dependencies, so that
// apt pulls in GL and X11 on a machine without them.
func TestControl(t *testing.T) {
	field := func(name string) string {
		return strings.TrimSpace(run(t, "dpkg-deb", "--field", deb, name))
	}
	if got := field("Package"); got != pkgName {
		t.Errorf("Package: %q, want %q", got, pkgName)
	}
	if got := field("Architecture"); got != "amd64" {
		t.Errorf("Architecture: %q, want amd64", got)
	}
	if !strings.Contains(filepath.Base(deb), "_"+field("Version")+"_") {
		t.Errorf("Version %q is not the one in the file name %s", field("Version"), filepath.Base(deb))
	}
	depends := field("Depends")
	var names []string
	for _, d := range strings.Split(depends, ",") {
		name, _, _ := strings.Cut(strings.TrimSpace(d), " ")
		names = append(names, name)
	}
	// What the GLFW driver links (GL, libc) and what it opens at run time
	// (X11, Wayland), which dpkg-shlibdeps cannot see.
	for _, want := range []string{"libc6", "libgl1", "libx11-6", "libxcursor1", "libxrandr2", "libxi6", "libxkbcommon0"} {
		if !slices.Contains(names, want) {
			t.Errorf("Depends does not name %s: %q", want, depends)
		}
	}
	if field("Maintainer") == "" || field("Description") == "" {
		t.Error("Maintainer or Description is empty")
	}
}

// TestInstallRunRemove installs the package, checks its files, runs the
// command line and the tray from /usr/bin, removes it and checks that
// every path it brought is gone again.
func TestInstallRunRemove(t *testing.T) {
	if !canBeRoot() {
		t.Fatal("installing the package needs root: run make test-dist as root or with password-less sudo")
	}
	if s := status(); s != "" && !strings.HasSuffix(s, "not-installed") {
		t.Fatalf("dpkg already knows a %s package (%q): this test installs and removes it, so it leaves yours alone; remove it first (sudo dpkg -P %s)", pkgName, s, pkgName)
	}
	paths := contents(t)
	before := map[string]bool{}
	for _, p := range paths {
		before[p] = exists(p)
	}
	if before["/usr/bin/utec-tray"] {
		t.Fatal("/usr/bin/utec-tray exists though no utec-tray package is installed: remove it first")
	}

	installed := false
	t.Cleanup(func() {
		if installed {
			if _, errOut, err := tryRunAsRoot("dpkg", "--purge", pkgName); err != nil {
				t.Errorf("cleanup: dpkg --purge %s: %v: %s", pkgName, err, errOut)
			}
		}
	})
	// dpkg -i fails when a dependency is missing; apt-get -f then fetches
	// it and finishes the installation, as the README tells people.
	installed = true
	if _, errOut, err := tryRunAsRoot("dpkg", "-i", deb); err != nil {
		t.Logf("dpkg -i: %v: %s; trying apt-get -f install", err, errOut)
		asRoot(t, "apt-get", "-f", "install", "-y", "-q")
	}
	if s := status(); s != "install ok installed" {
		t.Fatalf("after dpkg -i the package's status is %q", s)
	}

	listed := strings.Split(strings.TrimSpace(run(t, "dpkg", "-L", pkgName)), "\n")
	t.Run("files", func(t *testing.T) { checkFiles(t, listed) })
	t.Run("help", testHelp)
	t.Run("tray", testTray)

	asRoot(t, "dpkg", "-r", pkgName)
	installed = false
	if s := status(); s != "" && !strings.HasSuffix(s, "not-installed") {
		t.Errorf("after dpkg -r the package's status is %q, want not installed (it has no conffiles)", s)
	}
	for _, p := range listed {
		if p == "/." || before[p] {
			continue // there before the package came: not the package's to remove
		}
		if exists(p) {
			t.Errorf("%s is still there after dpkg -r", p)
		}
	}
}

func tryRunAsRoot(name string, args ...string) (string, string, error) {
	if os.Geteuid() == 0 {
		return tryRun(name, args...)
	}
	return tryRun("sudo", append([]string{"-n", "--preserve-env=DEBIAN_FRONTEND", name}, args...)...)
}

// checkFiles checks that the installed files are where desktops look for
// them, and that each icon has the size its folder says.
func checkFiles(t *testing.T, listed []string) {
	want := []string{
		"/usr/bin/utec-tray",
		"/usr/share/applications/" + appID + ".desktop",
		"/usr/share/metainfo/" + appID + ".metainfo.xml",
	}
	for _, size := range []int{16, 22, 24, 32, 48, 64, 128, 256, 512} {
		want = append(want, fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/%s.png", size, size, appID))
	}
	for _, p := range want {
		if !slices.Contains(listed, p) {
			t.Errorf("dpkg -L does not list %s", p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if info.Mode().Perm()&0o022 != 0 || info.Mode().Perm()&0o444 != 0o444 {
			t.Errorf("%s has mode %v: not readable by all, or writable by others", p, info.Mode())
		}
	}
	if info, err := os.Stat("/usr/bin/utec-tray"); err == nil && info.Mode().Perm() != 0o755 {
		t.Errorf("/usr/bin/utec-tray has mode %v, want 0755", info.Mode())
	}
	for _, size := range []int{16, 22, 24, 32, 48, 64, 128, 256, 512} {
		p := fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/%s.png", size, size, appID)
		f, err := os.Open(p)
		if err != nil {
			continue // reported above
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != size || cfg.Height != size {
			t.Errorf("%s: %dx%d (%v), want a %dx%d PNG", p, cfg.Width, cfg.Height, err, size, size)
		}
	}
	desktop, err := os.ReadFile("/usr/share/applications/" + appID + ".desktop")
	if err == nil {
		for _, line := range []string{"Exec=utec-tray", "Icon=" + appID} {
			if !slices.Contains(strings.Split(string(desktop), "\n"), line) {
				t.Errorf("the desktop file has no line %q:\n%s", line, desktop)
			}
		}
	}
}

// testHelp runs the command line from PATH, as a person types it.
func testHelp(t *testing.T) {
	path, err := exec.LookPath("utec-tray")
	if err != nil || path != "/usr/bin/utec-tray" {
		t.Fatalf("utec-tray on PATH is %q (%v), want /usr/bin/utec-tray", path, err)
	}
	out := run(t, "utec-tray", "help")
	for _, w := range []string{"Usage:", "utec-tray login", "utec-tray devices"} {
		if !strings.Contains(out, w) {
			t.Errorf("utec-tray help does not say %q:\n%s", w, out)
		}
	}
}

// testTray starts the installed tray app with its demo home and reads its
// menu over the session bus, as a panel does; Quit must end it.
func testTray(t *testing.T) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("connect to the session bus: %v", err)
	}
	defer conn.Close()

	var stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/utec-tray", "--demo")
	cmd.Env = append(os.Environ(), "UTEC_TRAY_CONFIG_DIR="+t.TempDir())
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("start /usr/bin/utec-tray --demo: %v", err)
	}
	done := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	defer func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
			<-done
		}
	}()

	wait, stop := context.WithTimeout(ctx, 60*time.Second)
	defer stop()
	name, err := dbustest.FindTrayItemOf(wait, conn, cmd.Process.Pid)
	if err != nil {
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		time.Sleep(time.Second)
		t.Fatalf("utec-tray --demo registered no tray item on the bus: %v\nits stderr:\n%s", err, stderr.String())
	}
	t.Logf("the tray item is %s", name)
	if _, err := dbustest.WaitForItem(wait, conn, name, func(l string) bool { return strings.HasPrefix(l, "Front Door") }); err != nil {
		root, _ := dbustest.Layout(conn, name)
		t.Fatalf("the demo's Front Door is not in the tray menu: %v; the menu:\n%s", err, root)
	}
	quit, err := dbustest.WaitForItem(wait, conn, name, func(l string) bool { return strings.HasPrefix(l, "Quit") })
	if err != nil {
		t.Fatalf("no Quit item in the tray menu: %v", err)
	}
	if err := dbustest.Click(conn, name, quit.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		if waitErr != nil {
			t.Errorf("utec-tray --demo ended with %v after Quit; its stderr:\n%s", waitErr, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Errorf("utec-tray --demo still runs 20 s after Quit; its stderr:\n%s", stderr.String())
	}
}
