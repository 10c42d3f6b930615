// Package heapdump writes the tray's heap profile on request, for finding
// out what holds memory at rest. It is off unless UTEC_HEAP_PROFILE names a
// file: then each SIGUSR1 (Linux, the BSDs, macOS) collects the garbage and
// writes the heap profile there, and logs the Go runtime's memory figures.
//
//	UTEC_HEAP_PROFILE=/tmp/heap.pprof utec-tray &
//	kill -USR1 %1 && go tool pprof -top -sample_index=inuse_space /tmp/heap.pprof
package heapdump

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// EnvVar names the file the profile goes to.
const EnvVar = "UTEC_HEAP_PROFILE"

// Start answers SIGUSR1 with a heap profile written to the file getenv's
// EnvVar names, until stop; it does nothing when the variable is empty.
func Start(getenv func(string) string, logger *slog.Logger) (stop func()) {
	path := getenv(EnvVar)
	if path == "" {
		return func() {}
	}
	return listen(func() {
		if err := Write(path, logger); err != nil {
			logger.Warn("heap profile not written", "err", err)
		}
	}, logger)
}

// Write collects the garbage, writes the heap profile to path (whole or
// not at all: it is written aside, then renamed) and logs the runtime's
// memory figures (in KiB).
func Write(path string, logger *slog.Logger) error {
	runtime.GC()
	f, err := os.CreateTemp(filepath.Dir(path), ".heap-*.pprof")
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer os.Remove(f.Name()) // after the rename, a no-op
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		_ = f.Close()
		return fmt.Errorf("heap profile %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("heap profile %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	logger.Info("heap profile written", "file", path, "heap_inuse_kib", m.HeapInuse/1024,
		"heap_idle_kib", m.HeapIdle/1024, "heap_released_kib", m.HeapReleased/1024,
		"stacks_kib", m.StackInuse/1024, "sys_kib", m.Sys/1024, "goroutines", runtime.NumGoroutine())
	return nil
}
