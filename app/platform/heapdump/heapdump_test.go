//go:build unix

package heapdump

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSIGUSR1WritesTheProfile sends the test process a real SIGUSR1 and
// reads back a heap profile (a gzipped protocol buffer that names this
// package's functions).
func TestSIGUSR1WritesTheProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heap.pprof")
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	stop := Start(func(k string) string {
		if k == EnvVar {
			return path
		}
		return ""
	}, logger)
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	var data []byte
	for deadline := time.Now().Add(10 * time.Second); len(data) == 0; {
		if time.Now().After(deadline) {
			t.Fatalf("no profile at %s after SIGUSR1; log:\n%s", path, logs.String())
		}
		time.Sleep(10 * time.Millisecond)
		data, _ = os.ReadFile(path)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the profile is not gzipped: %v", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("the profile is cut short: %v", err)
	}
	if !bytes.Contains(raw, []byte("inuse_space")) {
		t.Error("the profile has no inuse_space sample")
	}
}

// TestOffByDefault: without the variable no signal handler is installed
// and nothing is written.
func TestOffByDefault(t *testing.T) {
	var logs bytes.Buffer
	stop := Start(func(string) string { return "" }, slog.New(slog.NewTextHandler(&logs, nil)))
	stop()
	if logs.Len() != 0 {
		t.Errorf("logged %q with the variable unset", logs.String())
	}
}
