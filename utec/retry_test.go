package utec_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// quickRetry keeps retry tests short.
var quickRetry = utec.WithRetry(utec.RetryPolicy{Attempts: 4, Backoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond})

func TestReadsRetryPassingFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		inject func(*utectest.Server)
		calls  int // Discovery requests the cloud sees
	}{
		{"two 500s", func(c *utectest.Server) { c.FailNext(2, http.StatusInternalServerError, "") }, 3},
		{"502", func(c *utectest.Server) { c.FailNext(1, http.StatusBadGateway, "") }, 2},
		{"429 without Retry-After", func(c *utectest.Server) { c.FailNext(1, http.StatusTooManyRequests, "") }, 2},
		{"connection dropped mid-answer", func(c *utectest.Server) { c.DropNext(2) }, 3},
		{"cut-off answer", func(c *utectest.Server) { c.MalformedNext(1, `{"header":{"name`) }, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, nil, nil, quickRetry)
			tc.inject(f.cloud)
			devices, err := f.client.Devices(context.Background())
			if err != nil || len(devices) != 5 {
				t.Fatalf("Devices: %d devices, %v", len(devices), err)
			}
			if got := f.cloud.Stats().Calls["Uhome.Device/Discovery"]; got != tc.calls {
				t.Errorf("the cloud saw %d Discovery requests, want %d", got, tc.calls)
			}
		})
	}
}

func TestNoRetriesWithoutThePolicy(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	f.cloud.FailNext(1, http.StatusInternalServerError, "")
	var he *utec.HTTPError
	if _, err := f.client.Devices(context.Background()); !errors.As(err, &he) || he.StatusCode != 500 {
		t.Fatalf("got %v, want the 500", err)
	}
	if got := f.cloud.Stats().Calls["Uhome.Device/Discovery"]; got != 1 {
		t.Errorf("%d Discovery requests, want 1: a poller keeps its own back-off", got)
	}
}

func TestRetriesGiveUpAfterTheAttempts(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil, quickRetry)
	f.cloud.FailNext(10, http.StatusServiceUnavailable, "")
	var he *utec.HTTPError
	if _, err := f.client.Devices(context.Background()); !errors.As(err, &he) || he.StatusCode != 503 {
		t.Fatalf("got %v, want the 503", err)
	}
	if got := f.cloud.Stats().Calls["Uhome.Device/Discovery"]; got != 4 {
		t.Errorf("%d Discovery requests, want 4 (the policy's attempts)", got)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil, quickRetry)
	f.cloud.FailNext(1, http.StatusTooManyRequests, "1")
	start := time.Now()
	if _, err := f.client.Devices(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := f.cloud.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if gap := reqs[1].Time.Sub(reqs[0].Time); gap < time.Second {
		t.Errorf("retried %v after a 429 with Retry-After: 1, want at least 1 s", gap)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v", took)
	}
}

func TestRetriesStopAtTheDeadline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		retryAfter string
		maxCalls   int
	}{
		// A Retry-After beyond the deadline is not waited for at all.
		{"Retry-After past the deadline", "5", 1},
		// Backoff waits stop before the deadline.
		{"backoff", "", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, nil, nil, utec.WithRetry(utec.RetryPolicy{Attempts: 100, Backoff: 40 * time.Millisecond, MaxBackoff: 80 * time.Millisecond}))
			f.cloud.FailNext(1000, http.StatusInternalServerError, tc.retryAfter)
			const budget = 400 * time.Millisecond
			ctx, cancel := context.WithTimeout(context.Background(), budget)
			defer cancel()
			start := time.Now()
			_, err := f.client.Devices(ctx)
			took := time.Since(start)
			// The last 500, or, when the machine is slow enough that a
			// request is still under way at the deadline, the deadline.
			var he *utec.HTTPError
			if !(errors.As(err, &he) && he.StatusCode == 500) && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("got %v, want the last 500 or the deadline", err)
			}
			if took > budget+50*time.Millisecond {
				t.Errorf("took %v, past the %v deadline", took, budget)
			}
			calls := f.cloud.Stats().Calls["Uhome.Device/Discovery"]
			if calls < 1 || calls > tc.maxCalls {
				t.Errorf("%d requests, want 1 to %d", calls, tc.maxCalls)
			}
		})
	}
}

func TestCommandsAreNeverRetriedBlindly(t *testing.T) {
	t.Parallel()
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(0)}, nil, quickRetry)
	plug := devicesByID(t, f.client)[utectest.PlugID]
	f.cloud.FailNext(1, http.StatusInternalServerError, "")
	var he *utec.HTTPError
	if _, err := f.client.Send(context.Background(), plug, utec.TurnOn()); !errors.As(err, &he) {
		t.Fatalf("Send after a 500: %v, want the 500", err)
	}
	if got := f.cloud.Stats().Calls["Uhome.Device/Command"]; got != 1 {
		t.Errorf("Send sent the command %d times, want once", got)
	}
}

