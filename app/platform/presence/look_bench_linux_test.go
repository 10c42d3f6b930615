package presence

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// contextSwitches counts this process's context switches so far, every
// thread's, voluntary and not (Linux /proc).
func contextSwitches(b *testing.B) int {
	b.Helper()
	tasks, err := filepath.Glob("/proc/self/task/*/status")
	if err != nil || len(tasks) == 0 {
		b.Skip("no /proc task status here")
	}
	n := 0
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue // the thread ended
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "voluntary_ctxt_switches:") || strings.HasPrefix(line, "nonvoluntary_ctxt_switches:") {
				v, _ := strconv.Atoi(strings.TrimSpace(line[strings.IndexByte(line, ':')+1:]))
				n += v
			}
		}
	}
	return n
}

// BenchmarkLook is one presence look as the poller makes it every 3 s
// while the person is away, on a GNOME-like desktop: Mutter answers the
// idle time, a stand-in logind on its own bus the lock (the screensaver's
// GetActive is then not asked). It reports the process's context switches
// per look, what a look costs in wake-ups: an upper bound, since the
// stand-in services answer from this process too.
func BenchmarkLook(b *testing.B) {
	bus, conn := dbustest.TestBus(b)
	d := &desktop{mutterMs: 600000, saverSecs: 600, calls: map[string]int{}}
	serveB(b, conn, mutterName, mutterPath, mutterObject{d})
	serveB(b, conn, fdoSaverName, fdoSaverPath, saverObject{d})
	system, _ := startLogind(b, map[string]any{"IdleHint": true, "IdleSinceHint": uint64(time.Now().Add(-10 * time.Minute).UnixMicro()),
		"LockedHint": false, "Active": true})
	m := New(Options{SessionBus: bus.Address, SystemBus: system, Display: ""})
	b.Cleanup(m.Close)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if r := m.Read(ctx); r.IdleFrom != "mutter" || r.Locked { // connect, and find which sources answer
		b.Fatalf("reading %+v, want Mutter's idle time, unlocked", r)
	}
	before := contextSwitches(b)
	for b.Loop() {
		m.Read(ctx)
	}
	b.ReportMetric(float64(contextSwitches(b)-before)/float64(b.N), "ctxsw/look")
}
