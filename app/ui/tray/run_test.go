package tray

import (
	"fmt"
	"strings"
	"testing"

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
