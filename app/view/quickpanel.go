package view

import "strings"

// QuickPanelInMenu reports whether the menu should offer "Open quick
// panel", given XDG_CURRENT_DESKTOP. A left click on the tray icon opens
// the panel only where the tray host sends StatusNotifierItem.Activate for
// it: KDE Plasma, Xfce and LXQt do. GNOME's AppIndicator extension, Unity,
// Budgie, MATE, Cinnamon and unknown hosts open the menu on every click
// (or activate only on a double click), so there the menu carries the way
// in. An unneeded item costs a line; a missing one hides the panel.
func QuickPanelInMenu(xdgCurrentDesktop string) bool {
	for _, d := range strings.Split(xdgCurrentDesktop, ":") {
		switch strings.ToUpper(strings.TrimSpace(d)) {
		case "KDE", "XFCE", "LXQT":
			return false
		}
	}
	return true
}
