package controller

// This file is the loop's part of "no tray, no word": where no tray
// shows the icon (an XEmbed-only tray, no panel at all), the person is
// told once, with the fix, and gets the Settings window: a window of its
// own that stays (the quick panel is a popup that hides when the focus
// leaves, and could not be brought back without the icon), and that a
// second start of the app raises again.

import (
	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/app/i18n"
)

// KindNoTray is the notification that no tray shows the icon.
const KindNoTray alerts.Kind = "no-tray"

// The words of the KindNoTray notification: what happened, what to do,
// and where the app is meanwhile.
const (
	NoTrayTitle = "utec-tray has no tray icon on this desktop"
	NoTrayBody  = "No StatusNotifierItem tray runs. Add a status tray to the panel, or run an XEmbed bridge " +
		"such as snixembed or xembed-sni-proxy. Meanwhile Settings is open; starting utec-tray again reopens it."
)

// TrayMissing says that no tray shows the icon (app/platform/traywatch
// calls it once per absence): a notification names the fix, and the
// Settings window opens, so that the person still has the app. It
// returns at once.
func (c *Controller) TrayMissing() {
	c.post(func() {
		c.noTray = true
		c.notify(alerts.Alert{Kind: KindNoTray, Title: i18n.T("notice.noTray", NoTrayTitle), Body: i18n.T("notice.noTrayBody", NoTrayBody)})
		c.desktop.ShowSettings()
	})
}

// TrayBack says that a tray appeared and shows the icon. It returns at
// once.
func (c *Controller) TrayBack() {
	c.post(func() { c.noTray = false })
}

// devicesAreWhere is where a signed-in person finds the devices.
func (c *Controller) devicesAreWhere() string {
	if c.noTray {
		return i18n.T("notice.devicesOnceTray", "Your U-Tec devices show in the tray menu once a tray runs here; meanwhile utec-tray devices lists them.")
	}
	return i18n.T("notice.devicesInMenu", "Your U-Tec devices are in the tray menu.")
}
