package tray

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/platform/instance"
)

func TestSecondStartClaimsSettingsOnlyWhenAnswered(t *testing.T) {
	msg, code := secondStart(instance.ErrRunning)
	if code != 0 || !strings.Contains(msg, "Settings window is open now") {
		t.Errorf("acknowledged: %q, %d", msg, code)
	}
	noAnswer := fmt.Errorf("%w, but %w on /run/user/1000/utec-tray.sock", instance.ErrRunning, instance.ErrNoAnswer)
	msg, code = secondStart(noAnswer)
	if code == 0 || strings.Contains(msg, "Settings window is open") || !strings.Contains(msg, "did not answer") {
		t.Errorf("not acknowledged: %q, %d", msg, code)
	}
}

// TestStopWithinReturnsOnTime: a stop that hangs (a keyring that never
// answers) does not keep Quit waiting past its bound; the others run.
func TestStopWithinReturnsOnTime(t *testing.T) {
	hang := make(chan struct{})
	defer close(hang)
	ran := make(chan struct{}, 1)
	returned := make(chan struct{})
	go func() {
		stopWithin(50*time.Millisecond, slog.New(slog.DiscardHandler), func() { <-hang }, func() { ran <- struct{}{} })
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("stopWithin waited for the hanging stop")
	}
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Error("the other stop did not run")
	}
}
