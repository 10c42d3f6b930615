// Package wine runs the Windows build of utec-tray under Wine, against the
// fake cloud on this machine: the command line's sign-in through the
// loopback redirect, devices, lock and sign-out, with the token in Wine's
// Credential Manager (go-keyring's Windows backend, for real), and its
// output in the console it was started from. It carries the wine build
// tag:
//
//	make test-wine
//
// which cross-builds bin/windows/utec-tray.exe and runs
//
//	UTEC_TRAY_EXE=bin/windows/utec-tray.exe scripts/with-session.sh go test -tags wine ./e2e/wine/
//
// Every run makes its own Wine prefix and removes it. Debian 12's Wine 8
// lacks bcryptprimitives.dll, which the Go runtime loads at start; the
// test builds a stand-in from testdata/bcryptprimitives.c with mingw-w64
// into the prefix (never into the product).
package wine
