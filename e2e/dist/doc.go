// Package dist tests the Debian package make dist builds, as a person gets
// it: installed with dpkg on this machine, run from /usr/bin (the command
// line and the tray under a private X server and session bus), and removed
// again without a trace. It carries the dist build tag, because it
// installs a system package (as root or through password-less sudo):
//
//	make test-dist
//
// which builds the package and runs
//
//	UTEC_TRAY_DEB=dist/utec-tray_VERSION_amd64.deb scripts/with-session.sh go test -tags dist ./e2e/dist/
//
// It refuses to run where a utec-tray package is installed already.
package dist
