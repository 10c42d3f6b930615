#!/usr/bin/env bash
# Takes the pictures of the tray as a person sees it in a real panel: the
# icon in each state, the open menu, a lock's submenu and a notification,
# into docs/screenshots (or $1). It runs itself in a throwaway session
# (scripts/with-session.sh: Xvfb, a private bus, gnome-keyring) with
# Debian's xfce4-panel, whose systray shows StatusNotifierItems, and dunst
# for the notifications; scripts/panelshots drives the tray binary against
# the fake cloud, in English and then, for the menu, in German. Safe to run
# again: it overwrites its pictures.
#
# Needs xfce4-panel, dunst, xdotool and ImageMagick (scripts/deps.sh test).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}

if [ -z "${PANELSHOTS_INSIDE:-}" ]; then
  missing=()
  for tool in xfce4-panel dunst dunstctl xdotool import; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "$0: missing ${missing[*]}: run scripts/deps.sh test" >&2
    exit 2
  fi
  # Built here: the session's HOME is a fresh folder with no Go cache.
  go build -o bin/utec-tray .
  go build -o bin/panelshots ./scripts/panelshots
  PANELSHOTS_INSIDE=1 exec scripts/with-session.sh "$0" "$out"
fi

# What an Xfce session says of itself: the tray adapts its menu to it.
export XDG_CURRENT_DESKTOP=XFCE
# A notification daemon started by the bus (dunst) must find the display.
dbus-update-activation-environment DISPLAY XDG_CURRENT_DESKTOP
log=$(mktemp "${TMPDIR:-/tmp}/panelshots-panel.XXXXXX")
# No window manager runs: do not wait for one.
xfce4-panel --disable-wm-check >"$log" 2>&1 &
panel=$!
cleanup() {
  kill "$panel" 2>/dev/null || true
  wait "$panel" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT
# The English pictures, then the menu in German (menu-de-light.png; the
# tool finds the items by their translated labels).
for lang in en de; do
  if ! bin/panelshots -bin bin/utec-tray -out "$out" -lang "$lang"; then
    echo "$0: xfce4-panel said:" >&2
    cat "$log" >&2
    exit 1
  fi
done
