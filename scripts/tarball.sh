#!/usr/bin/env bash
# Repacks the tarball fyne package made for Linux systems without dpkg:
#
#   scripts/tarball.sh IN.tar.xz OUT.tar.xz
#
# fyne package records the builder's own user and group as every file's
# owner, which tar then restores for whoever unpacks it as root (a
# stranger's uid owning files in /usr/local). The repacked tarball records
# root (0:0, by number), carries LICENSE, and lists its files in a fixed
# order.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 IN.tar.xz OUT.tar.xz" >&2
  exit 2
fi
in=$1 out=$2
root_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/utec-tray-tar.XXXXXX")
trap 'rm -rf "$work"' EXIT

tar -C "$work" -xf "$in"
install -m 0644 "$root_dir/LICENSE" "$work/LICENSE"
find "$work" -type d -exec chmod 0755 {} +
tar -C "$work" --owner=0 --group=0 --numeric-owner --sort=name -cJf "$out.tmp" .
mv "$out.tmp" "$out"
echo "$out"
