//go:build windows

package systray

// Added for utec-tray (see third_party/systray.patch): which notification
// icon is ours, so that a popup can ask Shell_NotifyIconGetRect where it
// is on screen and open there.

// NotifyIconID is the window and id the tray icon was added with (the
// hWnd and uID of its NOTIFYICONDATA); ok is false until the icon exists.
func NotifyIconID() (hwnd uintptr, id uint32, ok bool) {
	wt.muNID.RLock()
	defer wt.muNID.RUnlock()
	if wt.nid == nil {
		return 0, 0, false
	}
	return uintptr(wt.nid.Wnd), wt.nid.ID, true
}
