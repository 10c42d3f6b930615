package poller_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// hourClock runs the poller's waits instantly while counting fake time, so
// that an hour of idle polling takes milliseconds.
type hourClock struct {
	mu  sync.Mutex
	now time.Time
	end time.Time
	out chan struct{}
}

func (c *hourClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *hourClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.now = c.now.Add(d)
	if c.now.After(c.end) {
		close(c.out) // the hour is over: never fire again
		return ch
	}
	ch <- c.now
	return ch
}

// idleRequestsPerHour polls a fake home of n devices through the real
// client for one hour of fake time at the default interval and returns how
// many /action requests reached the cloud.
func idleRequestsPerHour(t testing.TB, n int) int {
	cloud := utectest.NewForTest(t, utectest.WithDevices(utectest.GeneratedDevices(n)))
	access, _ := cloud.IssueTokens()
	client := utec.NewTokenClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), utec.WithBaseURL(cloud.URL()))
	start := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	clock := &hourClock{now: start, end: start.Add(time.Hour), out: make(chan struct{})}
	p := poller.New(poller.Config{Source: client, Interval: time.Minute, Clock: clock, Jitter: func() float64 { return 0.5 }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	<-clock.out
	cancel()
	<-done
	return cloud.Stats().Actions
}

// TestIdleRequestsPerHour checks the polite-polling budget: at the default
// 60 s interval, one Query per cycle per 20 devices, plus one Discovery at
// start (the next is due after six hours).
func TestIdleRequestsPerHour(t *testing.T) {
	for _, tt := range []struct{ devices, want int }{{4, 1 + 61}, {40, 1 + 2*61}} {
		if got := idleRequestsPerHour(t, tt.devices); got != tt.want {
			t.Errorf("%d devices: %d requests in an idle hour, want %d", tt.devices, got, tt.want)
		}
	}
}

// BenchmarkIdleRequestsPerHour reports the same figure for the bench table.
func BenchmarkIdleRequestsPerHour(b *testing.B) {
	for _, n := range []int{4, 40} {
		b.Run(fmt.Sprintf("devices=%d", n), func(b *testing.B) {
			var got int
			for b.Loop() {
				got = idleRequestsPerHour(b, n)
			}
			b.ReportMetric(float64(got), "requests/hour")
		})
	}
}
