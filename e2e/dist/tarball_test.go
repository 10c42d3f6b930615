//go:build dist

package dist

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTarball installs the fyne package tarball for other distributions
// the way the README says, into a scratch DESTDIR, runs the binary from
// there and uninstalls it again.
func TestTarball(t *testing.T) {
	tarball := os.Getenv("UTEC_TRAY_TARBALL")
	if tarball == "" {
		t.Fatal("UTEC_TRAY_TARBALL is not set: run make test-dist")
	}
	pkg, dest := t.TempDir(), t.TempDir()
	run(t, "tar", "-C", pkg, "-xf", tarball)
	run(t, "make", "-C", pkg, "install", "DESTDIR="+dest, "PREFIX=/usr/local")
	for _, p := range []string{
		"usr/local/bin/utec-tray",
		"usr/local/share/applications/" + appID + ".desktop",
		"usr/local/share/pixmaps/" + appID + ".png",
	} {
		if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
			t.Errorf("make install put no %s: %v", p, err)
		}
	}
	if out := run(t, filepath.Join(dest, "usr/local/bin/utec-tray"), "help"); !strings.Contains(out, "Usage:") {
		t.Errorf("the tarball's utec-tray help printed no usage:\n%s", out)
	}
	run(t, "make", "-C", pkg, "uninstall", "DESTDIR="+dest, "PREFIX=/usr/local")
	err := filepath.WalkDir(dest, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("%s is still there after make uninstall", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
