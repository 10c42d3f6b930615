#!/usr/bin/env bash
# Measures what the README's table reports, in one run, and writes the raw
# output to bench/results/. Compare ratios within one run: these machines
# are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out=bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt
{
  echo "# $(date -u) $(go version) $(nproc) cores"
  go test -run '^$' -bench 'CommandRoundTrip|Query|DiscoveryDecode|ConcurrentExpiredCalls' -benchtime=2000x ./utec/ | grep -E '^Benchmark'
  go test -run '^$' -bench 'IdleRequestsPerHour' -benchtime=1x ./app/poller/ | grep -E '^Benchmark'
  # Issue 21: the pace's simulated day, and command to confirmed (real seconds: ~45 s).
  go test -run '^$' -bench 'SimulatedDay' -benchtime=1x ./app/poller/ | grep -E '^Benchmark'
  go test -run '^$' -bench 'Confirm' -benchtime=2x ./utec/ | grep -E '^Benchmark'
  make -s build >/dev/null
  go build -o bin/baretray ./bench/baretray
  scripts/with-session.sh go run ./bench/traybench -bin bin/utec-tray -bare bin/baretray -runs 3
} | tee "$out"

# The table for the README.
awk '
  /^BenchmarkCommandRoundTrip/ { for (i=1;i<=NF;i++) { if ($(i+1)=="client-ns/op") c=$i; if ($(i+1)=="bare-ns/op") b=$i; if ($(i+1)=="ratio") r=$i } }
  /^BenchmarkQuery\/devices=1-/ { q1=$3 } /^BenchmarkQuery\/devices=10-/ { q10=$3 } /^BenchmarkQuery\/devices=100-/ { q100=$3 }
  /^BenchmarkDiscoveryDecode/ { disc=$3 }
  /^BenchmarkConcurrentExpiredCalls/ { for (i=1;i<=NF;i++) if ($(i+1)=="refreshes") ref=$i }
  /^BenchmarkIdleRequestsPerHour\/devices=4-/ { for (i=1;i<=NF;i++) if ($(i+1)=="requests/hour") h4=$i }
  /^BenchmarkIdleRequestsPerHour\/devices=40-/ { for (i=1;i<=NF;i++) if ($(i+1)=="requests/hour") h40=$i }
  /^BenchmarkSimulatedDay/ { for (i=1;i<=NF;i++) { if ($(i+1)=="requests/day") rd=$i; if ($(i+1)=="worst-fresh-s") wf=$i } }
  /^BenchmarkConfirm\/lock=2s/ { for (i=1;i<=NF;i++) if ($(i+1)=="confirm-s") c2=$i }
  /^BenchmarkConfirm\/lock=5s/ { for (i=1;i<=NF;i++) if ($(i+1)=="confirm-s") c5=$i }
  /^BenchmarkConfirm\/lock=8s/ { for (i=1;i<=NF;i++) if ($(i+1)=="confirm-s") c8=$i }
  /^tray devices=4 / { split($0, f, /[ =]/); for (i in f) { if (f[i]=="start_to_menu_ms") s4=f[i+1]; if (f[i]=="click_to_command_ms") k4=f[i+1]; if (f[i]=="idle_rss_mb") m4=f[i+1]; if (f[i]=="rest_rss_mb") r4=f[i+1]; if (f[i]=="idle_wakeups_per_s") w4=f[i+1]; if (f[i]=="idle_cpu_pct") u4=f[i+1]; if (f[i]=="activate_to_panel_ms") p4=f[i+1]; if (f[i]=="activate_again_ms") a4=f[i+1] } }
  /^bare / { split($0, f, /[ =]/); for (i in f) { if (f[i]=="idle_wakeups_per_s") bw=f[i+1]; if (f[i]=="idle_cpu_pct") bu=f[i+1]; if (f[i]=="idle_rss_mb") bm=f[i+1]; if (f[i]=="start_to_item_ms") bs=f[i+1] } }
  /^tray devices=40 / { split($0, f, /[ =]/); for (i in f) { if (f[i]=="start_to_menu_ms") s40=f[i+1]; if (f[i]=="click_to_command_ms") k40=f[i+1]; if (f[i]=="idle_rss_mb") m40=f[i+1] } }
  function ratio(a, b) { return (b > 0) ? sprintf("%.2fx", a / b) : "-" }
  END {
    print "| measure | figure |"
    print "|---|---|"
    printf "| Command round trip: client / bare net/http POST (loopback) | %.0f µs / %.0f µs = %sx |\n", c/1000, b/1000, r
    printf "| Query of 1 / 10 / 100 devices (100 = 5 requests) | %.0f / %.0f / %.0f µs |\n", q1/1000, q10/1000, q100/1000
    printf "| Discovery decoding, 100 devices | %.0f µs |\n", disc/1000
    printf "| refreshes for 100 concurrent calls with an expired token | %s |\n", ref
    printf "| requests per idle hour, 4 / 40 devices (60 s interval) | %s / %s |\n", h4, h40
    printf "| a lock that takes 2 / 5 / 8 s, shown locked after (goal 2.5 / 5.6 / 8.8 s) | %s / %s / %s s |\n", c2, c5, c8
    printf "| requests in a simulated day, 8 h here and 16 h away or locked, 4 devices (goal 3,500) | %s |\n", rd
    printf "| a change by someone else while you are here, seen after at worst (goal 10 s) | %s s |\n", wf
    printf "| start to populated tray menu, 4 / 40 devices | %s / %s ms |\n", s4, s40
    printf "| menu click to Command at the cloud, 4 / 40 devices | %s / %s ms |\n", k4, k40
    printf "| RSS after a command, 4 / 40 devices | %s / %s MB |\n", m4, m40
    printf "| start to the tray item: the app (populated menu, 4 devices) / a bare Fyne tray (its item) | %s / %s ms = %s |\n", s4, bs, ratio(s4, bs)
    printf "| at rest, no window, a minute (4 devices) / a bare Fyne tray: wake-ups per s | %s / %s = %s |\n", w4, bw, ratio(w4, bw)
    printf "| at rest: CPU, %% of a core | %s / %s = %s |\n", u4, bu, ratio(u4, bu)
    printf "| at rest: RSS | %s / %s MB = %s |\n", r4, bm, ratio(r4, bm)
    printf "| Activate to quick panel mapped, first / again (4 devices) | %s / %s ms |\n", p4, a4
  }' "$out" > bench/results/table.md
cat bench/results/table.md
echo "raw output: $out"
