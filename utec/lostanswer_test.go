package utec_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// windowConfirm re-queries every 200 ms, within a window longer than the
// fake cloud's 2 s command delay.
var windowConfirm = utec.ConfirmOptions{Schedule: []time.Duration{200 * time.Millisecond}, Timeout: 5 * time.Second}

// The cloud takes an unlock, the gateway loses the answer, and the lock
// acts 2 s later (as real locks do): the client waits for the lock to show
// it instead of sending the unlock again on seeing "locked" right away.
func TestLostAnswerToAnUnlockIsNotSentAgain(t *testing.T) {
	t.Parallel()
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(2 * time.Second)}, nil, quickRetry)
	door := devicesByID(t, f.client)[utectest.FrontDoorID]
	f.cloud.FailAfterHandling("Uhome.Device/Command", 1, http.StatusInternalServerError)
	out, err := f.client.Execute(context.Background(), door, utec.Unlock(), windowConfirm)
	if err != nil || !out.Reached || out.Status.Lock != utec.LockUnlocked {
		t.Errorf("Execute: %+v, %v; want the unlock seen", out, err)
	}
	if got := f.cloud.Stats().Calls["Uhome.Device/Command"]; got != 1 {
		t.Errorf("the unlock was sent %d times, want once", got)
	}
}

// When the lock never shows an unlock whose answer was lost, the client
// says it may not have got through and leaves pressing again to the
// person: an unlock is never sent again on its own.
func TestUnlockThatMayNotHaveArrivedIsNotRetried(t *testing.T) {
	t.Parallel()
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(0)}, nil, quickRetry)
	door := devicesByID(t, f.client)[utectest.FrontDoorID]
	// The gateway fails before the service sees the command.
	f.cloud.FailNext(1, http.StatusBadGateway, "")
	_, err := f.client.Execute(context.Background(), door, utec.Unlock(),
		utec.ConfirmOptions{Schedule: []time.Duration{100 * time.Millisecond}, Timeout: time.Second})
	if !errors.Is(err, utec.ErrCommandUncertain) || !strings.Contains(err.Error(), "unlock may not have reached Front Door") {
		t.Errorf("Execute: %v, want an unlock that may not have reached Front Door", err)
	}
	if got := f.cloud.Stats().Calls["Uhome.Device/Command"]; got != 1 {
		t.Errorf("the unlock was sent %d times, want once", got)
	}
}
