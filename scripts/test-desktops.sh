#!/usr/bin/env bash
# make test-desktops: checks the tray on real desktops' panels and
# notification servers, from Debian's packages, each in a throwaway
# session of its own (scripts/with-session.sh: Xvfb, a private bus,
# gnome-keyring). Per desktop, scripts/panelshots -check proves: the icon
# is registered with the StatusNotifierWatcher and drawn in the panel, a
# right click opens the menu, a left click opens the quick panel (where is
# recorded), the desktop's own server holds org.freedesktop.Notifications
# and shows the tray's notification with its Lock button, and a click on
# the button locks the door in the fake cloud. The pictures of each step
# go to bin/desktops/<desktop>/, with the panel's and server's logs.
# Where a desktop does it its own way, the check follows it (desktop.go):
# Plasma's panel is at the bottom and its taskbar is checked too; GNOME's
# AppIndicator host opens the quick panel on a double click; on sway
# (native Wayland) the quick panel is expected centred and mako's Lock is
# picked with makoctl, as mako draws no buttons.
#
#   scripts/test-desktops.sh [xfce] [lxqt] [kde] [sway] [gnome]     (all of them by default)
#
# Needs what scripts/deps.sh desktops installs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DESKTOPS_INSIDE:-}" ]; then
  desktops=("$@")
  [ ${#desktops[@]} -gt 0 ] || desktops=(xfce lxqt kde sway gnome)
  # Built here: the session's HOME is a fresh folder with no Go cache.
  go build -o bin/utec-tray .
  go build -o bin/panelshots ./scripts/panelshots
  # session DESKTOP CMD...: runs CMD in a throwaway session for DESKTOP:
  # Xvfb, a bus and a keyring for the X11 desktops; for sway a bus and a
  # keyring only (it brings its own display); sway and GNOME, when this
  # runs as root (CI), as the unprivileged user utec-desktops, made here if
  # need be: sway will not run as root, and GNOME Shell greets root with a
  # notification of its own ("Logged in as a privileged user").
  session() {
    local d=$1
    shift
    local wrapper=scripts/with-session.sh
    [ "$d" = sway ] && wrapper=scripts/with-keyring.sh
    if [ "$(id -u)" -ne 0 ] || { [ "$d" != sway ] && [ "$d" != gnome ]; }; then
      "$wrapper" "$@"
      return
    fi
    id -u utec-desktops >/dev/null 2>&1 ||
      useradd --system --create-home --home-dir /var/lib/utec-desktops --shell /usr/sbin/nologin utec-desktops
    # The checkout may be where that user cannot read (under /root): it
    # gets a copy of what the check runs, and its pictures come back.
    local stage status=0
    stage=$(mktemp -d /tmp/utec-desktops.XXXXXX)
    chmod 755 "$stage"
    mkdir -p "$stage/bin/desktops/$d" "$stage/scripts"
    cp bin/utec-tray bin/panelshots "$stage/bin/"
    cp -r scripts/with-session.sh scripts/with-keyring.sh scripts/test-desktops.sh scripts/desktops "$stage/scripts/"
    chown utec-desktops "$stage/bin/desktops/$d"
    (cd "$stage" && runuser -u utec-desktops -- env DESKTOPS_INSIDE="$d" TMPDIR=/tmp "$wrapper" scripts/test-desktops.sh) || status=$?
    cp -r "$stage/bin/desktops/$d/." "bin/desktops/$d/"
    rm -rf "$stage"
    return "$status"
  }
  failed=()
  for d in "${desktops[@]}"; do
    rm -rf "bin/desktops/$d"
    mkdir -p "bin/desktops/$d"
    start=$(date +%s)
    if DESKTOPS_INSIDE=$d session "$d" "$0" 2>&1 | tee "bin/desktops/$d/check.log"; then
      echo "test-desktops: $d passed in $(($(date +%s) - start)) s; pictures in $PWD/bin/desktops/$d/"
    else
      echo "test-desktops: $d FAILED after $(($(date +%s) - start)) s; see $PWD/bin/desktops/$d/" >&2
      failed+=("$d")
    fi
  done
  [ ${#failed[@]} -eq 0 ] || { echo "test-desktops: failed: ${failed[*]}" >&2; exit 1; }
  exit 0
fi

d=$DESKTOPS_INSIDE
out=bin/desktops/$d
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# start_bg NAME CMD...: runs a part of the desktop, its output in $out/NAME.log.
start_bg() {
  local name=$1
  shift
  "$@" >"$out/$name.log" 2>&1 &
  pids+=($!)
}

# wait_for_name NAME: until someone holds NAME on the session bus (10 s).
wait_for_name() {
  for _ in $(seq 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
      org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'; then
      return 0
    fi
    sleep 0.1
  done
  echo "test-desktops: nobody took $1 on the bus within 10 s" >&2
  return 1
}

case "$d" in
  xfce)
    export XDG_CURRENT_DESKTOP=XFCE
    dbus-update-activation-environment DISPLAY XDG_CURRENT_DESKTOP
    # Not on PATH: under the architecture's library folder.
    notifyd=$(compgen -G '/usr/lib/*/xfce4/notifyd/xfce4-notifyd' | head -1)
    [ -n "$notifyd" ] || { echo "test-desktops: no xfce4-notifyd: run scripts/deps.sh desktops" >&2; exit 2; }
    start_bg notifyd "$notifyd"
    wait_for_name org.freedesktop.Notifications
    # No window manager runs: do not wait for one.
    start_bg panel xfce4-panel --disable-wm-check
    class=xfce4-panel
    ;;
  lxqt)
    export XDG_CURRENT_DESKTOP=LXQt
    dbus-update-activation-environment DISPLAY XDG_CURRENT_DESKTOP
    # Debian's panel.conf with the panel at the top, where panelshots
    # looks for it, and the status notifier plugin in it; a theme.
    mkdir -p "$XDG_CONFIG_HOME/lxqt"
    cp scripts/desktops/lxqt-panel.conf "$XDG_CONFIG_HOME/lxqt/panel.conf"
    cp scripts/desktops/lxqt.conf "$XDG_CONFIG_HOME/lxqt/lxqt.conf"
    start_bg notifyd lxqt-notificationd
    wait_for_name org.freedesktop.Notifications
    start_bg panel lxqt-panel
    class=lxqt-panel
    ;;
  kde)
    # Plasma 5.27 on X11 as startplasma-x11 would bring it up, by hand:
    # the window manager (no compositing: Xvfb has no GL to spare), kded5
    # (which holds the StatusNotifierWatcher) and plasmashell (the panel
    # at the bottom, its system tray, and the notifications server).
    export XDG_CURRENT_DESKTOP=KDE KDE_FULL_SESSION=true KDE_SESSION_VERSION=5 XDG_SESSION_TYPE=x11
    dbus-update-activation-environment DISPLAY XDG_CURRENT_DESKTOP KDE_FULL_SESSION KDE_SESSION_VERSION
    command -v plasmashell >/dev/null || { echo "test-desktops: no plasmashell: run scripts/deps.sh desktops" >&2; exit 2; }
    mkdir -p "$XDG_CONFIG_HOME"
    cp scripts/desktops/plasmanotifyrc "$XDG_CONFIG_HOME/plasmanotifyrc"
    start_bg kwin env KWIN_COMPOSE=N kwin_x11
    wait_for_name org.kde.KWin
    start_bg kded kded5
    wait_for_name org.kde.StatusNotifierWatcher
    start_bg plasmashell plasmashell
    wait_for_name org.freedesktop.Notifications
    class=plasmashell
    ;;
  sway)
    # sway on wlroots' headless backend (no GPU, no input devices: the
    # check brings a virtual pointer), waybar's tray hosting the
    # StatusNotifierWatcher, mako for the notifications, and the app as a
    # native Wayland client.
    export XDG_CURRENT_DESKTOP=sway XDG_SESSION_TYPE=wayland
    export WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1
    command -v sway >/dev/null || { echo "test-desktops: no sway: run scripts/deps.sh desktops" >&2; exit 2; }
    start_bg sway sway -c scripts/desktops/sway.config
    for _ in $(seq 100); do
      sock=$(compgen -G "$XDG_RUNTIME_DIR/sway-ipc.*.sock" | head -1 || true)
      [ -n "$sock" ] && [ -n "$(compgen -G "$XDG_RUNTIME_DIR/wayland-[0-9]" || true)" ] && break
      sleep 0.1
    done
    [ -n "${sock:-}" ] || { echo "test-desktops: sway did not start within 10 s" >&2; exit 1; }
    WAYLAND_DISPLAY=$(basename "$(compgen -G "$XDG_RUNTIME_DIR/wayland-[0-9]" | head -1)")
    export WAYLAND_DISPLAY SWAYSOCK=$sock
    # A native Wayland session: the app's GLFW picks Wayland, nothing is X11.
    unset DISPLAY
    dbus-update-activation-environment WAYLAND_DISPLAY XDG_CURRENT_DESKTOP SWAYSOCK
    start_bg mako mako
    wait_for_name org.freedesktop.Notifications
    start_bg waybar waybar -c scripts/desktops/waybar.json -s scripts/desktops/waybar.css
    wait_for_name org.kde.StatusNotifierWatcher
    class=
    ;;
  gnome)
    # GNOME Shell 43 as the X11 window manager and compositor of the Xvfb
    # display, with the AppIndicator extension (which holds the
    # StatusNotifierWatcher and shows the items in the top bar). The shell
    # wants a system bus: a private one, as nothing on it is needed.
    export XDG_CURRENT_DESKTOP=GNOME XDG_SESSION_TYPE=x11 XDG_SESSION_DESKTOP=gnome
    command -v gnome-shell >/dev/null || { echo "test-desktops: no gnome-shell: run scripts/deps.sh desktops" >&2; exit 2; }
    DBUS_SYSTEM_BUS_ADDRESS=$(dbus-daemon --config-file=/usr/share/dbus-1/session.conf --print-address=1 --print-pid=1 --fork |
      { read -r address; read -r pid; echo "$pid" >"$out/system-bus.pid"; echo "$address"; })
    export DBUS_SYSTEM_BUS_ADDRESS
    pids+=("$(cat "$out/system-bus.pid")")
    gsettings set org.gnome.shell disable-user-extensions false
    gsettings set org.gnome.shell enabled-extensions "['ubuntu-appindicators@ubuntu.com']"
    dbus-update-activation-environment DISPLAY XDG_CURRENT_DESKTOP DBUS_SYSTEM_BUS_ADDRESS
    start_bg shell gnome-shell --x11 --replace
    wait_for_name org.kde.StatusNotifierWatcher
    wait_for_name org.freedesktop.Notifications
    # The shell starts in the Activities overview; Escape leaves it.
    sleep 3
    xdotool key Escape
    class=
    ;;
  *)
    echo "test-desktops: no desktop $d (xfce, lxqt, kde, sway, gnome)" >&2
    exit 2
    ;;
esac
bin/panelshots -bin bin/utec-tray -out "$out" -check "$d" -panel-class "${class:-}"
