package notify

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeBackend records deliveries; block makes deliver wait until its
// context ends, like a hung server, or until unblock is closed.
type fakeBackend struct {
	mu        sync.Mutex
	delivered []delivery
	block     bool
	unblock   chan struct{}
	caps      []string
	capsErr   error
	capsCalls int
	nextID    uint32
	closed    bool
}

type delivery struct {
	n        Notification
	replaces uint32
	markup   bool
}

func (f *fakeBackend) deliver(ctx context.Context, n Notification, replaces uint32, markup bool) (uint32, error) {
	f.mu.Lock()
	block, unblock := f.block, f.unblock
	f.mu.Unlock()
	if block {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-unblock:
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delivered = append(f.delivered, delivery{n, replaces, markup})
	if replaces != 0 {
		return replaces, nil
	}
	f.nextID++
	return f.nextID, nil
}

func (f *fakeBackend) capabilities(ctx context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.capsCalls++
	return f.caps, f.capsErr
}

func (f *fakeBackend) close() error {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	return nil
}

// syncBuffer is a log destination for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// testSender runs a Sender on f; results receives every Result.
func testSender(t *testing.T, f *fakeBackend, opts Options) (*Sender, <-chan Result, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	opts.Logger = slogTo(logs)
	results := make(chan Result, 100)
	opts.OnResult = func(r Result) { results <- r }
	s := newSender(withDefaults(opts), f)
	s.start()
	t.Cleanup(func() { s.Close() })
	return s, results, logs
}

func waitResult(t *testing.T, results <-chan Result, d time.Duration) Result {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-time.After(d):
		t.Fatal("no delivery result")
		return Result{}
	}
}

func TestSendDelivers(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{caps: []string{"body", "actions"}}
	s, results, logs := testSender(t, f, Options{})
	n := Notification{Title: "Front Door unlocked", Body: "by Alice", Tag: "lock-1",
		Actions: []Action{{"lock", "Lock"}}, Urgency: UrgencyCritical}
	if !s.Send(n) {
		t.Fatal("Send refused")
	}
	r := waitResult(t, results, 5*time.Second)
	if r.Err != nil || r.ID != 1 || r.Tag != "lock-1" || r.Title != n.Title {
		t.Fatalf("result %+v", r)
	}
	f.mu.Lock()
	got := f.delivered[0]
	f.mu.Unlock()
	if got.n.Title != n.Title || got.n.Body != n.Body || len(got.n.Actions) != 1 || got.replaces != 0 || got.markup {
		t.Errorf("delivered %+v", got)
	}
	if strings.Contains(logs.String(), "by Alice") {
		t.Errorf("the body reached the log:\n%s", logs)
	}
}

