#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages a target needs, or says exactly how.
#   scripts/deps.sh build   what compiling the tray app needs (cgo, GL, X11, Wayland headers)
#   scripts/deps.sh test    the above plus what the tests run: Xvfb, a session bus,
#                           gnome-keyring's Secret Service, secret-tool, ImageMagick,
#                           and for make screenshots xfce4-panel, dunst, xdotool
#   scripts/deps.sh desktops the test packages plus the desktops make test-desktops
#                           starts: Xfce's panel and notification server, LXQt's,
#                           KDE Plasma's (about 390 packages, 270 MB to download),
#                           sway with waybar and mako (30 packages, 7 MB), GNOME
#                           Shell with the AppIndicator extension (160 packages, 120 MB)
#   scripts/deps.sh dist    the above plus what packaging and the Windows build and its
#                           test need: dpkg-dev (dpkg-shlibdeps), the desktop file and
#                           AppStream validators, mingw-w64 and Wine
# Packages already installed are left alone, so a second run costs a dpkg query.
set -euo pipefail

build_pkgs=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev)
# xfce4-panel, dunst and xdotool: make screenshots shows the tray in a real
# panel, with real notifications, opened by a click.
# x11-utils (xprop): the popover tests read the quick panel's _NET_WM_STATE as an outsider.
# python3-dbusmock: its NetworkManager template plays the network for "you left home".
# fonts-dejavu-core: a system font with Hebrew, which the patched Fyne's lazy
# fallback font test draws (third_party/fyne/internal/painter).
test_pkgs=(xvfb xauth dbus gnome-keyring libsecret-tools imagemagick procps xfce4-panel dunst xdotool x11-utils
  python3-dbusmock fonts-dejavu-core)
# make test-desktops: each desktop's own panel and notification server.
desktops_pkgs=(xfce4-panel xfce4-notifyd lxqt-panel lxqt-notificationd xdotool x11-utils imagemagick dbus-bin)
# KDE Plasma 5.27 on X11: plasma-desktop for the shell's layout (the
# panel, its task manager; plasma-workspace alone starts an empty
# "invalid corona"), kwin_x11, kded5 (the StatusNotifierWatcher).
kde_pkgs=(plasma-desktop kwin-x11 kded5)
# sway with waybar's tray and mako (Wayland, headless); grim takes the
# screenshots.
sway_pkgs=(sway waybar grim mako-notifier)
# GNOME Shell 43 (X11, under Xvfb) with the AppIndicator extension.
gnome_pkgs=(gnome-shell gnome-shell-extension-appindicator gjs)
desktops_pkgs+=("${kde_pkgs[@]}" "${sway_pkgs[@]}" "${gnome_pkgs[@]}")
dist_pkgs=(dpkg-dev desktop-file-utils appstream gcc-mingw-w64-x86-64 wine64 xdotool x11-utils)

case "${1:-build}" in
  build) want=("${build_pkgs[@]}") ;;
  test) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  desktops) want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${desktops_pkgs[@]}") ;;
  dist) want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${dist_pkgs[@]}") ;;
  *) echo "usage: $0 build|test|desktops|dist" >&2; exit 2 ;;
esac

if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed: get Go 1.26 or newer from your distribution or go.dev/dl." >&2
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "deps: not a Debian/Ubuntu system; install the equivalents of: ${want[*]}" >&2
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# The .debs are kept in DEPS_DEB_CACHE (by default /var/cache/utec-tray-debs)
# for the next run on the same machine: Debian's Docker images delete them
# from apt's own cache after every install, and KDE's alone are 270 MB.
cache=${DEPS_DEB_CACHE:-/var/cache/utec-tray-debs}
cmd=(apt-get install -y --no-install-recommends -o "Dir::Cache::Archives=$cache" "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "deps: missing Debian packages: ${missing[*]}" >&2
  echo "deps: run this, then try again:" >&2
  echo "  sudo apt-get update && sudo ${cmd[*]}" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" mkdir -p "$cache/partial"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" "${cmd[@]}" -qq >/dev/null