func TestExecuteAsksTheDeviceBeforeSendingAgain(t *testing.T) {
	t.Parallel()
	t.Run("the cloud acted before failing: not sent again", func(t *testing.T) {
		t.Parallel()
		f := setup(t, []utectest.Option{utectest.WithCommandDelay(0)}, nil, quickRetry)
		plug := devicesByID(t, f.client)[utectest.PlugID]
		f.cloud.FailAfterHandling("Uhome.Device/Command", 1, http.StatusInternalServerError)
		out, err := f.client.Execute(context.Background(), plug, utec.TurnOn(), fastConfirm)
		if err != nil || !out.Reached {
			t.Fatalf("Execute: %+v, %v", out, err)
		}
		if got := f.cloud.Stats().Calls["Uhome.Device/Command"]; got != 1 {
			t.Errorf("the command was sent %d times, want once", got)
		}
	})
	t.Run("the cloud failed before acting: sent again", func(t *testing.T) {
		t.Parallel()
		f := setup(t, []utectest.Option{utectest.WithCommandDelay(0)}, nil, quickRetry)
		plug := devicesByID(t, f.client)[utectest.PlugID]
		f.cloud.FailNext(1, http.StatusBadGateway, "")
		out, err := f.client.Execute(context.Background(), plug, utec.TurnOn(), fastConfirm)
		if err != nil || !out.Reached {
			t.Fatalf("Execute: %+v, %v", out, err)
		}
		if got := f.cloud.Stats().Calls["Uhome.Device/Command"]; got != 2 {
			t.Errorf("the command was sent %d times, want twice (the first never reached the service)", got)
		}
	})
	t.Run("the device cannot be asked: not sent again", func(t *testing.T) {
		t.Parallel()
		f := setup(t, []utectest.Option{utectest.WithCommandDelay(0)}, nil,
			utec.WithRetry(utec.RetryPolicy{Attempts: 2, Backoff: 20 * time.Millisecond}))
		plug := devicesByID(t, f.client)[utectest.PlugID]
		// The command, then every query while the device would act, fail.
		f.cloud.FailNext(10000, http.StatusInternalServerError, "")
		if _, err := f.client.Execute(context.Background(), plug, utec.TurnOn(), fastConfirm); err == nil {
			t.Fatal("Execute succeeded although nothing got through")
		}
		if got := f.cloud.Stats().Calls["Uhome.Device/Command"]; got != 1 {
			t.Errorf("the command was sent %d times, want once", got)
		}
	})
	t.Run("without the policy: the failure as it is", func(t *testing.T) {
		t.Parallel()
		f := setup(t, []utectest.Option{utectest.WithCommandDelay(0)}, nil)
		plug := devicesByID(t, f.client)[utectest.PlugID]
		f.cloud.FailAfterHandling("Uhome.Device/Command", 1, http.StatusInternalServerError)
		if _, err := f.client.Execute(context.Background(), plug, utec.TurnOn(), fastConfirm); err == nil {
			t.Fatal("Execute succeeded")
		}
		if got := f.cloud.Stats().Calls["Uhome.Device/Query"]; got != 0 {
			t.Errorf("%d queries, want none", got)
		}
	})
}

func TestTransportFailuresThatLastAreNotRetried(t *testing.T) {
	t.Parallel()
	// A TLS server whose certificate the client does not trust.
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	c := utec.NewTokenClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "a"}), utec.WithBaseURL(srv.URL),
		utec.WithRetry(utec.RetryPolicy{Attempts: 4, Backoff: time.Second}))
	start := time.Now()
	if _, err := c.Devices(context.Background()); err == nil {
		t.Fatal("an untrusted certificate was accepted")
	}
	if took := time.Since(start); took > 900*time.Millisecond {
		t.Errorf("took %v: an untrusted certificate was retried", took)
	}
}

func TestRefusedConnectionIsRetried(t *testing.T) {
	t.Parallel()
	// A port nobody listens on: refused at once, every time.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	url := srv.URL
	srv.Close()
	c := utec.NewTokenClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "a"}), utec.WithBaseURL(url),
		utec.WithRetry(utec.RetryPolicy{Attempts: 3, Backoff: 100 * time.Millisecond}))
	start := time.Now()
	if _, err := c.Devices(context.Background()); err == nil {
		t.Fatal("no error from a closed port")
	}
	if took := time.Since(start); took < 100*time.Millisecond {
		t.Errorf("took %v: a refused connection was not retried", took)
	}
}
