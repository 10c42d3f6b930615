//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package instance

import (
	"os"
	"path/filepath"
	"testing"
)

// A symbolic link in place of the instance's lock file is not followed.
func TestInstanceLockDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "not-created")
	if err := os.Symlink(target, filepath.Join(dir, "app.lock")); err != nil {
		t.Fatal(err)
	}
	if inst, err := Listen(dir, "app", ""); err == nil {
		inst.Close()
		t.Error("the instance lock was taken through a symbolic link")
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("the link's target was created: %v", err)
	}
}
