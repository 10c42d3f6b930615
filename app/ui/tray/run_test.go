package tray

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/platform/instance"
	"github.com/utec-tray/utec-tray/utec/utectest"
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

// TestDemoTakesTheGuardsOverrides: --demo honours UTEC_REMIND_AFTER and
// the lock-all overrides (how one tries the guard without waiting ten
// minutes), refuses a bad one, and keeps its own cloud whatever
// UTEC_API_URL says.
func TestDemoTakesTheGuardsOverrides(t *testing.T) {
	vars := map[string]string{
		config.EnvRemindAfter: "5s", config.EnvLockOnSleep: "1",
		config.EnvAPIURL: "https://api.example.test", config.EnvClientID: "someone-elses",
	}
	e, err := prepare(true, "test", func(k string) string { return vars[k] })
	defer e.close()
	if err != nil {
		t.Fatal(err)
	}
	s := e.loaded.Effective
	if s.RemindAfterOverride != 5*time.Second || !s.LockAllOnSleep {
		t.Errorf("remind after %v, lock all on sleep %v; want 5s and true", s.RemindAfterOverride, s.LockAllOnSleep)
	}
	if s.APIURL != e.demo.Cloud.URL() || s.ClientID != utectest.ClientID {
		t.Errorf("the demo talks to %s as %q, want its own cloud %s", s.APIURL, s.ClientID, e.demo.Cloud.URL())
	}

	vars[config.EnvRemindAfter] = "soon"
	bad, err := prepare(true, "test", func(k string) string { return vars[k] })
	defer bad.close()
	if err == nil || !strings.Contains(err.Error(), config.EnvRemindAfter) {
		t.Errorf("a bad %s gave %v, want an error naming it", config.EnvRemindAfter, err)
	}
}
