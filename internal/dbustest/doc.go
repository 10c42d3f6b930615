// Package dbustest helps end-to-end tests watch the tray app from the
// outside, the way a Linux desktop does: a fake notification daemon that
// records what the app shows (and can offer action buttons, hang, or play
// a person clicking a button or closing a notification), and a client
// for the app's tray menu
// (StatusNotifierItem with a com.canonical.dbusmenu menu) that reads the
// menu, its checkmarks, the icon's pixmap and the tooltip, and clicks its
// items.
//
// On a stand-in system bus it starts Debian's python3-dbusmock as
// NetworkManager (StartNetworkManager), which joins and leaves Wi-Fi
// networks as the real one does, for "you left home".
//
// Both work on a session bus of the test's own, such as the one
// dbus-run-session starts; the app under test must use the same bus
// (DBUS_SESSION_BUS_ADDRESS).
package dbustest
