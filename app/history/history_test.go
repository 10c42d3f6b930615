package history_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/utec"
)

var t0 = time.Date(2026, 11, 30, 10, 41, 0, 0, time.UTC)

func ev(i int) history.Event {
	return history.Event{Time: t0.Add(time.Duration(i) * time.Minute), ID: "L1", Name: "Front Door", Event: "unlocked", By: history.BySomeoneElse}
}

func TestAppendKeepsTheLastEventsPrivately(t *testing.T) {
	t.Parallel()
	s := history.Store{Dir: t.TempDir()}
	if got, err := s.Load(); err != nil || len(got) != 0 {
		t.Fatalf("a new history: %v, %v", got, err)
	}
	for i := range history.MaxEvents + 20 {
		if err := s.Append(ev(i)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != history.MaxEvents || !got[0].Time.Equal(ev(20).Time) || !got[len(got)-1].Time.Equal(ev(history.MaxEvents+19).Time) {
		t.Errorf("kept %d events from %v to %v", len(got), got[0].Time, got[len(got)-1].Time)
	}
	st, err := os.Stat(filepath.Join(s.Dir, history.File))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
}

// TestConcurrentAppendsAreAllKept: the tray and the command line append at
// the same moment; the lock file keeps every event.
func TestConcurrentAppendsAreAllKept(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A Store each, as two processes have.
			if err := (history.Store{Dir: dir}).Append(ev(i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := history.Store{Dir: dir}.Load()
	if err != nil || len(got) != 20 {
		t.Errorf("%d events kept, want 20 (%v)", len(got), err)
	}
}

func TestRecentIsNewestFirst(t *testing.T) {
	t.Parallel()
	events := []history.Event{ev(1), ev(2), ev(3)}
	tests := []struct {
		n    int
		want []int
	}{{2, []int{3, 2}}, {10, []int{3, 2, 1}}, {0, nil}}
	for _, tt := range tests {
		got := history.Recent(events, tt.n)
		var minutes []int
		for _, e := range got {
			minutes = append(minutes, int(e.Time.Sub(t0)/time.Minute))
		}
		if fmt.Sprint(minutes) != fmt.Sprint(tt.want) {
			t.Errorf("Recent(%d) = %v, want %v", tt.n, minutes, tt.want)
		}
	}
}

func TestLine(t *testing.T) {
	t.Parallel()
	if got := ev(0).Line(time.UTC); got != "10:41 Front Door unlocked (someone else)" {
		t.Errorf("Line = %q", got)
	}
}

func TestReportedBy(t *testing.T) {
	t.Parallel()
	st := utec.Status{States: []utec.State{
		{Capability: "st.lock", Name: "lockState", Value: []byte(`"unlocked"`)},
		{Capability: "ST.Lock", Name: "lastUser", Value: []byte("\"Jane\\u001b[2J Doe\"")},
	}}
	if got := history.ReportedBy(&st); got != "Jane Doe" {
		t.Errorf("ReportedBy = %q, want the cleaned name", got)
	}
	if got := history.ReportedBy(&utec.Status{}); got != "" {
		t.Errorf("ReportedBy of no user = %q", got)
	}
}

// A damaged file is kept aside, byte for byte, before a fresh one starts,
// and the append that did it says so once.
func TestDamagedFileIsKeptAside(t *testing.T) {
	t.Parallel()
	s := history.Store{Dir: t.TempDir()}
	damaged := []byte(`{"events": [{"time":"2026-11-22T10:00:00Z","name":"Front Door","event":"unl`)
	if err := os.WriteFile(filepath.Join(s.Dir, history.File), damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(); !errors.Is(err, history.ErrDamaged) {
		t.Errorf("Load of a damaged file: %v, want ErrDamaged", err)
	}
	err := s.Append(ev(1))
	var de *history.DamagedError
	if !errors.As(err, &de) || !errors.Is(err, history.ErrDamaged) {
		t.Fatalf("Append over a damaged file: %v, want a DamagedError", err)
	}
	if filepath.Dir(de.KeptAs) != s.Dir || !strings.HasPrefix(filepath.Base(de.KeptAs), history.File+".damaged-") {
		t.Errorf("kept as %q", de.KeptAs)
	}
	if kept, err := os.ReadFile(de.KeptAs); err != nil || string(kept) != string(damaged) {
		t.Errorf("the damaged file was not kept as it was: %q, %v", kept, err)
	}
	if st, err := os.Stat(de.KeptAs); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the kept file: %v, %v; want mode 0600", st, err)
	}
	if got, err := s.Load(); err != nil || len(got) != 1 {
		t.Errorf("after the append: %v, %v; want the one new event", got, err)
	}
	if err := s.Append(ev(2)); err != nil {
		t.Errorf("the next append: %v, want it told once only", err)
	}
}
