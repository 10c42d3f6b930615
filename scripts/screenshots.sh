#!/usr/bin/env bash
# Renders the quick panel, every wizard step and settings tab in the light and the dark
# theme under a private X server, into docs/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
go build -o bin/screenshots ./app/ui/screenshots
for n in $(seq 90 99); do [ -e /tmp/.X11-unix/X$n ] || break; done
Xvfb :$n -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.1; done
for variant in light dark; do
  DISPLAY=:$n FYNE_THEME=$variant timeout 120 bin/screenshots -out "$out"
done
