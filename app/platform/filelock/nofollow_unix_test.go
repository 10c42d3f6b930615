//go:build unix

package filelock

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A symbolic link in place of the lock file is not followed (it could
// point at any file of the person's to create or lock).
func TestLockDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "not-created")
	path := filepath.Join(dir, "refresh.lock")
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	if unlock, err := Lock(context.Background(), path); err == nil {
		unlock()
		t.Error("the lock was taken through a symbolic link")
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("the link's target was created: %v", err)
	}
}
