#!/usr/bin/env bash
# Runs every fuzz target of the module for a fixed time each (default 5s).
# go test -fuzz takes one target and one package at a time, hence the loop.
set -euo pipefail
fuzztime=${1:-5s}
cd "$(dirname "$0")/.."
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  targets=$(grep -hoE '^func (Fuzz[A-Za-z0-9_]+)\(' "$dir"/*_test.go 2>/dev/null | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/' || true)
  for t in $targets; do
    echo "fuzz: $pkg $t for $fuzztime"
    for attempt in 1 2; do
      if go test -run='^$' -fuzz="^${t}\$" -fuzztime="$fuzztime" "$pkg" >/tmp/fuzz.$$.log 2>&1; then
        break
      fi
      # Go's fuzzer can end a run with "context deadline exceeded" when its
      # workers are slow to stop on a loaded machine, with no failing input
      # found. That one is run again; a real failure (an input written to
      # testdata) fails at once.
      if [ "$attempt" = 1 ] && grep -q 'context deadline exceeded' /tmp/fuzz.$$.log && ! grep -q 'Failing input written' /tmp/fuzz.$$.log; then
        echo "fuzz: $t ended on the fuzzer's own deadline with no failing input; running it again"
        continue
      fi
      cat /tmp/fuzz.$$.log; rm -f /tmp/fuzz.$$.log; exit 1
    done
  done
done
rm -f /tmp/fuzz.$$.log
