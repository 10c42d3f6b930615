package utec_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestExecuteAsksWhenTheDeferralHasPassed: with the default schedule the
// first re-query waits out the cloud's st.deferredResponse (asking earlier
// returns the old state), and a device done by then is confirmed by that
// one query. Real time: the deferral is in whole seconds on the wire.
func TestExecuteAsksWhenTheDeferralHasPassed(t *testing.T) {
	t.Parallel()
	// Done a little before the cloud said: a timer of the fake firing
	// late under load must not turn this into a race.
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(800 * time.Millisecond)}, nil)
	f.cloud.SetDeferral(1)
	front := devicesByID(t, f.client)[utectest.FrontDoorID]
	f.cloud.ResetRequests()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	out, err := f.client.Execute(ctx, front, utec.Unlock(), utec.ConfirmOptions{Timeout: 5 * time.Second})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Reached || out.Accepted.Deferred != time.Second {
		t.Fatalf("outcome %+v, want reached after the 1 s deferral", out)
	}
	if out.Queries != 1 {
		t.Errorf("%d re-queries, want the one at the end of the deferral", out.Queries)
	}
	if took < time.Second {
		t.Errorf("confirmed after %v, before the deferral of 1 s had passed", took)
	}
}

// TestExecuteAsksEverySecondAfterTheDeferral: a device still not there
// when the deferral has passed is asked again every second until the
// command's limit.
func TestExecuteAsksEverySecondAfterTheDeferral(t *testing.T) {
	t.Parallel()
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(2500 * time.Millisecond)}, nil)
	f.cloud.SetDeferral(1)
	front := devicesByID(t, f.client)[utectest.FrontDoorID]
	f.cloud.ResetRequests()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := f.client.Execute(ctx, front, utec.Unlock(), utec.ConfirmOptions{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// Asked at 1 s (locked), 2 s (locked), 3 s (unlocked).
	if !out.Reached || out.Queries != 3 {
		t.Errorf("outcome %+v, want reached on the 3rd re-query (1 s, 2 s, 3 s)", out)
	}
	var gaps []time.Duration
	var last time.Time
	for _, r := range f.cloud.Requests() {
		if r.Name != "Query" {
			continue
		}
		if !last.IsZero() {
			gaps = append(gaps, r.Time.Sub(last))
		}
		last = r.Time
	}
	for _, g := range gaps {
		if g < 900*time.Millisecond {
			t.Errorf("re-queries %v apart, want a second between them", gaps)
			break
		}
	}
}

// TestQueriesTakeTurns: two callers querying at once (the poller's cycle
// and a command's confirmation) never have two queries at the cloud at
// the same time; the second waits for the first.
func TestQueriesTakeTurns(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	front := devicesByID(t, f.client)[utectest.FrontDoorID]
	f.cloud.SetPathLatency("/action", 150*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.client.QueryOne(ctx, front); err != nil {
				t.Error(err)
			}
		}()
	}
	most := 0
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for waiting := true; waiting; {
		select {
		case <-done:
			waiting = false
		case <-time.After(5 * time.Millisecond):
			most = max(most, f.cloud.Waiting())
		}
	}
	if most != 1 {
		t.Errorf("at most %d queries at the cloud at once, want 1", most)
	}
}

// TestQueryWaitingItsTurnEndsWithItsContext: a query waiting behind a slow
// one gives up when its own context ends.
func TestQueryWaitingItsTurnEndsWithItsContext(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	front := devicesByID(t, f.client)[utectest.FrontDoorID]
	f.cloud.SetPathLatency("/action", time.Second)
	slow, cancelSlow := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelSlow()
	go func() { _, _ = f.client.QueryOne(slow, front) }()
	for f.cloud.Waiting() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := f.client.QueryOne(ctx, front)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "waiting for the query before it") {
		t.Fatalf("err %v, want the end of the waiting query's context", err)
	}
}

// TestExecuteDoesNotWaitOutALongDeferral: the live cloud answers 20 s for
// every lock command; a bolt that moved at once is confirmed by the first
// early check, a second after the answer, not 20 s later.
func TestExecuteDoesNotWaitOutALongDeferral(t *testing.T) {
	t.Parallel()
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(100 * time.Millisecond)}, nil)
	front := devicesByID(t, f.client)[utectest.FrontDoorID]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := f.client.Execute(ctx, front, utec.Unlock(), utec.ConfirmOptions{Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Reached || out.Accepted.Deferred != 20*time.Second || out.Queries != 1 {
		t.Errorf("outcome %+v, want reached on the first early check despite the 20 s deferral", out)
	}
}
