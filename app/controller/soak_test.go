package controller

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/alerts"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// TestSoak flips a lock in the fake cloud over and over while the tray
// polls fast, and checks that every change reaches the menu, that each
// gives exactly one notification, and that memory and goroutines stay
// flat. It runs for $UTEC_SOAK (default 15s; make soak runs minutes).
func TestSoak(t *testing.T) {
	duration := 15 * time.Second
	if v := os.Getenv("UTEC_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("UTEC_SOAK=%q: %v", v, err)
		}
		duration = d
	}
	if testing.Short() {
		t.Skip("soak test skipped in -short mode")
	}
	f := startWith(t, true, func(o *Options) {
		o.Poller.Interval = 100 * time.Millisecond
		o.Poller.FastInterval = 100 * time.Millisecond
	})
	f.home()

	var memStart, memEnd runtime.MemStats
	var gStart int
	flips := 0
	deadline := time.Now().Add(duration)
	warmUp := time.Now().Add(duration / 4)
	state, label := "unlocked", "Front Door: Unlocked"
	for time.Now().Before(deadline) {
		f.cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", state)
		f.waitFor("the flip to "+state, func() bool { return f.hasLabel(label) })
		flips++
		// The fake cloud records every request; forget them, so that the
		// heap measures the app, not the test's cloud.
		f.cloud.ResetRequests()
		if state == "unlocked" {
			state, label = "locked", "Front Door: Locked"
		} else {
			state, label = "unlocked", "Front Door: Unlocked"
		}
		if gStart == 0 && time.Now().After(warmUp) {
			runtime.GC()
			runtime.ReadMemStats(&memStart)
			gStart = runtime.NumGoroutine()
		}
		time.Sleep(200 * time.Millisecond)
	}
	f.ctrl.sync()
	runtime.GC()
	runtime.ReadMemStats(&memEnd)
	gEnd := runtime.NumGoroutine()

	changes := 0
	for _, a := range f.desk.notifications() {
		if a.Kind == alerts.LockChanged && a.DeviceID == utectest.FrontDoorID {
			changes++
		}
	}
	if changes != flips {
		t.Errorf("%d lock changes gave %d notifications, want exactly one each", flips, changes)
	}
	t.Logf("%d flips in %v; heap %d KB -> %d KB; goroutines %d -> %d",
		flips, duration, memStart.HeapAlloc/1024, memEnd.HeapAlloc/1024, gStart, gEnd)
	if gEnd > gStart+5 {
		t.Errorf("goroutines grew from %d to %d", gStart, gEnd)
	}
	// Flat means no growth with the number of polls; allow noise.
	if memEnd.HeapAlloc > memStart.HeapAlloc+1<<20 {
		t.Errorf("heap grew from %d KB to %d KB", memStart.HeapAlloc/1024, memEnd.HeapAlloc/1024)
	}
}
