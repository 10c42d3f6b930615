// Package dist tests the packages make dist builds, as a person gets them:
// the .deb installed with dpkg on this machine, run from /usr/bin (the
// command line and the tray under a private X server and session bus) and
// removed again without a trace; the tarball for other distributions
// installed with its Makefile into a scratch folder. It carries the dist
// build tag, because it installs a system package (as root or through
// password-less sudo):
//
//	make test-dist
//
// which builds the package and runs
//
//	UTEC_TRAY_DEB=dist/utec-tray_VERSION_amd64.deb UTEC_TRAY_TARBALL=dist/utec-tray_VERSION_linux_amd64.tar.xz \
//	  scripts/with-session.sh go test -tags dist ./e2e/dist/
//
// It refuses to run where a utec-tray package is installed already.
package dist
