package settingsui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
)

func TestLightsSettings(t *testing.T) {
	h := newGuardHarness(t, &sessionwatch.Availability{Known: true, Sleep: true, ScreenLock: true})
	l := h.w.Lights
	if len(l.Off) != 1 || l.Off["B1"] == nil || l.Off["L1"] != nil {
		t.Fatalf("lights rows for %d devices, want the lamp only (never a lock)", len(l.Off))
	}
	off, back := l.Off["B1"], l.Back["B1"]
	if off.Checked || back.Checked || !back.Disabled() {
		t.Errorf("by default off=%v back=%v back disabled=%v, want both unticked and back disabled", off.Checked, back.Checked, back.Disabled())
	}
	test.Tap(back) // disabled: nothing
	if len(h.applied) != 0 {
		t.Error("the disabled box changed the setting")
	}
	test.Tap(off)
	if s := h.last(); !s.TurnsOffWhenAway("B1") || s.TurnsBackOn("B1") {
		t.Errorf("after ticking off: %v / %v", s.LightsOffWhenAway, s.LightsBackOn)
	}
	if back.Disabled() {
		t.Fatal("back on stays disabled once the light turns off when away")
	}
	test.Tap(back)
	if s := h.last(); !s.TurnsBackOn("B1") {
		t.Errorf("after ticking back on: %v", s.LightsBackOn)
	}
	test.Tap(h.w.Lights.Off["B1"])
	if s := h.last(); s.TurnsOffWhenAway("B1") || s.TurnsBackOn("B1") {
		t.Errorf("after unticking off: %v / %v: back on must mean nothing alone", s.LightsOffWhenAway, s.LightsBackOn)
	}
}

func TestLightsSettingsUnavailable(t *testing.T) {
	h := newGuardHarness(t, nil)
	off := h.w.Lights.Off["B1"]
	if !off.Disabled() || !strings.Contains(off.Text, sessionwatch.Unavailable) {
		t.Errorf("off box %q disabled=%v, want disabled and saying %q", off.Text, off.Disabled(), sessionwatch.Unavailable)
	}
}
