// Package logging keeps the app's log useful and small: repeated records
// are counted instead of written (RateLimit), and the log file rotates at
// a size cap while the app runs (Open), so that no burst of requests and
// no long run can fill a disk.
//
// An adversarial review sent 3,000 callbacks with a wrong state to the
// sign-in's loopback server: each wrote a warning, 375 KB in a third of a
// second, and the file was trimmed only at the next start.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"
)

// Defaults of RateLimit, as New uses them.
const (
	// DefaultBurst records with the same level and message pass per
	// interval: enough to see a pattern, few enough to bound a flood.
	DefaultBurst = 5
	// DefaultInterval is the window the burst is counted in.
	DefaultInterval = time.Minute
	// maxKeys bounds the records being counted; messages are constants in
	// this app, so it is reached only by a bug, and then records pass.
	maxKeys = 1024
)

// RateLimit returns a handler that passes to next, per interval, the first
// burst records that have the same level and message; the others are
// counted, and when the interval ends one record says how many were left
// out: the message with " (repeated N more times)" and the attributes
// repeated=N and interval. Records with the same message but other
// attributes count together: the message says what happened, and that is
// what repeats.
//
// Handlers derived with WithAttrs and WithGroup share the counts.
func RateLimit(next slog.Handler, burst int, interval time.Duration) slog.Handler {
	if burst < 1 {
		burst = 1
	}
	return &limitHandler{next: next, st: &limitState{burst: burst, interval: interval, entries: map[limitKey]*limitEntry{}}}
}

type limitHandler struct {
	next slog.Handler
	st   *limitState
}

type limitState struct {
	burst    int
	interval time.Duration

	mu      sync.Mutex
	entries map[limitKey]*limitEntry
}

type limitKey struct {
	level slog.Level
	msg   string
}

// limitEntry is one message's current window.
type limitEntry struct {
	start      time.Time
	passed     int
	suppressed int
	// next is the handler the summary goes to: the one that last
	// suppressed a record, with its attributes.
	next  slog.Handler
	timer *time.Timer
	// done is set once the window's summary is decided, by the timer or
	// by a record arriving after the window, whichever is first.
	done bool
}

func (h *limitHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *limitHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &limitHandler{next: h.next.WithAttrs(as), st: h.st}
}

func (h *limitHandler) WithGroup(name string) slog.Handler {
	return &limitHandler{next: h.next.WithGroup(name), st: h.st}
}

func (h *limitHandler) Handle(ctx context.Context, r slog.Record) error {
	st := h.st
	key := limitKey{r.Level, r.Message}
	now := time.Now()

	st.mu.Lock()
	e := st.entries[key]
	var ended *limitEntry // a window that ended, whose summary is due
	if e != nil && now.Sub(e.start) >= st.interval {
		ended = st.end(key, e)
		e = nil
	}
	if e == nil {
		if len(st.entries) >= maxKeys {
			st.dropIdle(now)
		}
		if len(st.entries) >= maxKeys {
			st.mu.Unlock()
			return h.next.Handle(ctx, r)
		}
		e = &limitEntry{start: now}
		st.entries[key] = e
	}
	pass := e.passed < st.burst
	if pass {
		e.passed++
	} else {
		e.suppressed++
		e.next = h.next
		if e.timer == nil {
			e.timer = time.AfterFunc(e.start.Add(st.interval).Sub(now), func() { st.flush(key, e) })
		}
	}
	st.mu.Unlock()

	if ended != nil {
		st.summarise(key, ended)
	}
	if !pass {
		return nil
	}
	return h.next.Handle(ctx, r)
}

// end closes e's window (st.mu held) and returns e when its summary is
// for the caller to write, nil when there is none or the timer writes it.
func (st *limitState) end(key limitKey, e *limitEntry) *limitEntry {
	if st.entries[key] == e {
		delete(st.entries, key)
	}
	if e.done {
		return nil
	}
	e.done = true
	if e.timer != nil {
		e.timer.Stop()
	}
	if e.suppressed == 0 {
		return nil
	}
	return e
}

// flush is the timer's end of a window.
func (st *limitState) flush(key limitKey, e *limitEntry) {
	st.mu.Lock()
	ended := st.end(key, e)
	st.mu.Unlock()
	if ended != nil {
		st.summarise(key, ended)
	}
}

// dropIdle forgets windows that are over and counted nothing (st.mu
// held); those with a count are ended by their timers.
func (st *limitState) dropIdle(now time.Time) {
	for k, e := range st.entries {
		if e.suppressed == 0 && now.Sub(e.start) >= st.interval {
			delete(st.entries, k)
		}
	}
}

// summarise writes the record that stands for the suppressed ones. Its
// error has nowhere to go: a log that cannot be written cannot say so.
func (st *limitState) summarise(key limitKey, e *limitEntry) {
	r := slog.NewRecord(time.Now(), key.level, fmt.Sprintf("%s (repeated %d more times)", key.msg, e.suppressed), 0)
	r.AddAttrs(slog.Int("repeated", e.suppressed), slog.Duration("interval", st.interval))
	_ = e.next.Handle(context.Background(), r)
}

// New returns the app's logger: a text handler at level for each writer
// (typically os.Stderr and the file from Open), rate-limited with
// DefaultBurst and DefaultInterval.
func New(level slog.Leveler, writers ...io.Writer) *slog.Logger {
	hs := make([]slog.Handler, 0, len(writers))
	for _, w := range writers {
		hs = append(hs, slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(RateLimit(slog.NewMultiHandler(hs...), DefaultBurst, DefaultInterval))
}
