package wizard

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/utec/utectest"
)

// A program in a temporary folder cannot be started at login: the last
// step's box is off and disabled, says why, and ticking it does nothing.
func TestLastStepSaysWhyStartAtLoginIsUnavailable(t *testing.T) {
	var got []bool
	const why = "/tmp/go-build1/exe/utec-tray is in the temporary folder /tmp"
	h := newHarness(t, func(d *Deps) {
		d.ClientID, d.HasSecret = utectest.ClientID, true
		d.StartAtLogin = true
		d.SetStartAtLogin = func(on bool) { got = append(got, on) }
		d.StartAtLoginBlocked = why
	})
	_ = h.secrets.SaveClientSecret(utectest.ClientSecret)
	toLastStep(t, h)
	c := h.wiz.StartAtLogin
	if c == nil || c.Checked || !c.Disabled() {
		t.Fatalf("the start-at-login box: %+v, want off and disabled", c)
	}
	test.Tap(c)
	if len(got) != 0 {
		t.Errorf("ticking a disabled box changed it: %v", got)
	}
	said := false
	for _, o := range test.LaidOutObjects(h.wiz.Window.Content()) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, why) {
			said = true
		}
	}
	if !said {
		t.Error("the last step does not say why start at login is unavailable")
	}
}
