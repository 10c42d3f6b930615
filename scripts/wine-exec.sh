#!/usr/bin/env bash
# Runs a Windows test binary under Wine, for go test -exec:
#
#   GOOS=windows GOARCH=amd64 scripts/with-session.sh go test -exec "$PWD/scripts/wine-exec.sh" ./app/platform/popover/
#
# (make test-wine does this). Each run gets a throwaway Wine prefix with the
# stand-in bcryptprimitives.dll that Wine 8 lacks and Go's runtime loads at
# start (e2e/wine/testdata/bcryptprimitives.c, built with mingw-w64), and
# the prefix's wineserver is stopped afterwards. Needs wine64 and
# gcc-mingw-w64-x86-64 (scripts/deps.sh dist) and an X display (Wine's
# windows live there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
wine=""
for c in wine64 /usr/lib/wine/wine64 wine; do
  if command -v "$c" >/dev/null 2>&1; then wine=$(command -v "$c"); break; fi
done
if [ -z "$wine" ]; then
  echo "$0: no wine64: sudo apt-get install wine64 (or scripts/deps.sh dist)" >&2
  exit 2
fi
server="$(dirname "$wine")/wineserver"
[ -x "$server" ] || server=$(command -v wineserver)
WINEPREFIX=$(mktemp -d "${TMPDIR:-/tmp}/wine-exec.XXXXXX")
export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() {
  "$server" -k 2>/dev/null || true
  rm -rf "$WINEPREFIX"
}
trap cleanup EXIT
"$wine" wineboot --init >/dev/null 2>&1
"$server" -w
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  "$root/e2e/wine/testdata/bcryptprimitives.c" -ladvapi32
"$wine" "$@"