func TestSendReplacesByTag(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{}
	s, results, _ := testSender(t, f, Options{})
	for _, n := range []Notification{
		{Title: "one", Tag: "a"},
		{Title: "two", Tag: "a"},
		{Title: "three"},
		{Title: "four"},
		{Title: "five", Tag: "b"},
	} {
		s.Send(n)
		waitResult(t, results, 5*time.Second)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var replaces []uint32
	for _, d := range f.delivered {
		replaces = append(replaces, d.replaces)
	}
	// "two" replaces "one" (ID 1); untagged ones never replace anything.
	if want := []uint32{0, 1, 0, 0, 0}; !equal(replaces, want) {
		t.Errorf("replaces %v, want %v", replaces, want)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSendNeverBlocks(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{block: true, unblock: make(chan struct{})}
	s, results, logs := testSender(t, f, Options{Timeout: 200 * time.Millisecond, QueueSize: 3})

	var slowest time.Duration
	for i := range 10 {
		start := time.Now()
		if !s.Send(Notification{Title: "n" + string(rune('0'+i))}) {
			t.Fatal("Send refused")
		}
		slowest = max(slowest, time.Since(start))
		if i == 0 {
			time.Sleep(50 * time.Millisecond) // the delivery of n0 starts
		}
	}
	if slowest > 20*time.Millisecond {
		t.Errorf("a Send to a hung server took %v", slowest)
	}
	// The first is being delivered; of the nine others, the three newest
	// wait, and six were dropped with a log line each.
	r := waitResult(t, results, 2*time.Second)
	if !errors.Is(r.Err, context.DeadlineExceeded) || r.Took < 150*time.Millisecond || r.Took > time.Second {
		t.Errorf("first result %+v, want a timeout after about 200ms", r)
	}
	if n := strings.Count(logs.String(), "dropped the oldest"); n != 6 {
		t.Errorf("%d drops logged, want 6:\n%s", n, logs)
	}
	if !strings.Contains(logs.String(), "a notification was not shown") || !strings.Contains(logs.String(), "title=n0") {
		t.Errorf("the failure is not logged with its title:\n%s", logs)
	}

	// The server answers again: the waiting ones go out, the newest last.
	close(f.unblock)
	var titles []string
	for range 3 {
		r := waitResult(t, results, 2*time.Second)
		if r.Err != nil {
			t.Errorf("%s: %v", r.Title, r.Err)
		}
		titles = append(titles, r.Title)
	}
	if strings.Join(titles, ",") != "n7,n8,n9" {
		t.Errorf("delivered %q after the hang, want n7,n8,n9", titles)
	}
}

func TestSenderClose(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{block: true}
	s, results, logs := testSender(t, f, Options{Timeout: time.Hour})
	s.Send(Notification{Title: "held"})
	s.Send(Notification{Title: "waiting"})
	time.Sleep(50 * time.Millisecond) // let the delivery start

	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for a delivery to a hung server")
	}
	if r := waitResult(t, results, time.Second); !errors.Is(r.Err, context.Canceled) {
		t.Errorf("the delivery under way ended with %v, want Canceled", r.Err)
	}
	select {
	case r := <-results:
		t.Errorf("a waiting notification was delivered after Close: %+v", r)
	default:
	}
	if s.Send(Notification{Title: "late"}) {
		t.Error("Send after Close queued")
	}
	if _, ok := <-s.Events(); ok {
		t.Error("Events is open after Close")
	}
	if !f.closed {
		t.Error("the backend was not closed")
	}
	if strings.Contains(logs.String(), "not shown") {
		t.Errorf("Close's own cancellation was logged as a failure:\n%s", logs)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.SupportsActions(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("SupportsActions after Close: %v, want ErrClosed", err)
	}
}

func TestSupportsActionsCached(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		caps  []string
		err   error
		ttl   time.Duration
		want  bool
		calls int // backend calls after three SupportsActions
	}{
		{"actions", []string{"body", "actions"}, nil, time.Hour, true, 1},
		{"no actions", []string{"body"}, nil, time.Hour, false, 1},
		{"no capabilities", nil, nil, time.Hour, false, 1},
		{"failure kept for a while", nil, errors.New("no server"), time.Hour, false, 1},
		{"expired every time", []string{"actions"}, nil, time.Nanosecond, true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeBackend{caps: tt.caps, capsErr: tt.err}
			s, _, _ := testSender(t, f, Options{CapabilitiesTTL: tt.ttl})
			for range 3 {
				got, err := s.SupportsActions(t.Context())
				if got != tt.want || !errors.Is(err, tt.err) {
					t.Errorf("SupportsActions = %v, %v; want %v, %v", got, err, tt.want, tt.err)
				}
				time.Sleep(time.Millisecond)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.capsCalls != tt.calls {
				t.Errorf("%d queries, want %d", f.capsCalls, tt.calls)
			}
		})
	}
}

func TestMarkupEscapedWhenTheServerReadsMarkup(t *testing.T) {
	t.Parallel()
	for _, caps := range [][]string{{"body"}, {"body", "body-markup"}} {
		f := &fakeBackend{caps: caps}
		s, results, _ := testSender(t, f, Options{})
		s.Send(Notification{Title: "x", Body: "<a href='x'>"})
		waitResult(t, results, 5*time.Second)
		f.mu.Lock()
		markup := f.delivered[0].markup
		f.mu.Unlock()
		if want := len(caps) == 2; markup != want {
			t.Errorf("capabilities %q: markup %v, want %v", caps, markup, want)
		}
	}
}

func TestEventsForOwnNotificationsOnly(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{}
	s, results, _ := testSender(t, f, Options{})
	s.Send(Notification{Title: "reminder", Tag: "remind:front"})
	id := waitResult(t, results, 5*time.Second).ID

	s.handleSignal(signal{id: id + 100, action: "lock"}) // another app's
	s.handleSignal(signal{id: id, action: "lock"})
	s.handleSignal(signal{id: id, closed: true, reason: ClosedDismissed})
	s.handleSignal(signal{id: id, action: "lock"}) // closed: forgotten

	want := []Event{
		{ID: id, Tag: "remind:front", Action: "lock"},
		{ID: id, Tag: "remind:front", Closed: true, Reason: ClosedDismissed},
	}
	for _, w := range want {
		select {
		case ev := <-s.Events():
			if ev != w {
				t.Errorf("event %+v, want %+v", ev, w)
			}
		case <-time.After(time.Second):
			t.Fatalf("no event, want %+v", w)
		}
	}
	select {
	case ev := <-s.Events():
		t.Errorf("unexpected event %+v", ev)
	default:
	}

	// A closed tag no longer replaces anything.
	s.Send(Notification{Title: "again", Tag: "remind:front"})
	waitResult(t, results, 5*time.Second)
	f.mu.Lock()
	defer f.mu.Unlock()
	if r := f.delivered[1].replaces; r != 0 {
		t.Errorf("a notification closed by the person was replaced (replaces %d)", r)
	}
}

func TestEventsNeverBlock(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{}
	s, results, logs := testSender(t, f, Options{})
	s.Send(Notification{Title: "x", Tag: "t"})
	id := waitResult(t, results, 5*time.Second).ID
	done := make(chan struct{})
	go func() {
		for range eventBuffer + 5 {
			s.handleSignal(signal{id: id, action: "default"})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("signals block when nobody reads Events")
	}
	if n := strings.Count(logs.String(), "dropped one"); n != 5 {
		t.Errorf("%d dropped events logged, want 5", n)
	}
}

func TestTrackingBounded(t *testing.T) {
	t.Parallel()
	s := newSender(withDefaults(Options{}), &fakeBackend{})
	for i := range uint32(maxTracked + 50) {
		s.track(i+1, "tag"+string(rune('a'+i%3)))
	}
	if len(s.idTags) != maxTracked || len(s.order) != maxTracked || len(s.tagIDs) != 3 {
		t.Errorf("tracking %d ids, %d in order, %d tags; want %d, %d, 3", len(s.idTags), len(s.order), len(s.tagIDs), maxTracked, maxTracked)
	}
	if _, ok := s.idTags[1]; ok {
		t.Error("the oldest id is still tracked")
	}
}

func TestSupportsActionsNow(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{caps: []string{"actions", "body"}}
	s, _, _ := testSender(t, f, Options{})
	// Nothing known yet: the answer says so, and a query starts.
	if supported, known := s.SupportsActionsNow(); supported || known {
		t.Errorf("before any query: %v, %v; want false, false", supported, known)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		supported, known := s.SupportsActionsNow()
		if known {
			if !supported {
				t.Error("the server offers actions; SupportsActionsNow says no")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background query never answered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for range 10 {
		s.SupportsActionsNow()
	}
	f.mu.Lock()
	calls := f.capsCalls
	f.mu.Unlock()
	if calls != 1 {
		t.Errorf("%d queries, want 1 (the answer is kept)", calls)
	}
}

// TestSupportsActionsNowNeverWaits: with a server that hangs, the answer
// is "not known" at once, then "no" once the query timed out.
func TestSupportsActionsNowNeverWaits(t *testing.T) {
	t.Parallel()
	f := &hangingCaps{}
	s := newSender(withDefaults(Options{Timeout: 100 * time.Millisecond}), f)
	s.start()
	defer s.Close()
	start := time.Now()
	for range 100 {
		if supported, known := s.SupportsActionsNow(); supported || known {
			t.Fatalf("hung server: %v, %v", supported, known)
		}
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("100 calls took %v", d)
	}
	time.Sleep(300 * time.Millisecond)
	if supported, known := s.SupportsActionsNow(); supported || !known {
		t.Errorf("after the timeout: %v, %v; want false, true", supported, known)
	}
	if n := f.calls.Load(); n != 1 {
		t.Errorf("%d queries, want 1", n)
	}
}

// hangingCaps is a backend whose capabilities query hangs until its
// context ends.
type hangingCaps struct {
	fakeBackend
	calls atomic.Int32
}

func (h *hangingCaps) capabilities(ctx context.Context) ([]string, error) {
	h.calls.Add(1)
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestSendCoalescesWaitingTags(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{block: true, unblock: make(chan struct{})}
	s, results, _ := testSender(t, f, Options{})
	s.Send(Notification{Title: "held"})
	time.Sleep(50 * time.Millisecond) // its delivery starts and hangs
	s.Send(Notification{Title: "Front Door unlocked", Tag: "front"})
	s.Send(Notification{Title: "Back Door unlocked", Tag: "back"})
	s.Send(Notification{Title: "Front Door locked", Tag: "front"})
	close(f.unblock)
	var titles []string
	for range 3 {
		titles = append(titles, waitResult(t, results, 5*time.Second).Title)
	}
	if want := "held,Front Door locked,Back Door unlocked"; strings.Join(titles, ",") != want {
		t.Errorf("delivered %q, want %s: the waiting front-door news replaced in its place", titles, want)
	}
	select {
	case r := <-results:
		t.Errorf("a replaced notification was delivered too: %+v", r)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestSendCopiesActions(t *testing.T) {
	t.Parallel()
	f := &fakeBackend{block: true, unblock: make(chan struct{})}
	s, results, _ := testSender(t, f, Options{})
	actions := []Action{{"lock", "Lock"}}
	s.Send(Notification{Title: "x", Actions: actions})
	actions[0].Label = "changed by the caller"
	close(f.unblock)
	waitResult(t, results, 5*time.Second)
	f.mu.Lock()
	defer f.mu.Unlock()
	if got := f.delivered[0].n.Actions[0].Label; got != "Lock" {
		t.Errorf("delivered label %q, want Lock", got)
	}
}
