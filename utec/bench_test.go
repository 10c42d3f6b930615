package utec_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// benchCloud is a fake cloud with n extra devices, a signed-in client and
// the discovered devices. Commands take an hour to act so that no timer
// fires during a benchmark.
func benchCloud(b *testing.B, extra int) (*utectest.Server, *utec.Client, string, []utec.Device) {
	b.Helper()
	cloud := utectest.NewForTest(b, utectest.WithExtraDevices(extra), utectest.WithCommandDelay(time.Hour))
	access, _ := cloud.IssueTokens()
	client := utec.NewTokenClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), utec.WithBaseURL(cloud.URL()))
	devices, err := client.Devices(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return cloud, client, access, devices
}

// BenchmarkCommandRoundTrip compares one Command through Client with a bare
// net/http POST of the same request, with the same 15 s timeout context,
// to the same server: the difference is the client's own cost (envelope,
// message id, JSON, error mapping). The bare POST sends the bytes the
// client sent, as the cloud recorded them: the same body (the client's
// envelope, message id included) and the same headers. The two alternate
// within one loop, so that the machine's drift touches both alike, and
// the benchmark reports each one's ns and their ratio (the goal is at most
// 1.15).
func BenchmarkCommandRoundTrip(b *testing.B) {
	cloud, client, access, devices := benchCloud(b, 0)
	var plug utec.Device
	for _, d := range devices {
		if d.ID == utectest.PlugID {
			plug = d
		}
	}
	ctx := context.Background()
	viaClient := func() {
		if _, err := client.Send(ctx, plug, utec.TurnOn()); err != nil {
			b.Fatal(err)
		}
	}
	viaClient()
	reqs := cloud.Requests()
	sent := reqs[len(reqs)-1]
	if sent.Name != "Command" || !sent.HasBearer {
		b.Fatalf("the last request is %s/%s, want the client's Command", sent.Namespace, sent.Name)
	}
	body, userAgent := sent.Body, sent.UserAgent
	bare := func() {
		ctx, cancel := context.WithTimeout(ctx, utec.DefaultTimeout)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, cloud.URL()+"/action", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", userAgent)
		req.Header.Set("Authorization", "Bearer "+access)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatal(resp.Status)
		}
	}
	var clientTime, bareTime time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		viaClient()
		mid := time.Now()
		bare()
		clientTime += mid.Sub(start)
		bareTime += time.Since(mid)
		n++
	}
	b.ReportMetric(float64(clientTime.Nanoseconds())/float64(n), "client-ns/op")
	b.ReportMetric(float64(bareTime.Nanoseconds())/float64(n), "bare-ns/op")
	b.ReportMetric(float64(clientTime)/float64(bareTime), "ratio")
}

// cannedTransport answers every request with one canned body, without a
// network, so that BenchmarkCommandOverhead measures the client's own CPU.
type cannedTransport struct{ body []byte }

func (c cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	_, _ = io.Copy(io.Discard, req.Body)
	req.Body.Close()
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(c.body)), ContentLength: int64(len(c.body)), Request: req}, nil
}

// BenchmarkCommandOverhead is BenchmarkCommandRoundTrip without the
// network and the server: a Command through Client against a bare
// net/http POST of the same bytes, both answered at once with the cloud's
// usual answer. The difference is the client's CPU per call, which the
// round trip's ratio shows diluted and noisy.
func BenchmarkCommandOverhead(b *testing.B) {
	answer := []byte(`{"header":{"namespace":"Uhome.Device","name":"Command","messageId":"6f1c1f2e-5d7a-4a51-9a43-3f4f1e0c2b11","payloadVersion":"1"},` +
		`"payload":{"devices":[{"id":"7C:DF:A1:68:3E:01","states":[{"capability":"st.deferredResponse","name":"seconds","value":5}]}]}}`)
	hc := &http.Client{Transport: cannedTransport{answer}}
	plug := utec.Device{ID: "7C:DF:A1:68:3E:01"}
	b.Run("client", func(b *testing.B) {
		c := utec.NewTokenClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "access"}),
			utec.WithHTTPClient(hc), utec.WithBaseURL("http://127.0.0.1:1"))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Send(context.Background(), plug, utec.TurnOn()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare", func(b *testing.B) {
		body := []byte(`{"header":{"namespace":"Uhome.Device","name":"Command","messageId":"6f1c1f2e-5d7a-4a51-9a43-3f4f1e0c2b11","payloadVersion":"1"},` +
			`"payload":{"devices":[{"id":"7C:DF:A1:68:3E:01","command":{"capability":"st.switch","name":"on"}}]}}`)
		b.ReportAllocs()
		for b.Loop() {
			ctx, cancel := context.WithTimeout(context.Background(), utec.DefaultTimeout)
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://127.0.0.1:1/action", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json")
			req.Header.Set("User-Agent", utec.DefaultUserAgent)
			req.Header.Set("Authorization", "Bearer access")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			cancel()
		}
	})
}

// BenchmarkQuery queries 1, 10 and 100 devices (100 is five requests of 20).
func BenchmarkQuery(b *testing.B) {
	_, client, _, devices := benchCloud(b, 100)
	for _, n := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("devices=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := client.Query(context.Background(), devices[:n]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDiscoveryDecode measures decoding a Discovery answer of 100
// devices, without the network.
func BenchmarkDiscoveryDecode(b *testing.B) {
	_, client, _, devices := benchCloud(b, 95)
	_ = client
	raw, err := json.Marshal(map[string]any{"payload": map[string]any{"devices": devices}})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if got, err := utec.DecodeDiscovery(raw); err != nil || len(got) != 100 {
			b.Fatalf("%d devices, %v", len(got), err)
		}
	}
}

// BenchmarkConcurrentExpiredCalls sends 100 calls at once with an expired
// token and reports how many refreshes the cloud saw (the goal: one).
func BenchmarkConcurrentExpiredCalls(b *testing.B) {
	var refreshes int
	for b.Loop() {
		cloud := utectest.NewForTest(b)
		access, refresh := cloud.IssueTokens()
		cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
		ts := utec.NewTokenSource(cfg, &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Minute)}, utec.TokenSourceOptions{})
		client := utec.NewTokenClient(ts, utec.WithBaseURL(cloud.URL()))
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				if _, err := client.User(context.Background()); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		refreshes = cloud.Stats().Refreshes
		cloud.Close()
	}
	b.ReportMetric(float64(refreshes), "refreshes")
}
