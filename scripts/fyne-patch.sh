#!/usr/bin/env bash
# Writes third_party/fyne.patch: the difference between pristine Fyne (the
# version go.mod replaces, from the module cache) and third_party/fyne, file
# by file, leaving out what the copy prunes (files only upstream has).
#
#   scripts/fyne-patch.sh            # regenerate the patch
#   scripts/fyne-patch.sh --check    # fail if the patch is out of date
set -euo pipefail
cd "$(dirname "$0")/.."
version=v2.8.1
go mod download "fyne.io/fyne/v2@$version"
pristine=$(go env GOMODCACHE)/fyne.io/fyne/v2@$version
copy=third_party/fyne
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
# patch skips what comes before the first file's header.
echo "utec-tray's patch of fyne.io/fyne/v2 $version: why each change, in third_party/README.md"
echo "and in the comments of the code it adds. Regenerate with scripts/fyne-patch.sh."
echo
(cd "$copy" && find . -type f | sed 's#^\./##' | LC_ALL=C sort) | while read -r f; do
  old=$pristine/$f label=a/$f
  if [ ! -e "$old" ]; then
    old=/dev/null label=/dev/null
  fi
  # diff exits 1 when the files differ, which is what we are after.
  diff -u --label "$label" --label "b/$f" "$old" "$copy/$f" || [ $? -eq 1 ]
done
} > "$out"
if [ "${1:-}" = "--check" ]; then
  cmp -s "$out" third_party/fyne.patch || { echo "third_party/fyne.patch is out of date: run scripts/fyne-patch.sh" >&2; exit 1; }
  exit 0
fi
cp "$out" third_party/fyne.patch
echo "wrote third_party/fyne.patch ($(grep -c '^+++ ' third_party/fyne.patch) files)"
