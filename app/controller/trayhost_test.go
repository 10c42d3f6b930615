package controller

import (
	"strings"
	"testing"
)

// TestNoTraySaysSoAndOpensSettings: where no tray shows the icon the
// person is told, with the fix, and gets the Settings window; the
// sign-in that follows does not send them to a tray menu.
func TestNoTraySaysSoAndOpensSettings(t *testing.T) {
	f := start(t, false)
	f.waitFor("signed out", func() bool { return f.hasLabel("Signed out") })
	f.ctrl.TrayMissing()
	f.waitFor("the notification", func() bool { return f.desk.notified(NoTrayTitle) })
	f.ctrl.sync()
	f.desk.mu.Lock()
	settings := f.desk.settings
	f.desk.mu.Unlock()
	if settings != 1 {
		t.Errorf("the Settings window opened %d times, want once", settings)
	}
	for _, fix := range []string{"snixembed", "xembed-sni-proxy", "StatusNotifierItem"} {
		if !strings.Contains(NoTrayBody, fix) {
			t.Errorf("the notification does not name %s: %q", fix, NoTrayBody)
		}
	}

	f.click("Sign in…", "")
	f.waitFor("signed in", func() bool { return f.hasLabel(homeSummary) })
	f.waitFor("the sign-in notification", func() bool { return f.desk.notified("Signed in as Jane Doe") })
	for _, a := range f.desk.notifications() {
		if a.Title == "Signed in as Jane Doe" && !strings.Contains(a.Body, "once a tray runs") {
			t.Errorf("without a tray the sign-in says %q", a.Body)
		}
	}

	// A tray appeared: the menu is where the devices are again.
	f.ctrl.TrayBack()
	f.ctrl.sync()
	if got := f.ctrl.devicesAreWhereNow(); !strings.Contains(got, "tray menu") {
		t.Errorf("with a tray again the sign-in would say %q", got)
	}
}

// devicesAreWhereNow asks the loop.
func (c *Controller) devicesAreWhereNow() string {
	s, _ := ask(c, c.ctx, c.devicesAreWhere)
	return s
}
