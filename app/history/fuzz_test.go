package history_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/utec-tray/utec-tray/app/history"
)

// FuzzLoad: a history file damaged or edited by hand never panics the
// tray or the command line, and an append starts afresh over what cannot
// be read (keeping it aside: a DamagedError).
func FuzzLoad(f *testing.F) {
	f.Add(`{"version":1,"events":[{"time":"2026-11-30T10:41:00Z","id":"L1","name":"Front Door","event":"unlocked","by":"someone else"}]}`)
	f.Add(`{"events": [`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, data string) {
		s := history.Store{Dir: t.TempDir()}
		if err := os.WriteFile(filepath.Join(s.Dir, history.File), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		events, _ := s.Load()
		_ = history.Recent(events, 10)
		if err := s.Append(ev(1)); err != nil && !errors.Is(err, history.ErrDamaged) {
			t.Fatalf("append after %q: %v", data, err)
		}
		if got, err := s.Load(); err != nil || len(got) == 0 {
			t.Fatalf("after an append: %v, %v", got, err)
		}
	})
}
