package logging

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a slog.Handler that keeps the records it gets.
type recorder struct {
	mu    sync.Mutex
	recs  []slog.Record
	attrs []slog.Attr
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec.AddAttrs(r.attrs...)
	r.recs = append(r.recs, rec)
	return nil
}
func (r *recorder) WithAttrs(as []slog.Attr) slog.Handler {
	return &sharedRecorder{r, as}
}
func (r *recorder) WithGroup(string) slog.Handler { return r }

// sharedRecorder is a recorder with attributes added, writing into the
// same list.
type sharedRecorder struct {
	*recorder
	as []slog.Attr
}

func (s *sharedRecorder) Handle(ctx context.Context, rec slog.Record) error {
	rec.AddAttrs(s.as...)
	return s.recorder.Handle(ctx, rec)
}

func (r *recorder) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, rec := range r.recs {
		out = append(out, rec.Level.String()+" "+rec.Message)
	}
	return out
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		burst int
		log   func(l *slog.Logger)
		want  []string
	}{
		{"under the burst", 3, func(l *slog.Logger) {
			l.Warn("a")
			l.Warn("a")
		}, []string{"WARN a", "WARN a"}},
		{"over the burst", 2, func(l *slog.Logger) {
			for range 10 {
				l.Warn("wrong state", "has_state", true)
			}
		}, []string{"WARN wrong state", "WARN wrong state"}},
		{"messages and levels counted apart", 1, func(l *slog.Logger) {
			for range 3 {
				l.Warn("a")
				l.Info("a")
				l.Warn("b")
			}
		}, []string{"WARN a", "INFO a", "WARN b"}},
		{"attributes do not make records different", 1, func(l *slog.Logger) {
			l.Warn("a", "n", 1)
			l.Warn("a", "n", 2)
			l.With("x", 1).Warn("a")
		}, []string{"WARN a"}},
		{"burst below 1 is 1", 0, func(l *slog.Logger) {
			l.Error("e")
			l.Error("e")
		}, []string{"ERROR e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			tt.log(slog.New(RateLimit(rec, tt.burst, time.Hour)))
			if got := rec.messages(); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("passed %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRateLimitSummary: after the interval, one record says how many were
// left out, without another record having to come.
func TestRateLimitSummary(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	const interval = 200 * time.Millisecond
	l := slog.New(RateLimit(rec, 2, interval)).With("component", "login")
	for range 7 {
		l.Warn("ignored a callback")
	}
	l.Info("other")
	time.Sleep(interval + 300*time.Millisecond)

	got := rec.messages()
	want := []string{"WARN ignored a callback", "WARN ignored a callback", "INFO other",
		"WARN ignored a callback (repeated 5 more times)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("records %q, want %q", got, want)
	}
	rec.mu.Lock()
	summary := rec.recs[3]
	rec.mu.Unlock()
	attrs := map[string]string{}
	summary.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value.String(); return true })
	if attrs["repeated"] != "5" || attrs["interval"] != interval.String() || attrs["component"] != "login" {
		t.Errorf("summary attributes %v", attrs)
	}

	// A new window: the burst passes again.
	l.Warn("ignored a callback")
	if got := rec.messages(); len(got) != 5 || got[4] != "WARN ignored a callback" {
		t.Errorf("after the interval: %q", got)
	}
}

// TestRateLimitSummaryOnNextRecord: a record arriving after the window
// ends writes the summary of the window before it, once.
func TestRateLimitSummaryOnNextRecord(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	h := RateLimit(rec, 1, 50*time.Millisecond).(*limitHandler)
	l := slog.New(h)
	l.Warn("x")
	l.Warn("x")
	l.Warn("x")
	// Hold the timer off: the next record sees the ended window first.
	h.st.mu.Lock()
	for _, e := range h.st.entries {
		e.timer.Stop()
		e.timer = time.AfterFunc(time.Hour, func() {})
	}
	h.st.mu.Unlock()
	time.Sleep(60 * time.Millisecond)
	l.Warn("x")
	want := "WARN x|WARN x (repeated 2 more times)|WARN x"
	if got := strings.Join(rec.messages(), "|"); got != want {
		t.Errorf("records %q, want %q", got, want)
	}
}

func TestRateLimitConcurrent(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	l := slog.New(RateLimit(rec, 5, 300*time.Millisecond))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 500 {
				l.Warn("flood")
			}
		})
	}
	wg.Wait()
	time.Sleep(600 * time.Millisecond)
	got := rec.messages()
	// The 4,000 records may straddle a window's end: each window passes 5
	// and sums up the rest, so the total is what counts.
	total := 0
	for _, m := range got {
		if m == "WARN flood" {
			total++
			continue
		}
		var n int
		if _, err := fmt.Sscanf(m, "WARN flood (repeated %d more times)", &n); err != nil {
			t.Fatalf("unexpected record %q", m)
		}
		total += n
	}
	if total != 4000 || len(got) > 12 {
		t.Errorf("%d records accounting for %d, want few accounting for 4000: %q", len(got), total, got)
	}
}

