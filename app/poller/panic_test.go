package poller

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/panics"
)

// syncBuffer is a log destination the poller's goroutine and the test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}
func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

// A panic while handling an answer costs that poll, not the app: the state
// says "internal error", the log has the stack, and polling goes on. The
// source panics on purpose (a stand-in: the real decoder's known panics are
// fixed, and a test cannot rely on finding an unknown one).
func TestPanicInAPollIsAnErrorAndPollingGoesOn(t *testing.T) {
	var logs syncBuffer
	h := start(t, Config{Interval: time.Minute, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	h.nextWait()
	h.source.set(func(s *fakeSource) { s.panicValue = "integer divide by zero" })
	h.clock.fire(time.Minute)
	wait, st := h.nextWait()
	if !errors.Is(st.LastErr, panics.ErrInternal) || st.FailingSince.IsZero() {
		t.Fatalf("after a panic: LastErr %v, FailingSince %v; want an internal error, failing", st.LastErr, st.FailingSince)
	}
	if len(st.Devices) != 2 {
		t.Errorf("the devices known before the panic are gone: %+v", st.Devices)
	}
	if out := logs.String(); !strings.Contains(out, "integer divide by zero") || !strings.Contains(out, "poller.(*fakeSource).Query") {
		t.Errorf("log lacks the panic or its stack:\n%s", out)
	}
	h.source.set(func(s *fakeSource) { s.panicValue = nil })
	h.clock.fire(wait)
	_, st = h.nextWait()
	if st.LastErr != nil || !st.FailingSince.IsZero() {
		t.Errorf("the next poll after the panic: LastErr %v, FailingSince %v; want a working poll", st.LastErr, st.FailingSince)
	}
	if _, queries := h.source.counts(); queries != 3 {
		t.Errorf("%d queries, want 3 (before, during and after the panic)", queries)
	}
}
