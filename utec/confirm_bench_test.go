package utec_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// BenchmarkConfirm measures command sent → device confirmed locked, with
// the default confirmation (the first re-query when the cloud's deferral
// has passed, then one a second), against the fake cloud on real HTTP.
// "A lock that takes N s" is a cloud that answers st.deferredResponse N and
// a bolt that moves N s after the command: the cloud knows its device.
// Execute returns the confirmed state, which the controller shows at once
// (one post to its loop). Goals (issue 21): 2.5 s, 5.6 s, 8.8 s.
func BenchmarkConfirm(b *testing.B) {
	for _, seconds := range []int{2, 5, 8} {
		b.Run(fmt.Sprintf("lock=%ds", seconds), func(b *testing.B) {
			takes := time.Duration(seconds) * time.Second
			cloud := utectest.NewForTest(b, utectest.WithCommandDelay(takes))
			cloud.SetDeferral(seconds)
			access, _ := cloud.IssueTokens()
			client := utec.NewTokenClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), utec.WithBaseURL(cloud.URL()))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			devices, err := client.Devices(ctx)
			if err != nil {
				b.Fatal(err)
			}
			var front utec.Device
			for _, d := range devices {
				if d.ID == utectest.FrontDoorID {
					front = d
				}
			}
			var total time.Duration
			for b.Loop() {
				b.StopTimer()
				cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
				b.StartTimer()
				start := time.Now()
				out, err := client.Execute(ctx, front, utec.Lock(), utec.ConfirmOptions{Timeout: time.Minute})
				if err != nil || !out.Reached {
					b.Fatalf("lock not confirmed: %+v %v", out, err)
				}
				total += time.Since(start)
			}
			b.ReportMetric(total.Seconds()/float64(b.N), "confirm-s")
		})
	}
}