func TestRateLimitEnabled(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	h := RateLimit(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}), 1, time.Hour)
	if h.Enabled(context.Background(), slog.LevelInfo) || !h.Enabled(context.Background(), slog.LevelError) {
		t.Error("Enabled does not follow the next handler")
	}
	slog.New(h).WithGroup("g").Warn("m", "k", "v")
	if !strings.Contains(buf.String(), "g.k=v") {
		t.Errorf("WithGroup lost: %q", buf.String())
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	var a, b bytes.Buffer
	l := New(slog.LevelInfo, &a, &b)
	l.Debug("hidden")
	for range 20 {
		l.Warn("repeated")
	}
	for _, buf := range []*bytes.Buffer{&a, &b} {
		if n := strings.Count(buf.String(), "msg=repeated"); n != DefaultBurst || strings.Contains(buf.String(), "hidden") {
			t.Errorf("writer got %d records (want %d) or the debug one:\n%s", n, DefaultBurst, buf.String())
		}
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func TestFileRotates(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "logs")
	path := filepath.Join(dir, FileName)
	f, err := OpenFile(path, 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := range 100 {
		fmt.Fprintf(f, "line %03d %s\n", i, strings.Repeat("x", 40)) // 50 bytes
	}
	cur, prev := fileSize(t, path), fileSize(t, path+".1")
	if cur > 1000 || prev > 1000 || prev == 0 {
		t.Errorf("sizes %d and %d, want both at most 1000, the previous one not empty", cur, prev)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(data), "line 099 "+strings.Repeat("x", 40)+"\n") {
		t.Errorf("the current file does not end with the last line:\n%s", data)
	}
	old, _ := os.ReadFile(path + ".1")
	if !strings.HasPrefix(string(old), "line 060 ") {
		t.Errorf("the previous file starts with %q, want line 060", strings.SplitN(string(old), "\n", 2)[0])
	}
	if runtime.GOOS != "windows" {
		for _, p := range []string{dir, path, path + ".1"} {
			st, _ := os.Stat(p)
			if perm := st.Mode().Perm(); perm&0o077 != 0 {
				t.Errorf("%s has mode %v, want none for group and others", p, perm)
			}
		}
	}
}

func TestFileConcurrentWritesStayWholeAndBounded(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), FileName)
	const maxSize = 4096
	f, err := OpenFile(path, maxSize)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				if _, err := fmt.Fprintf(f, "goroutine %d line %04d\n", g, i); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	whole := regexp.MustCompile(`^(goroutine \d line \d{4}\n)*$`)
	for _, p := range []string{path, path + ".1"} {
		data, _ := os.ReadFile(p)
		if len(data) > maxSize {
			t.Errorf("%s is %d bytes, over the cap of %d", p, len(data), maxSize)
		}
		if !whole.Match(data) {
			t.Errorf("%s holds a broken line", p)
		}
	}
	if _, err := f.Write([]byte("late\n")); err == nil {
		t.Error("Write after Close succeeded")
	}
}

func TestOpenRotatesAnOversizedFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, bytes.Repeat([]byte("old line\n"), 300000), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write([]byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if cur, prev := fileSize(t, path), fileSize(t, path+".1"); cur != 4 || prev != 2700000 {
		t.Errorf("sizes %d and %d, want 4 and the old 2700000", cur, prev)
	}
	if f.Path() != path {
		t.Errorf("Path() = %s", f.Path())
	}
}

// TestFileRotationFallsBackToEmptying: when the old file cannot be moved
// aside, the current one is emptied: the cap holds all the same.
func TestFileRotationFallsBackToEmptying(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), FileName)
	// A folder with a file in it cannot be replaced by a rename.
	if err := os.MkdirAll(filepath.Join(path+".1", "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	f, err := OpenFile(path, 100)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := range 50 {
		fmt.Fprintf(f, "line %02d\n", i) // 8 bytes
	}
	if cur := fileSize(t, path); cur > 100 || cur == 0 {
		t.Errorf("the file is %d bytes, want 1 to 100", cur)
	}
}
