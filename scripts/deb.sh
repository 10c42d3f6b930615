#!/usr/bin/env bash
# Builds the Debian/Ubuntu package of utec-tray from a built binary:
#
#   scripts/deb.sh BINARY VERSION OUTDIR
#
# writes OUTDIR/utec-tray_VERSION_ARCH.deb with
#   /usr/bin/utec-tray
#   /usr/share/applications/io.github.utec_tray.utec_tray.desktop
#   /usr/share/icons/hicolor/NxN/apps/io.github.utec_tray.utec_tray.png  (16 to 512,
#       drawn by assets/gen for each size)
#   /usr/share/metainfo/io.github.utec_tray.utec_tray.metainfo.xml
#   /usr/share/doc/utec-tray/copyright  (machine-readable, from LICENSE)
# and its shared libraries declared as dependencies, so that apt pulls in
# the GL, X11 and Wayland libraries on a machine that has never seen them:
# the ones it links, by dpkg-shlibdeps as Debian's own packages do, and the
# ones GLFW opens at run time (dlopen, invisible to dpkg-shlibdeps), by
# looking up which package holds each on this machine.
#
# Only dpkg tools are used (dpkg-deb, dpkg-shlibdeps from dpkg-dev): they
# come with every Debian/Ubuntu system, so nothing else has to be pinned.
# Icon caches and the menu are refreshed by the hicolor-icon-theme and
# desktop-file-utils triggers; the package needs no maintainer scripts, and
# dpkg -r leaves nothing behind.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 BINARY VERSION OUTDIR" >&2
  exit 2
fi
bin=$1 version=$2 out=$3
id=io.github.utec_tray.utec_tray
root_dir=$(cd "$(dirname "$0")/.." && pwd)
assets=$root_dir/assets
# The Maintainer: field names whoever answers for this build: DEB_MAINTAINER,
# else Debian's own DEBFULLNAME and DEBEMAIL, else the git identity of the
# person building. A made-up address would leave users no one to reach.
maintainer=${DEB_MAINTAINER:-}
if [ -z "$maintainer" ] && [ -n "${DEBFULLNAME:-}" ] && [ -n "${DEBEMAIL:-}" ]; then
  maintainer="$DEBFULLNAME <$DEBEMAIL>"
fi
if [ -z "$maintainer" ]; then
  git_name=$(git -C "$root_dir" config user.name 2>/dev/null || true)
  git_email=$(git -C "$root_dir" config user.email 2>/dev/null || true)
  if [ -n "$git_name" ] && [ -n "$git_email" ]; then
    maintainer="$git_name <$git_email>"
  fi
fi
case $maintainer in
  *noreply* | *.example\> | *.invalid\> | *@localhost\>)
    echo "$0: warning: the Maintainer, $maintainer, reaches no one: set DEB_MAINTAINER for a release" >&2
    ;;
esac
case $maintainer in
  *?' <'?*@?*'>') ;;
  *)
    echo "$0: no maintainer: set DEB_MAINTAINER=\"Name <address>\" (or DEBFULLNAME and DEBEMAIL, or git's user.name and user.email)" >&2
    exit 1
    ;;
esac

for tool in dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$0: $tool is missing: run scripts/deps.sh dist (or sudo apt-get install dpkg-dev)" >&2
    exit 1
  fi
done
if [ ! -x "$bin" ]; then
  echo "$0: $bin is not an executable: build it first (make build)" >&2
  exit 1
fi
case $version in
  [0-9]*) ;;
  *) echo "$0: version '$version' does not start with a digit, which Debian requires" >&2; exit 1 ;;
esac

# The metainfo's newest release must be the one being packaged: software
# centres show it, and a forgotten entry would advertise an old version.
first_release=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$assets/$id.metainfo.xml" | head -n1)
if [ "$first_release" != "$version" ]; then
  echo "$0: the first <release> in assets/$id.metainfo.xml is '$first_release', not $version: add a <release version=\"$version\" date=\"YYYY-MM-DD\"/> entry" >&2
  exit 1
fi
# Validators catch a broken desktop file or metainfo before a user's
# software centre silently drops the app; they are optional locally.
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$assets/$id.desktop"
fi
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net --pedantic "$assets/$id.metainfo.xml" >/dev/null ||
    appstreamcli validate --no-net "$assets/$id.metainfo.xml"
fi

