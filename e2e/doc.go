//go:build e2e

// Package e2e tests utec-tray end to end, as a built binary: the command
// line and the tray app run as child processes against a fake U-Tec cloud
// (utectest) on 127.0.0.1, keep their sign-in in a real Secret Service
// (gnome-keyring), and the tray is watched and clicked over D-Bus the way a
// desktop panel does (StatusNotifierItem and com.canonical.dbusmenu), with
// a fake notification daemon catching its notifications.
//
// The tests need a throwaway desktop session, which scripts/with-session.sh
// provides (Xvfb, a private session bus, an unlocked throwaway keyring and
// a temporary HOME). They refuse to run outside it, because they sign in
// and out of the keyring's "utec-tray" items. Run them with
//
//	scripts/with-session.sh go test -tags e2e -count=1 ./e2e/
//
// TestMain builds the binary once; set UTEC_TRAY_BIN to the path of one
// already built (make passes bin/utec-tray) to skip that. The build tag
// keeps the package out of a plain go test ./... run.
package e2e
