//go:build e2e

package e2e

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// glance is what a panel shows of the tray app without opening anything
// but the menu: the icon, the tooltip and the menu's first line.
type glance struct {
	pixmap    []byte
	tooltip   string
	firstLine string
	menu      menuItem
}

// glanceUntil reads the icon, tooltip and menu until the first line and
// the tooltip both read want (the tray sets the menu, then the icon, then
// the tooltip, so a tooltip that agrees with the menu means the icon is
// set too).
func (u *trayUI) glanceUntil(want string) glance {
	u.t.Helper()
	var g glance
	ok := waitFor(15*time.Second, func() bool {
		root, err := layout(u.conn, u.name)
		if err != nil || len(root.Children) == 0 {
			return false
		}
		tip, err := dbustest.ReadToolTip(u.conn, u.name)
		if err != nil {
			return false
		}
		px, err := dbustest.IconPixmap(u.conn, u.name)
		if err != nil || len(px) != 1 {
			return false
		}
		g = glance{pixmap: px[0].Data, tooltip: tip.Title, firstLine: root.Children[0].Label, menu: root}
		return g.firstLine == want && g.tooltip == "utec-tray: "+want && submenusFilled(root) && rebuilt(root)
	})
	if !ok {
		u.t.Fatalf("the tray never showed %q; first line %q, tooltip %q; the menu:\n%s\nthe app's stderr:\n%s",
			want, g.firstLine, g.tooltip, g.menu, u.p.stderrText())
	}
	return g
}

// rebuilt reports whether a menu rebuilt item by item has come to its
// last item, Quit: a read in the middle sees the first line and a few
// items after it.
func rebuilt(root menuItem) bool {
	return root.Children[len(root.Children)-1].Label == "Quit utec-tray"
}

// submenusFilled reports whether every submenu of the menu has its items:
// Fyne rebuilds the whole menu on each change, one item at a time.
func submenusFilled(root menuItem) bool {
	for _, c := range root.Children {
		if d, _ := c.Props["children-display"].Value().(string); d == "submenu" && len(c.Children) == 0 {
			return false
		}
	}
	return true
}

// checkedIn says which items of a device's submenu carry a checkmark that
// is on, and fails the test unless it is exactly want.
func (u *trayUI) checkedIn(g glance, device string, want ...string) {
	u.t.Helper()
	dev, ok := g.menu.Find(startsWith(device + ": "))
	if !ok {
		u.t.Fatalf("no %q submenu in\n%s", device, g.menu)
	}
	var on []string
	for _, c := range dev.Children {
		if isCheck, checked := c.Checkmark(); isCheck && checked {
			on = append(on, c.Label)
		}
	}
	if strings.Join(on, "|") != strings.Join(want, "|") {
		u.t.Errorf("%s: checkmarks on %q, want on %q; the submenu:\n%s", device, on, want, menuItem{Children: []menuItem{dev}})
	}
}

// TestTrayAtAGlance reads, over D-Bus as a panel does, the icon, tooltip
// and first line in the five states a person must tell apart at a glance:
// all locked; a lock unlocked; unlocked and a problem; locked and a
// problem; signed out. Unlocked never shares its icon with all locked,
// the tooltip and first line name every unlocked lock, and the checkmarks
// sit on the true state.
func TestTrayAtAGlance(t *testing.T) {
	e := newEnv(t)
	conn := sessionBus(t)
	startNotifier(t)
	// Every device online, every lock locked.
	e.cloud.SetState(utectest.GarageID, "st.healthCheck", "status", "online")
	u := startTray(t, e, conn)
	refresh := func() { u.click("Refresh now", u.item(`"Refresh now"`, 5*time.Second, is("Refresh now"))) }

	allLocked := u.glanceUntil("All locked")
	u.checkedIn(allLocked, "Front Door", "Locked", "Normal mode")
	u.checkedIn(allLocked, "Living Room Lamp", "On")
	u.checkedIn(allLocked, "Coffee Maker", "Off")

	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	refresh()
	unlocked := u.glanceUntil("Front Door unlocked")
	u.checkedIn(unlocked, "Front Door", "Unlocked…", "Normal mode")
	u.checkedIn(unlocked, "Back Door", "Locked", "Normal mode")
	if _, ok := unlocked.menu.Find(is("Lock Front Door")); !ok {
		t.Errorf("no one-click \"Lock Front Door\" while it is unlocked; the menu:\n%s", unlocked.menu)
	}

	e.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	e.cloud.SetState(utectest.GarageID, "st.healthCheck", "status", "offline")
	refresh()
	unlockedProblem := u.glanceUntil("Back Door unlocked · Front Door unlocked · Garage Light offline")
	u.checkedIn(unlockedProblem, "Back Door", "Unlocked…", "Normal mode")

	e.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "locked")
	e.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "locked")
	refresh()
	lockedProblem := u.glanceUntil("Garage Light offline")
	u.checkedIn(lockedProblem, "Front Door", "Locked", "Normal mode")
	u.checkedIn(lockedProblem, "Back Door", "Locked", "Normal mode")

	expect(t, e.run("logout"), 0, "stdout", "Signed out.")
	refresh()
	signedOut := u.glanceUntil("Signed out")

	states := []struct {
		name string
		g    glance
	}{{"all locked", allLocked}, {"unlocked", unlocked}, {"unlocked with a problem", unlockedProblem},
		{"locked with a problem", lockedProblem}, {"signed out", signedOut}}
	for i, a := range states {
		if len(a.g.pixmap) != 64*64*4 {
			t.Errorf("%s: icon of %d bytes, want a 64×64 ARGB image", a.name, len(a.g.pixmap))
		}
		for _, b := range states[i+1:] {
			if bytes.Equal(a.g.pixmap, b.g.pixmap) {
				t.Errorf("the icon for %q is the same as for %q", a.name, b.name)
			}
		}
	}
	if testing.Verbose() {
		for _, s := range states {
			t.Logf("%-24s first line %q, tooltip %q", s.name, s.g.firstLine, s.g.tooltip)
		}
	}

	u.click(`"Quit utec-tray"`, u.item(`"Quit utec-tray"`, 5*time.Second, is("Quit utec-tray")))
	r, ok := u.p.wait(10 * time.Second)
	if !ok {
		t.Fatalf("the tray app did not exit within 10 s of Quit:\n%s", r)
	}
	expect(t, r, 0, "stderr")
}
