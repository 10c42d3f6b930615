//go:build unix

package logging

import (
	"os"
	"path/filepath"
	"testing"
)

// A symbolic link where the log file belongs (planted by whoever could
// write to the folder) is not followed: the file it points to is left
// alone and opening the log fails.
func TestLogFileDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(target, []byte("keep\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	if f, err := Open(dir); err == nil {
		f.Write([]byte("written through the link\n"))
		f.Close()
		t.Error("the log file was opened through a symbolic link")
	}
	if data, _ := os.ReadFile(target); string(data) != "keep\n" {
		t.Errorf("the link's target was changed: %q", data)
	}
}
