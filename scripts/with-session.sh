#!/usr/bin/env bash
# Runs a command in a throwaway desktop session: a private X server (Xvfb)
# around scripts/with-keyring.sh, which adds a private D-Bus session bus, an
# unlocked gnome-keyring Secret Service on it, and a fresh temporary HOME.
# Nothing touches the real session (its display, bus or keyring), and
# everything is stopped and deleted afterwards. The exit status is the
# command's.
#
#   scripts/with-session.sh go test -tags e2e -count=1 ./e2e/
#
# The command sees:
#   DISPLAY                  the private X server (:N)
#   DBUS_SESSION_BUS_ADDRESS the private session bus
#   HOME                     the temporary folder, also in UTEC_TRAY_SESSION_HOME
#                            (tests scan it for leaked secrets)
#   XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME  inside it
#
# Needs xvfb, dbus, gnome-keyring and libsecret-tools. On Debian/Ubuntu:
#   sudo apt-get install xvfb dbus gnome-keyring libsecret-tools
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
missing=()
for tool in Xvfb; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "$0: missing ${missing[*]}: install them with" >&2
  echo "  sudo apt-get install xvfb dbus gnome-keyring libsecret-tools" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/utec-tray-session.XXXXXX")
xvfb_pid=
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    # Xvfb exits within milliseconds of SIGTERM; do not wait forever.
    for _ in $(seq 50); do
      kill -0 "$xvfb_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


# The X server: the first free display from :90 to :99. A display is free
# when neither its lock file nor its socket exists; -nolisten tcp keeps it
# off the network. Another run may take the same number at the same
# moment: Xvfb then fails at once, and the next number is tried.
display=
for n in $(seq 90 99); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp -noreset >"$tmp/xvfb.log" 2>&1 &
  xvfb_pid=$!
  # Ready when the socket appears (xdpyinfo may not be installed); give up
  # on this number if Xvfb died (the display was taken after all).
  for _ in $(seq 100); do
    if [ -S "/tmp/.X11-unix/X$n" ]; then
      display=":$n"
      break
    fi
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$display" ] && break
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=
done
if [ -z "$display" ]; then
  echo "with-session.sh: could not start Xvfb on any display from :90 to :99" >&2
  cat "$tmp/xvfb.log" >&2 2>/dev/null || true
  exit 2
fi

export DISPLAY="$display"
unset WAYLAND_DISPLAY XAUTHORITY
# The bus, the keyring and the throwaway HOME come from with-keyring.sh.
status=0
"$(dirname "$0")/with-keyring.sh" "$@" || status=$?
exit "$status"
