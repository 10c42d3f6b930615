#!/usr/bin/env bash
# Runs a command in a throwaway desktop session: a private X server (Xvfb),
# a private D-Bus session bus, and an unlocked gnome-keyring Secret Service
# on that bus, with HOME, XDG_RUNTIME_DIR and XDG_CONFIG_HOME in a fresh
# temporary folder. Nothing touches the real session (its display, bus or
# keyring), and everything is stopped and deleted afterwards. The exit
# status is the command's.
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
for tool in Xvfb dbus-run-session dbus-send gnome-keyring-daemon secret-tool timeout; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "$0: missing ${missing[*]}: install them with" >&2
  echo "  sudo apt-get install xvfb dbus gnome-keyring libsecret-tools" >&2
  exit 2
fi

# Go finds its caches and settings through HOME; pin them before HOME
# changes, so that the command reuses the warm ones.
if command -v go >/dev/null 2>&1; then
  GOCACHE=$(go env GOCACHE)
  GOMODCACHE=$(go env GOMODCACHE)
  GOPATH=$(go env GOPATH)
  GOENV=$(go env GOENV)
  export GOCACHE GOMODCACHE GOPATH GOENV
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

mkdir -m 700 "$tmp/run" "$tmp/.config" "$tmp/.local" "$tmp/.local/share" "$tmp/.cache"

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
export HOME="$tmp"
export UTEC_TRAY_SESSION_HOME="$tmp"
export XDG_RUNTIME_DIR="$tmp/run" # gnome-keyring's control socket, the app's instance socket
export XDG_CONFIG_HOME="$tmp/.config"
export XDG_DATA_HOME="$tmp/.local/share" # the keyring file goes here
export XDG_CACHE_HOME="$tmp/.cache"
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK UTEC_TRAY_CONFIG_DIR
# A throwaway password for the throwaway keyring.
export UTEC_TRAY_TEST_KEYRING_PASSWORD="throwaway-test-password"

# Inside a private session bus: start gnome-keyring-daemon in the foreground
# (so that its process id is known), wait until it owns the Secret Service
# name, run the command, then stop the daemon. --unlock reads the password
# on standard input and creates the login keyring with it. Stopping the
# daemon explicitly matters: one that had not yet reached the bus when the
# bus went away would otherwise outlive everything. (dbus-daemon's "Failed
# to set fd limit" warning, seen when not root or in a container, is
# harmless.)
status=0
dbus-run-session -- sh -c '
  printf %s "$UTEC_TRAY_TEST_KEYRING_PASSWORD" |
    gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring=$!
  ready=no
  for _ in $(seq 100); do
    if timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      ready=yes
      break
    fi
    sleep 0.1
  done
  if [ "$ready" != yes ]; then
    echo "with-session.sh: gnome-keyring-daemon did not come up on the session bus within 10s" >&2
    kill "$keyring" 2>/dev/null
    exit 2
  fi
  status=0
  "$@" || status=$?
  kill "$keyring" 2>/dev/null
  wait "$keyring" 2>/dev/null
  exit "$status"
' with-session "$@" || status=$?
exit "$status"
