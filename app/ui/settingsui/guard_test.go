package settingsui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/utec"
)

func newGuardHarness(t *testing.T, avail *sessionwatch.Availability) *harness {
	t.Helper()
	h := &harness{ui: uithread.NewQueue()}
	h.owned = config.Default()
	h.owned.SetRemindMinutes("L2", 0)
	deps := Deps{
		State: State{Account: SignedIn, Settings: h.owned, Devices: []Device{
			{Device: utec.Device{ID: "L1", Name: "Front Door", Category: "SmartLock"}, Online: true},
			{Device: utec.Device{ID: "B1", Name: "Lamp", Category: "LIGHT"}, Online: true},
		}},
		Edit: h.edit,
		Run:  h.ui.Run,
	}
	if avail != nil {
		deps.Guard = func() sessionwatch.Availability { return *avail }
	}
	h.w = New(test.NewTempApp(t), deps)
	// A lock found later: the section follows the tray's state.
	st := deps.State
	st.Devices = append(st.Devices, Device{Device: utec.Device{ID: "L2", Name: "Back Door", Category: "LOCK"}, Online: true})
	h.w.SetState(st)
	return h
}

func TestGuardSettingsPerLock(t *testing.T) {
	h := newGuardHarness(t, &sessionwatch.Availability{Known: true, Sleep: true, ScreenLock: true})
	g := h.w.Guard
	if len(g.Remind) != 2 || g.Remind["B1"] != nil {
		t.Fatalf("reminder choices for %d devices, want the two locks", len(g.Remind))
	}
	if got := g.Remind["L1"].Selected; got != "after 10 min" {
		t.Errorf("front door reminder shows %q, want the default", got)
	}
	if got := g.Remind["L2"].Selected; got != "Off" {
		t.Errorf("back door reminder shows %q, want Off", got)
	}
	if g.Unavailable.Visible() && g.Unavailable.Text != "" {
		t.Errorf("says %q although everything is available", g.Unavailable.Text)
	}
	g.Remind["L1"].SetSelected("after 30 min")
	if got := h.last().RemindAfter("L1"); got != 30*time.Minute {
		t.Errorf("front door reminder %v after the change", got)
	}
	g.RemindAll.SetSelected("after 5 min")
	if h.last().RemindUnlockedMinutes != 5 || h.last().RemindAfter("L1") != 30*time.Minute {
		t.Errorf("after changing all: %d for all, %v for the front door", h.last().RemindUnlockedMinutes, h.last().RemindAfter("L1"))
	}
	if got := g.PassageAll.Selected; got != "after 1 h" {
		t.Errorf("Passage reminder shows %q, want the default hour", got)
	}
	if !g.Passage["L1"].Checked {
		t.Error("the front door's Passage reminder is off by default")
	}
	test.Tap(g.Passage["L1"])
	if h.last().RemindPassageAfter("L1") != 0 || h.last().RemindPassageAfter("L2") != time.Hour {
		t.Errorf("Passage reminders after unticking the front door: %v, %v", h.last().RemindPassageAfter("L1"), h.last().RemindPassageAfter("L2"))
	}
	g.PassageAll.SetSelected("Off")
	if h.last().RemindPassageMinutes != 0 {
		t.Errorf("Passage reminders for all: %d min", h.last().RemindPassageMinutes)
	}
	test.Tap(g.Sleep["L1"])
	test.Tap(g.Screen["L2"])
	if s := h.last(); !s.LocksOnSleep("L1") || s.LocksOnSleep("L2") || !s.LocksOnScreenLock("L2") || s.LocksOnScreenLock("L1") {
		t.Errorf("choices %v / %v", s.LockOnSleep, s.LockOnScreenLock)
	}
}

func TestGuardSettingsUnavailable(t *testing.T) {
	for _, avail := range []*sessionwatch.Availability{nil, {Known: true, ScreenLock: true, Reason: "logind does not answer on the system bus"}} {
		h := newGuardHarness(t, avail)
		g := h.w.Guard
		if !g.Sleep["L1"].Disabled() || !strings.Contains(g.Sleep["L1"].Text, sessionwatch.Unavailable) {
			t.Errorf("sleep check %q enabled=%v, want disabled and saying %q", g.Sleep["L1"].Text, !g.Sleep["L1"].Disabled(), sessionwatch.Unavailable)
		}
		if !strings.Contains(g.Unavailable.Text, sessionwatch.Unavailable) {
			t.Errorf("the section says %q", g.Unavailable.Text)
		}
		if avail != nil && (g.Screen["L1"].Disabled() || strings.Contains(g.Screen["L1"].Text, sessionwatch.Unavailable)) {
			t.Errorf("screen check %q disabled although a screensaver is there", g.Screen["L1"].Text)
		}
		// Reminders work anywhere.
		if g.Remind["L1"].Disabled() {
			t.Error("reminders disabled")
		}
	}
}
