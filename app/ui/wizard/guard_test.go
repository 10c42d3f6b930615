package wizard

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// toLastStep signs in and goes through the devices to the last step,
// hiding the back door.
func toLastStep(t *testing.T, h *harness) {
	t.Helper()
	w := h.wiz
	st := h.sess.CurrentService()
	st.ClientID = utectest.ClientID
	h.sess.UpdateService(st)
	test.Tap(w.SignInBtn)
	h.waitFor("the sign-in", func() bool { return strings.HasPrefix(w.SignInState.Text, "Signed in as") })
	test.Tap(w.Next)
	h.waitFor("the devices", func() bool { return w.Step() == StepDevices && len(w.DeviceList.Objects) == 5 })
	for i, d := range w.list.Devices() {
		if d.ID == utectest.BackDoorID {
			test.Tap(rowCheck(t, w, i))
		}
	}
	test.Tap(w.Next)
	h.waitFor("the last step", func() bool { return w.Step() == StepDone })
}

func TestLastStepOffersLockOnSleep(t *testing.T) {
	var saved [][2][]string
	h := newHarness(t, func(d *Deps) {
		d.ClientID, d.HasSecret = utectest.ClientID, true
		d.Guard = &GuardChoices{
			Availability: func() sessionwatch.Availability {
				return sessionwatch.Availability{Known: true, Sleep: true, ScreenLock: true}
			},
			Save: func(sleep, screen []string) { saved = append(saved, [2][]string{sleep, screen}) },
		}
	})
	_ = h.secrets.SaveClientSecret(utectest.ClientSecret)
	toLastStep(t, h)
	w := h.wiz
	var labels []string
	for _, key := range []string{"sleep:" + utectest.FrontDoorID, "screen:" + utectest.FrontDoorID} {
		c := w.GuardChecks[key]
		if c == nil {
			t.Fatalf("no %s check; checks: %v", key, w.GuardChecks)
		}
		if c.Checked || c.Disabled() {
			t.Errorf("%q checked=%v disabled=%v, want off and offered", c.Text, c.Checked, c.Disabled())
		}
		labels = append(labels, c.Text)
	}
	if want := []string{"Lock Front Door when this computer goes to sleep", "Lock Front Door when this computer locks its screen"}; !slices.Equal(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	if _, ok := w.GuardChecks["sleep:"+utectest.BackDoorID]; ok {
		t.Error("offered for the hidden back door")
	}
	test.Tap(w.GuardChecks["sleep:"+utectest.FrontDoorID])
	if len(saved) != 1 || !slices.Equal(saved[0][0], []string{utectest.FrontDoorID}) || len(saved[0][1]) != 0 {
		t.Errorf("saved %v, want the front door for sleep only", saved)
	}
}

func TestLastStepSaysUnavailable(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.ClientID, d.HasSecret = utectest.ClientID, true
		d.Guard = &GuardChoices{Availability: func() sessionwatch.Availability { return sessionwatch.Availability{Known: true} }}
	})
	_ = h.secrets.SaveClientSecret(utectest.ClientSecret)
	toLastStep(t, h)
	c := h.wiz.GuardChecks["screen:"+utectest.FrontDoorID]
	if c == nil || !c.Disabled() || !strings.HasSuffix(c.Text, "("+sessionwatch.Unavailable+")") {
		t.Errorf("without a screensaver the check is %+v, want disabled and saying so", c)
	}
}

func TestLastStepOffersStartAtLogin(t *testing.T) {
	var got []bool
	h := newHarness(t, func(d *Deps) {
		d.ClientID, d.HasSecret = utectest.ClientID, true
		d.SetStartAtLogin = func(on bool) { got = append(got, on) }
	})
	_ = h.secrets.SaveClientSecret(utectest.ClientSecret)
	toLastStep(t, h)
	c := h.wiz.StartAtLogin
	if c == nil || c.Checked || c.Text != "Start utec-tray when I log in" {
		t.Fatalf("the start-at-login box: %+v", c)
	}
	if len(got) != 0 {
		t.Fatalf("showing the step changed it: %v", got)
	}
	test.Tap(c)
	if !slices.Equal(got, []bool{true}) {
		t.Errorf("ticking it gave %v, want [true]", got)
	}
}
