//go:build e2e

// Package fyneloop tests the patched Fyne run loop (third_party/fyne.patch)
// in a real Fyne app on a real X server: while no window shows the loop
// does not tick, yet fyne.Do work runs and what the X server sends is
// answered; while a window shows it draws frames; and the tray window is
// created ahead, hidden, in place of Fyne's own never-shown monitor window.
// TestMain runs the app on the main thread, as Fyne needs, and the tests
// beside it. Run inside scripts/with-session.sh:
//
//	scripts/with-session.sh go test -tags e2e -count=1 ./e2e/fyneloop/
package fyneloop