arch=$(dpkg --print-architecture)
work=$(mktemp -d "${TMPDIR:-/tmp}/utec-tray-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
pkg=$work/pkg
mkdir -p "$pkg/DEBIAN"

install -D -m 0755 "$bin" "$pkg/usr/bin/utec-tray"
install -D -m 0644 "$assets/$id.desktop" "$pkg/usr/share/applications/$id.desktop"
install -D -m 0644 "$assets/$id.metainfo.xml" "$pkg/usr/share/metainfo/$id.metainfo.xml"
(cd "$assets" && go run gen/main.go -hicolor "$pkg/usr/share/icons/hicolor" -id "$id")
# Debian's machine-readable copyright file, with the licence of LICENSE.
# The Go modules linked into the binary keep their own
# licences: go version -m /usr/bin/utec-tray lists them.
mkdir -p "$pkg/usr/share/doc/utec-tray"
{
  printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n'
  printf 'Upstream-Name: utec-tray\nUpstream-Contact: %s\nSource: https://github.com/utec-tray/utec-tray\n\n' "$maintainer"
  printf 'Files: *\nCopyright: %s\nLicense: MIT\n' "$(sed -n 's/^Copyright (c) //p' "$root_dir/LICENSE")"
  printf 'Comment: the Go modules linked into /usr/bin/utec-tray keep their own\n'
  printf ' licences; go version -m /usr/bin/utec-tray lists them.\n\n'
  printf 'License: MIT\n'
  sed -n '/^Permission is hereby granted/,$p' "$root_dir/LICENSE" | sed 's/^$/./; s/^/ /'
} >"$pkg/usr/share/doc/utec-tray/copyright"
find "$pkg/usr" -type d -exec chmod 0755 {} +
find "$pkg/usr/share" -type f -exec chmod 0644 {} +

# dpkg-shlibdeps reads debian/control of a source package; a minimal one
# in the work folder is enough.
mkdir -p "$work/debian"
printf 'Source: utec-tray\n\nPackage: utec-tray\nArchitecture: any\n' >"$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O -e pkg/usr/bin/utec-tray 2>"$work/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p') || {
  cat "$work/shlibdeps.log" >&2
  exit 1
}
if [ -z "$depends" ]; then
  echo "$0: dpkg-shlibdeps found no library dependencies of $bin:" >&2
  cat "$work/shlibdeps.log" >&2
  exit 1
fi
rm -rf "$work/debian"

# GLFW 3.4 opens the X11 and Wayland client libraries with dlopen, so they
# are not in the binary's NEEDED list: without them the tray starts on a
# machine with libGL only and fails at the first window. These are the
# sonames it asks for that a desktop needs; each is declared if the binary
# still names it.
dlopened=(libX11.so.6 libX11-xcb.so.1 libXcursor.so.1 libXrandr.so.2 libXinerama.so.1 libXi.so.6
  libXxf86vm.so.1 libXext.so.6 libXrender.so.1 libEGL.so.1 libwayland-cursor.so.0 libwayland-egl.so.1
  libxkbcommon.so.0)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
names=$(strings -n 6 "$bin" | grep -E '^lib[A-Za-z0-9_+-]+\.so\.[0-9]+$' | sort -u)
for so in "${dlopened[@]}"; do
  grep -qxF "$so" <<<"$names" || continue
  owner=$(dpkg -S "*/$multiarch/$so" 2>/dev/null | sed -n 's/^\([^:]*\):[^ ]*: .*/\1/p' | head -n1)
  if [ -z "$owner" ]; then
    echo "$0: no installed package holds $so, which the binary opens at run time: install its runtime package (scripts/deps.sh build)" >&2
    exit 1
  fi
  case ", $depends," in
    *", $owner,"* | *", $owner ("*) ;;
    *) depends="$depends, $owner" ;;
  esac
done

size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat >"$pkg/DEBIAN/control" <<CONTROL
Package: utec-tray
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Recommends: gnome-keyring | kwalletmanager, xdg-utils
Suggests: gnome-shell-extension-appindicator
Section: utils
Priority: optional
Homepage: https://github.com/utec-tray/utec-tray
Description: U-Tec smart locks, lights and plugs in the system tray
 utec-tray shows at a glance whether every U-Tec (Ultraloq) lock is locked,
 and locks, unlocks and switches devices from the tray menu or the command
 line (utec-tray devices, lock, unlock, on, off). The sign-in is kept in the
 desktop keyring (Secret Service).
 .
 GNOME needs the AppIndicator extension to show tray icons.
CONTROL
(cd "$pkg" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums"

mkdir -p "$out"
deb=$out/utec-tray_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
echo "$deb"
