//go:build dist

package dist

import (
	"os"
	"strings"
	"testing"
)

// TestLicenceAndMaintainer: the .deb names someone who answers for it and
// carries Debian's machine-readable copyright file with the licence of
// LICENSE.
func TestLicenceAndMaintainer(t *testing.T) {
	maintainer := strings.TrimSpace(run(t, "dpkg-deb", "--field", deb, "Maintainer"))
	if !strings.Contains(maintainer, "@") || strings.Contains(maintainer, "utec-tray@users.noreply.github.com") {
		t.Errorf("Maintainer: %q, want a real name and address", maintainer)
	}
	copyright := run(t, "sh", "-c", "dpkg-deb --fsys-tarfile \"$1\" | tar -xO ./usr/share/doc/utec-tray/copyright", "sh", deb)
	for _, want := range []string{"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
		"Files: *", "License: MIT", " Permission is hereby granted"} {
		if !strings.Contains(copyright, want) {
			t.Errorf("the copyright file lacks %q:\n%s", want, copyright)
		}
	}
}

// TestTarballOwnedByRoot: unpacked as root, the tarball's files belong to
// root, not to whoever built it; and it carries the licence.
func TestTarballOwnedByRoot(t *testing.T) {
	tarball := os.Getenv("UTEC_TRAY_TARBALL")
	if tarball == "" {
		t.Fatal("UTEC_TRAY_TARBALL is not set: run make test-dist")
	}
	listing := run(t, "tar", "--numeric-owner", "-tvf", tarball)
	license := false
	for _, line := range strings.Split(strings.TrimSpace(listing), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 6 || fields[1] != "0/0" {
			t.Errorf("not owned by root: %s", line)
		}
		license = license || strings.HasSuffix(line, "/LICENSE")
	}
	if !license {
		t.Errorf("the tarball has no LICENSE:\n%s", listing)
	}
}
