#!/usr/bin/env bash
# go vet of every package for another system, as far as that can be done
# here:
#
#   scripts/vet-cross.sh darwin windows
#
# Windows: every package, with cgo through mingw-w64 (after make windows
# the C parts come from the build cache). macOS: there is no C compiler for
# it here, so cgo is off and the packages whose dependencies need it (the
# Fyne GL driver: the root package, app/ui/...) are listed as
# skipped; the README says macOS builds are not tested here.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- darwin windows
status=0
for os in "$@"; do
  if [ "$os" = windows ] && command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    echo "vet-cross: GOOS=windows: vetting every package, cgo through mingw-w64"
    GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc go vet ./... || status=1
    continue
  fi
  # The non-standard packages that have C code on that system, and so
  # every package of ours that imports one of them, directly or not.
  cgo=" $(GOOS=$os CGO_ENABLED=1 go list -deps -f '{{if and .CgoFiles (not .Standard)}}{{.ImportPath}}{{end}}' ./... | tr '\n' ' ') "
  ok=() skipped=()
  while read -r pkg deps; do
    need=
    for d in $pkg $deps; do
      case $cgo in *" $d "*) need=1; break ;; esac
    done
    if [ -n "$need" ]; then skipped+=("$pkg"); else ok+=("$pkg"); fi
  done < <(GOOS=$os CGO_ENABLED=1 go list -f '{{.ImportPath}} {{join .Deps " "}}' ./...)
  echo "vet-cross: GOOS=$os: vetting ${#ok[@]} packages; needing cgo, skipped: ${skipped[*]:-none}"
  GOOS=$os CGO_ENABLED=0 go vet "${ok[@]}" || status=1
done
exit "$status"
