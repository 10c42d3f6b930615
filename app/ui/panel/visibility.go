package panel

import "time"

// panelVisibility decides what a click on the tray icon and a focus loss
// do to the quick panel. It knows nothing of Fyne, so its timing rules are
// table-tested.
type panelVisibility struct {
	visible bool
	// shownAt is when the panel last showed; lostAt when a focus loss
	// last hid it.
	shownAt, lostAt time.Time
}

// settleTime is how long after showing the panel the focus may come and
// go without hiding it: mapping a window makes the X server and the
// window manager move the focus about (seen under Xvfb: out and in again
// within 30 ms).
const settleTime = 300 * time.Millisecond

// clickAfterLoss is how soon after a focus loss a click on the tray icon
// is taken as the click that caused it: the press moved the focus to the
// panel bar, the release arrives as Activate.
const clickAfterLoss = 400 * time.Millisecond

type panelMove int

const (
	panelStay panelMove = iota
	panelShow
	panelHide
)

func (v *panelVisibility) shown(now time.Time) { v.visible, v.shownAt = true, now }

func (v *panelVisibility) hidden() { v.visible = false }

// tapped is a click on the tray icon.
func (v *panelVisibility) tapped(now time.Time) panelMove {
	switch {
	case v.visible:
		return panelHide
	case !v.lostAt.IsZero() && now.Sub(v.lostAt) < clickAfterLoss:
		// The person clicked the icon to close the open panel; the
		// click's focus change already did.
		return panelStay
	}
	return panelShow
}

// focusLost reports whether a focus loss hides the panel.
func (v *panelVisibility) focusLost(now time.Time) bool {
	if !v.visible || now.Sub(v.shownAt) < settleTime {
		return false
	}
	v.lostAt = now
	return true
}
