package login_test

import (
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/platform/logging"
	"github.com/utec-tray/utec-tray/app/session/login"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// countingWriter counts the bytes a logger writes.
type countingWriter struct{ n atomic.Int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return len(p), nil
}

// TestLoginCallbackFloodLogBounded sends 3,000 callbacks with a wrong
// state during a sign-in, as an adversarial review did. Each is answered and logged as a warning; with the app's logger
// (logging.New) the log grows by a few lines, not by a line per request.
func TestLoginCallbackFloodLogBounded(t *testing.T) {
	t.Parallel()
	const requests = 3000
	flood := func(t *testing.T, logger *slog.Logger) {
		t.Helper()
		_, b, cfg, _ := setup(t, utectest.DefaultQuirks())
		cfg.Logger = logger
		var r ready
		cfg.Ready = r.fn
		cfg.OpenURL = func(authURL string) error {
			_, _, redirectURI := r.get()
			c := &http.Client{Timeout: 10 * time.Second}
			for i := range requests {
				resp, err := c.Get(redirectURI + "?code=stolen&state=wrong")
				if err != nil {
					return err
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusBadRequest {
					t.Errorf("request %d: status %d, want 400", i, resp.StatusCode)
				}
			}
			return b.open(authURL)
		}
		if _, err := login.Login(t.Context(), cfg); err != nil {
			t.Fatalf("Login after the flood: %v", err)
		}
	}

	// Without the rate limit: the flood reaches the log, a line per request.
	var plain countingWriter
	flood(t, slog.New(slog.NewTextHandler(&plain, nil)))
	// With the app's logger.
	var limited countingWriter
	var text strings.Builder
	flood(t, logging.New(slog.LevelInfo, &limited, &text))

	t.Logf("%d wrong-state callbacks: %d bytes logged without the rate limit, %d with it", requests, plain.n.Load(), limited.n.Load())
	if plain.n.Load() < 100_000 {
		t.Fatalf("without the limit only %d bytes were logged: the flood did not reach the log, so this test proves nothing", plain.n.Load())
	}
	if limited.n.Load() > 4096 {
		t.Errorf("with the limit %d bytes were logged, want at most 4096:\n%s", limited.n.Load(), text.String())
	}
	if n := strings.Count(text.String(), "does not belong to this sign-in"); n != logging.DefaultBurst {
		t.Errorf("%d wrong-state warnings written, want the first %d", n, logging.DefaultBurst)
	}

	// Without the rate limit, into a log file capped at 64 KiB: the file
	// rotates and the two files stay within twice the cap.
	const maxSize = 64 << 10
	path := filepath.Join(t.TempDir(), logging.FileName)
	f, err := logging.OpenFile(path, maxSize)
	if err != nil {
		t.Fatal(err)
	}
	flood(t, slog.New(slog.NewTextHandler(f, nil)))
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, p := range []string{path, path + ".1"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > maxSize {
			t.Errorf("%s is %d bytes, over the cap of %d", p, st.Size(), maxSize)
		}
		total += st.Size()
	}
	t.Logf("capped file: %d bytes in the log and its predecessor", total)
}
