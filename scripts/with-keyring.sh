#!/usr/bin/env bash
# Runs a command against a throwaway Secret Service: a private D-Bus session
# bus with gnome-keyring-daemon on it, whose login keyring lives in a
# temporary HOME and is unlocked with a throwaway password. Nothing touches
# the real session's keyring, and everything is deleted afterwards.
#
#   scripts/with-keyring.sh go test -race -tags keyring -count=1 ./app/session/tokenstore/
#
# Needs dbus (dbus-run-session), gnome-keyring and, for the tests' own
# checks, libsecret-tools (secret-tool). On Debian/Ubuntu:
#   sudo apt-get install dbus gnome-keyring libsecret-tools
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
missing=()
for tool in dbus-run-session dbus-send gnome-keyring-daemon secret-tool timeout; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "$0: missing ${missing[*]}: install them with" >&2
  echo "  sudo apt-get install dbus gnome-keyring libsecret-tools" >&2
  exit 2
fi

# Go finds its caches and settings through HOME; pin them first, so the
# command below reuses the real ones instead of downloading everything
# into the temporary HOME.
if command -v go >/dev/null 2>&1; then
  GOCACHE=$(go env GOCACHE)
  GOMODCACHE=$(go env GOMODCACHE)
  GOPATH=$(go env GOPATH)
  GOENV=$(go env GOENV)
  export GOCACHE GOMODCACHE GOPATH GOENV
fi

# The tests lock and unlock the keyring only when they know this password,
# that is, only in a throwaway keyring.
export UTEC_TRAY_TEST_KEYRING_PASSWORD="throwaway-test-password"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/utec-tray-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run"
export HOME="$tmp"
export XDG_DATA_HOME="$tmp/.local/share" # the keyring file goes here
export XDG_CONFIG_HOME="$tmp/.config"
export XDG_CACHE_HOME="$tmp/.cache"
export XDG_RUNTIME_DIR="$tmp/run" # gnome-keyring's control socket, the app's instance socket
# Made here: Fyne creates its cache folder inside, not the folder itself.
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
# Tests scan this folder for leaked secrets.
export UTEC_TRAY_SESSION_HOME="$tmp"
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK UTEC_TRAY_CONFIG_DIR

# Inside a private session bus: start gnome-keyring-daemon in the
# foreground (so that its process id is known), wait until it owns the
# Secret Service name, run the command, then stop the daemon. --unlock reads
# the password on standard input and creates the login keyring with it.
# Stopping the daemon explicitly matters: one that had not yet reached the
# bus when the bus went away would otherwise outlive everything.
# (dbus-daemon's "Failed to set fd limit" warning, seen when not root or in
# a container, is harmless.)
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
    echo "with-keyring.sh: gnome-keyring-daemon did not come up on the session bus within 10s" >&2
    kill "$keyring" 2>/dev/null
    exit 2
  fi
  status=0
  "$@" || status=$?
  kill "$keyring" 2>/dev/null
  wait "$keyring" 2>/dev/null
  exit "$status"
' with-keyring "$@" || status=$?
exit "$status"
