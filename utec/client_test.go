package utec_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// fastConfirm keeps deferred-command tests quick: the fake cloud acts after
// its command delay (tens of milliseconds), so re-query every 10 ms.
var fastConfirm = utec.ConfirmOptions{Schedule: []time.Duration{10 * time.Millisecond}, Timeout: 2 * time.Second}

// fixture is a fake cloud and a client signed in to it.
type fixture struct {
	cloud  *utectest.Server
	client *utec.Client
	ts     *utec.TokenSource
	access string
	saved  []*oauth2.Token
	mu     sync.Mutex
}

// setup starts a fake cloud and returns a client whose token source holds
// a valid token issued by it. tok, if not nil, edits that token first.
func setup(t *testing.T, opts []utectest.Option, tok func(*oauth2.Token), clientOpts ...utec.Option) *fixture {
	t.Helper()
	cloud := utectest.NewForTest(t, opts...)
	access, refresh := cloud.IssueTokens()
	token := &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}
	if tok != nil {
		tok(token)
	}
	f := &fixture{cloud: cloud, access: access}
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "http://127.0.0.1:9501/callback", cloud.URL())
	f.ts = utec.NewTokenSource(cfg, token, utec.TokenSourceOptions{Save: func(t *oauth2.Token) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.saved = append(f.saved, t)
		return nil
	}})
	f.client = utec.NewTokenClient(f.ts, append([]utec.Option{utec.WithBaseURL(cloud.URL()), utec.WithUserAgent("utec-test/1")}, clientOpts...)...)
	return f
}

func (f *fixture) savedTokens() []*oauth2.Token {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*oauth2.Token(nil), f.saved...)
}

func devicesByID(t *testing.T, c *utec.Client) map[string]utec.Device {
	t.Helper()
	devices, err := c.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]utec.Device, len(devices))
	for _, d := range devices {
		m[d.ID] = d
	}
	return m
}

func TestUser(t *testing.T) {
	t.Parallel()
	for _, snake := range []bool{true, false} {
		f := setup(t, nil, nil)
		f.cloud.SetQuirks(func(q *utectest.Quirks) { q.FirstNameSnake = snake })
		u, err := f.client.User(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if u.DisplayName() != utectest.UserFirstName+" "+utectest.UserLastName || len(u.ID) != 32 {
			t.Errorf("snake=%v: user %+v", snake, u)
		}
	}
}

func TestLogoutStopsTheToken(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	access, _ := cloud.IssueTokens()
	// A client that cannot refresh shows the refusal as it is.
	c := utec.NewTokenClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), utec.WithBaseURL(cloud.URL()))
	if err := c.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.Devices(context.Background())
	var apiErr *utec.APIError
	if !errors.Is(err, utec.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Code != "INVALID_TOKEN" {
		t.Fatalf("after logout: %v", err)
	}
	if strings.Contains(err.Error(), access) {
		t.Errorf("error message carries the token: %v", err)
	}
}

func TestDiscovery(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	f.cloud.SetQuirks(func(q *utectest.Quirks) { q.TypeKey = true })
	devices := devicesByID(t, f.client)
	want := map[string]utec.Kind{
		utectest.FrontDoorID: utec.KindLock, utectest.BackDoorID: utec.KindLock,
		utectest.BulbID: utec.KindLight, utectest.PlugID: utec.KindPlug, utectest.GarageID: utec.KindSwitch,
	}
	if len(devices) != len(want) {
		t.Fatalf("got %d devices, want %d", len(devices), len(want))
	}
	for id, kind := range want {
		if got := devices[id]; got.Kind() != kind {
			t.Errorf("%s (%s): kind %s, want %s", id, got.Name, got.Kind(), kind)
		}
	}
	front := devices[utectest.FrontDoorID]
	if len(front.CustomData) == 0 || front.Attributes.BatteryLevelRange == nil || !front.HasDoorSensor() {
		t.Errorf("front door lost fields: %+v", front)
	}
	if !devices[utectest.BulbID].Dimmable() {
		t.Error("bulb not dimmable")
	}
	reqs := f.cloud.Requests()
	if got := reqs[len(reqs)-1]; got.UserAgent != "utec-test/1" || !got.HasBearer {
		t.Errorf("request UA %q bearer %v", got.UserAgent, got.HasBearer)
	}
}

func TestQueryAllDevicesInOneRequestEchoingCustomData(t *testing.T) {
	t.Parallel()
	for _, live := range []bool{true, false} {
		t.Run(map[bool]string{true: "live case", false: "docs case"}[live], func(t *testing.T) {
			t.Parallel()
			f := setup(t, nil, nil)
			f.cloud.SetQuirks(func(q *utectest.Quirks) { q.LiveCase = live; q.NumericStrings = !live })
			devices, err := f.client.Devices(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			f.cloud.ResetRequests()
			statuses, err := f.client.Query(context.Background(), devices)
			if err != nil {
				t.Fatal(err)
			}
			if n := f.cloud.Stats().Calls["Uhome.Device/Query"]; n != 1 {
				t.Errorf("%d Query requests for %d devices, want 1", n, len(devices))
			}
			if cd := f.cloud.Requests()[0].CustomData[utectest.FrontDoorID]; cd == "" {
				t.Error("customData not echoed")
			}
			byID := map[string]utec.Status{}
			for i, st := range statuses {
				if st.DeviceID != devices[i].ID {
					t.Fatalf("status %d is for %s, want %s", i, st.DeviceID, devices[i].ID)
				}
				byID[st.DeviceID] = st
			}
			front := byID[utectest.FrontDoorID]
			if front.Err != nil || front.Lock != utec.LockLocked || front.Door != utec.DoorClosed || !front.IsOnline() ||
				front.Battery == nil || *front.Battery != 80 {
				t.Errorf("front door %+v (err %v)", front, front.Err)
			}
			if back := byID[utectest.BackDoorID]; back.Battery == nil || *back.Battery != 40 {
				t.Errorf("back door battery %v", back.Battery)
			}
			bulb := byID[utectest.BulbID]
			if bulb.On == nil || !*bulb.On || bulb.Brightness == nil || *bulb.Brightness != 60 {
				t.Errorf("bulb %+v", bulb)
			}
			if garage := byID[utectest.GarageID]; garage.Online == nil || *garage.Online {
				t.Errorf("garage should be offline: %+v", garage)
			}
		})
	}
}

func TestQueryBatchesLargeHomes(t *testing.T) {
	t.Parallel()
	f := setup(t, []utectest.Option{utectest.WithExtraDevices(40)}, nil)
	devices, err := f.client.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.cloud.ResetRequests()
	statuses, err := f.client.Query(context.Background(), devices)
	if err != nil {
		t.Fatal(err)
	}
	if len(statuses) != 45 {
		t.Fatalf("%d statuses, want 45", len(statuses))
	}
	if n := f.cloud.Stats().Calls["Uhome.Device/Query"]; n != 3 {
		t.Errorf("%d Query requests for 45 devices, want 3 (batches of 20)", n)
	}
}

func TestQueryReportsPerDeviceErrors(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	devices := devicesByID(t, f.client)
	front := devices[utectest.FrontDoorID]
	stripped := front
	stripped.CustomData = nil // the fake cloud, like the docs, wants it back
	statuses, err := f.client.Query(context.Background(), []utec.Device{devices[utectest.BulbID], {ID: "00:00:00:00:00:00"}, stripped})
	if err != nil {
		t.Fatal(err)
	}
	if statuses[0].Err != nil {
		t.Errorf("bulb: %v", statuses[0].Err)
	}
	if !errors.Is(statuses[1].Err, utec.ErrDeviceNotFound) {
		t.Errorf("unknown device: %v", statuses[1].Err)
	}
	if statuses[2].Err == nil || !strings.EqualFold(statuses[2].Err.Code, utec.CodeBadRequest) {
		t.Errorf("device without customData: %v", statuses[2].Err)
	}
}

func TestExecuteWaitsForTheDeferredCommand(t *testing.T) {
	t.Parallel()
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(60 * time.Millisecond)}, nil)
	devices := devicesByID(t, f.client)
	front := devices[utectest.FrontDoorID]
	f.cloud.ResetRequests()
	var seen int
	opts := fastConfirm
	opts.Progress = func(utec.Status) { seen++ }
	out, err := f.client.Execute(context.Background(), front, utec.Unlock(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Reached || out.Status.Lock != utec.LockUnlocked {
		t.Fatalf("outcome %+v", out)
	}
	if out.Accepted.Deferred != 20*time.Second {
		t.Errorf("deferred %v, want the cloud's 20s", out.Accepted.Deferred)
	}
	if out.Queries < 2 || seen != out.Queries {
		t.Errorf("%d queries, %d progress calls: the state should change only after the delay", out.Queries, seen)
	}
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("command sent %d times", n)
	}
	if got := f.cloud.State(utectest.FrontDoorID)["st.lock/lockState"]; got != "unlocked" {
		t.Errorf("cloud state %v", got)
	}
}

func TestExecuteNeverResendsACommandThatDoesNotHappen(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	devices := devicesByID(t, f.client)
	f.cloud.NeverExecute(utectest.FrontDoorID, true)
	f.cloud.ResetRequests()
	opts := fastConfirm
	opts.Timeout = 200 * time.Millisecond
	out, err := f.client.Execute(context.Background(), devices[utectest.FrontDoorID], utec.Unlock(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if out.Reached || out.Status.Lock != utec.LockLocked {
		t.Errorf("outcome %+v", out)
	}
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("command sent %d times, want exactly 1", n)
	}
}

func TestExecuteInPassageModeIsNotReached(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	devices := devicesByID(t, f.client)
	f.cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
	f.cloud.SetLockMode(utectest.BackDoorID, 1)
	opts := fastConfirm
	opts.Timeout = 200 * time.Millisecond
	out, err := f.client.Execute(context.Background(), devices[utectest.BackDoorID], utec.Lock(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if out.Reached || !out.Status.Passage() {
		t.Errorf("outcome %+v", out)
	}
}

func TestCommandToAnOfflineDevice(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	devices := devicesByID(t, f.client)
	_, err := f.client.Send(context.Background(), devices[utectest.GarageID], utec.TurnOn())
	var de *utec.DeviceError
	if !errors.Is(err, utec.ErrDeviceOffline) || !errors.As(err, &de) || de.DeviceID != utectest.GarageID {
		t.Fatalf("got %v", err)
	}
}

func TestCommandsManyDevicesInOneRequest(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	devices := devicesByID(t, f.client)
	f.cloud.ResetRequests()
	results, err := f.client.Commands(context.Background(), []utec.DeviceCommand{
		{Device: devices[utectest.BulbID], Command: utec.SetBrightness(30)},
		{Device: devices[utectest.PlugID], Command: utec.TurnOn()},
		{Device: devices[utectest.GarageID], Command: utec.TurnOff()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := f.cloud.Stats().Calls["Uhome.Device/Command"]; n != 1 {
		t.Errorf("%d Command requests, want 1", n)
	}
	if results[0].Err != nil || results[0].Deferred != 5*time.Second || results[1].Err != nil {
		t.Errorf("results %+v", results)
	}
	if !errors.Is(results[2].Err, utec.ErrDeviceOffline) {
		t.Errorf("offline garage: %v", results[2].Err)
	}
}

func TestSetBrightnessAndColorTemperature(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	bulb := devicesByID(t, f.client)[utectest.BulbID]
	for _, cmd := range []utec.Command{utec.SetBrightness(25), utec.SetColorTemperature(3000), utec.TurnOff()} {
		out, err := f.client.Execute(context.Background(), bulb, cmd, fastConfirm)
		if err != nil || !out.Reached {
			t.Errorf("%s: reached %v, err %v, status %+v", cmd, out.Reached, err, out.Status)
		}
	}
}

func TestHTTPFailures(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	ctx := context.Background()
	tests := []struct {
		name   string
		inject func()
		check  func(t *testing.T, err error)
	}{
		{"503 with Retry-After", func() { f.cloud.FailNext(1, 503, "7") }, func(t *testing.T, err error) {
			var he *utec.HTTPError
			if !errors.As(err, &he) || he.StatusCode != 503 || he.RetryAfter != 7*time.Second || !he.Temporary() {
				t.Errorf("got %#v", err)
			}
			if utec.RetryAfter(err) != 7*time.Second {
				t.Errorf("RetryAfter %v", utec.RetryAfter(err))
			}
		}},
		{"429 without Retry-After", func() { f.cloud.FailNext(1, 429, "") }, func(t *testing.T, err error) {
			var he *utec.HTTPError
			if !errors.As(err, &he) || he.StatusCode != 429 || he.RetryAfter != 0 || !he.Temporary() {
				t.Errorf("got %v", err)
			}
		}},
		{"500 names the status", func() { f.cloud.FailNext(1, 500, "") }, func(t *testing.T, err error) {
			if !strings.Contains(err.Error(), "500") || !strings.Contains(err.Error(), "Internal server error") {
				t.Errorf("got %v", err)
			}
		}},
		{"malformed JSON in 200", func() { f.cloud.MalformedNext(1, `{"payload": {"devices": [`) }, func(t *testing.T, err error) {
			var he *utec.HTTPError
			if !errors.As(err, &he) || he.StatusCode != 200 || he.Err == nil || !he.Temporary() {
				t.Errorf("got %v", err)
			}
		}},
		{"connection dropped mid-body", func() { f.cloud.DropNext(1) }, func(t *testing.T, err error) {
			if err == nil {
				t.Error("no error")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.inject()
			_, err := f.client.Devices(ctx)
			tt.check(t, err)
			if err != nil && strings.Contains(err.Error(), f.access) {
				t.Errorf("error carries the token: %v", err)
			}
			if _, err := f.client.Devices(ctx); err != nil {
				t.Errorf("did not recover: %v", err)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil, utec.WithTimeout(50*time.Millisecond))
	f.cloud.SetLatency(time.Second)
	start := time.Now()
	_, err := f.client.User(context.Background())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if time.Since(start) > 900*time.Millisecond {
		t.Errorf("timeout not applied: took %v", time.Since(start))
	}
}

func TestMessageIDMismatchIsTolerated(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	f.cloud.SetQuirks(func(q *utectest.Quirks) { q.EchoMessageID = false; q.PlayloadVersion = true })
	if _, err := f.client.Devices(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestInvalidTokenRefreshesOnceAndRetries(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil) // token not expired by our clock …
	f.cloud.ExpireAccessTokens()
	f.cloud.ResetRequests()
	if _, err := f.client.Devices(context.Background()); err != nil { // … but refused by the cloud
		t.Fatal(err)
	}
	if st := f.cloud.Stats(); st.Refreshes != 1 || st.Calls["Uhome.Device/Discovery"] != 2 {
		t.Errorf("stats %+v: want 1 refresh and 2 attempts", st)
	}
	saved := f.savedTokens()
	if len(saved) != 1 || saved[0].AccessToken == f.access {
		t.Fatalf("saved %d tokens", len(saved))
	}
	if cur := f.ts.Current(); cur.AccessToken != saved[0].AccessToken || cur.RefreshToken != saved[0].RefreshToken {
		t.Error("the token in use is not the one saved")
	}
}

func TestOneRefreshForManyWaitingCalls(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, func(tok *oauth2.Token) { tok.Expiry = time.Now().Add(-time.Minute) })
	f.cloud.ResetRequests()
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range 100 {
		wg.Go(func() {
			if _, err := f.client.User(context.Background()); err != nil {
				failed.Add(1)
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := f.cloud.Stats().Refreshes; n != 1 {
		t.Errorf("%d refreshes for 100 concurrent calls with an expired token, want 1", n)
	}
	if len(f.savedTokens()) != 1 {
		t.Errorf("saved %d times", len(f.savedTokens()))
	}
}

func TestRefreshRotationAndOmission(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, func(tok *oauth2.Token) { tok.Expiry = time.Now().Add(-time.Minute) })
	first := f.ts.Current().RefreshToken
	if _, err := f.ts.Token(); err != nil {
		t.Fatal(err)
	}
	rotated := f.ts.Current().RefreshToken
	if rotated == first || rotated == "" {
		t.Fatalf("refresh token not rotated: %q", rotated)
	}
	// Next refresh leaves refresh_token out: the rotated one stays in use.
	f.cloud.SetQuirks(func(q *utectest.Quirks) { q.OmitRefreshToken = true })
	f.cloud.ExpireAccessTokens()
	if _, err := f.client.User(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := f.ts.Current().RefreshToken; got != rotated {
		t.Errorf("refresh token %q after an answer without one, want the previous %q", got, rotated)
	}
	saved := f.savedTokens()
	if saved[len(saved)-1].RefreshToken != rotated {
		t.Error("saved token lost the refresh token")
	}
}

func TestRevokedRefreshTokenNeedsSignIn(t *testing.T) {
	t.Parallel()
	for _, inData := range []bool{false, true} {
		f := setup(t, nil, func(tok *oauth2.Token) { tok.Expiry = time.Now().Add(-time.Minute) })
		f.cloud.SetQuirks(func(q *utectest.Quirks) { q.TokenErrorsInData = inData })
		f.cloud.RevokeRefreshTokens()
		_, err := f.client.Devices(context.Background())
		if !errors.Is(err, utec.ErrReauthRequired) {
			t.Fatalf("inData=%v: got %v", inData, err)
		}
		if strings.Contains(err.Error(), f.ts.Current().RefreshToken) {
			t.Errorf("error carries the refresh token: %v", err)
		}
	}
}

func TestSaveFailureKeepsWorkingAndRetries(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	access, refresh := cloud.IssueTokens()
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
	var calls atomic.Int32
	ts := utec.NewTokenSource(cfg, &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Second)},
		utec.TokenSourceOptions{Save: func(*oauth2.Token) error {
			if calls.Add(1) == 1 {
				return errors.New("keyring locked")
			}
			return nil
		}})
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	if ts.SaveError() == nil {
		t.Fatal("save failure not reported")
	}
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	if ts.SaveError() != nil || calls.Load() != 2 {
		t.Errorf("save not retried: %d calls, err %v", calls.Load(), ts.SaveError())
	}
}

func TestTokenSourceTakesUpAnotherProcesssToken(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	access, refresh := cloud.IssueTokens()
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "", cloud.URL())
	// The "keyring" both processes share.
	var mu sync.Mutex
	stored := &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Second)}
	opts := utec.TokenSourceOptions{
		Save: func(t *oauth2.Token) error { mu.Lock(); defer mu.Unlock(); stored = t; return nil },
		Load: func() (*oauth2.Token, error) { mu.Lock(); defer mu.Unlock(); return stored, nil },
	}
	tray := utec.NewTokenSource(cfg, stored, opts)
	cli := utec.NewTokenSource(cfg, stored, opts)
	if _, err := cli.Token(); err != nil { // the CLI refreshes and rotates
		t.Fatal(err)
	}
	tok, err := tray.Token() // the tray's refresh token is stale now
	if err != nil {
		t.Fatalf("tray after the CLI rotated: %v", err)
	}
	if tok.AccessToken != cli.Current().AccessToken {
		t.Error("tray did not take up the stored token")
	}
	if n := cloud.Stats().Refreshes; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
}

// authorize plays the browser: it asks the fake cloud for a code and
// returns the redirect's query.
func authorize(t *testing.T, cloud *utectest.Server, cfg *oauth2.Config) url.Values {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(cfg.AuthCodeURL("st-1"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %d %v", resp.StatusCode, err)
	}
	return loc.Query()
}

func TestExchange(t *testing.T) {
	t.Parallel()
	for _, wrapped := range []bool{true, false} {
		cloud := utectest.NewForTest(t)
		cloud.SetQuirks(func(q *utectest.Quirks) { q.WrappedToken = wrapped })
		cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "http://127.0.0.1:9501/callback", cloud.URL())
		q := authorize(t, cloud, cfg)
		code := q.Get("authorization_code") + q.Get("code")
		tok, err := utec.Exchange(context.Background(), cfg, nil, code)
		if err != nil {
			t.Fatalf("wrapped=%v: %v", wrapped, err)
		}
		if tok.AccessToken == "" || tok.RefreshToken == "" || time.Until(tok.Expiry) < 6*24*time.Hour {
			t.Errorf("wrapped=%v: token %+v", wrapped, tok)
		}
		c := utec.NewTokenClient(oauth2.StaticTokenSource(tok), utec.WithBaseURL(cloud.URL()))
		if _, err := c.User(context.Background()); err != nil {
			t.Errorf("wrapped=%v: the exchanged token does not work: %v", wrapped, err)
		}
	}
}

func TestExchangeRefusals(t *testing.T) {
	t.Parallel()
	cloud := utectest.NewForTest(t)
	good := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "http://127.0.0.1:9501/callback", cloud.URL())
	q := authorize(t, cloud, good)
	code := q.Get("authorization_code") + q.Get("code")
	bad := *good
	bad.ClientSecret = "wrong-secret"
	_, err := utec.Exchange(context.Background(), &bad, nil, code)
	var te *utec.TokenError
	if !errors.Is(err, utec.ErrReauthRequired) || !errors.As(err, &te) || te.Code != "invalid_client" {
		t.Fatalf("wrong secret: %v", err)
	}
	if strings.Contains(err.Error(), "wrong-secret") || strings.Contains(err.Error(), code) {
		t.Errorf("error carries a secret: %v", err)
	}
	if _, err := utec.Exchange(context.Background(), good, nil, "not-a-code"); !errors.Is(err, utec.ErrReauthRequired) {
		t.Errorf("bad code: %v", err)
	}
}

func TestSetNotificationURL(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	if err := f.client.SetNotificationURL(context.Background(), "https://example.test/hook", "hook-secret"); err != nil {
		t.Fatal(err)
	}
	if got := f.cloud.Notifications(); len(got) != 1 || got[0] != "https://example.test/hook" {
		t.Errorf("registered %v", got)
	}
}

// TestDuplicateAndMissingIDs feeds hand-made answers (valid JSON, odd
// content) through the fake cloud's raw-answer fault.
func TestDuplicateAndMissingIDs(t *testing.T) {
	t.Parallel()
	f := setup(t, nil, nil)
	f.cloud.MalformedNext(1, `{"header":{},"payload":{"devices":[
		{"id":"A","name":"Door","category":"SmartLock"},
		{"id":"A","name":"Door again","category":"SmartLock"},
		{"name":"No id"},
		{"id":"B","name":"Lamp","category":"LIGHT","attributes":"garbage"},
		{"id":7,"name":"Numeric id"}]}}`)
	devices, err := f.client.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range devices {
		names = append(names, d.ID+"="+d.Name)
	}
	if got := strings.Join(names, ","); got != "A=Door,B=Lamp,7=Numeric id" {
		t.Errorf("devices %s", got)
	}

	f.cloud.MalformedNext(1, `{"payload":{"devices":[
		{"id":"A","states":[{"capability":"st.lock","name":"lockState","value":"locked"}]},
		{"id":"A","states":[{"capability":"st.lock","name":"lockState","value":"unlocked"}]},
		{"id":"C","states":[]}]}}`)
	statuses, err := f.client.Query(context.Background(), []utec.Device{{ID: "A"}, {ID: "B"}})
	if err != nil {
		t.Fatal(err)
	}
	if statuses[0].Lock != utec.LockLocked {
		t.Errorf("duplicate answer: the first should count, got %s", statuses[0].Lock)
	}
	if !errors.Is(statuses[1].Err, utec.ErrDeviceNotFound) {
		t.Errorf("missing device: %v", statuses[1].Err)
	}
}

func TestConvenienceCalls(t *testing.T) {
	t.Parallel()
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(time.Millisecond)}, nil)
	devices := devicesByID(t, f.client)
	ctx := context.Background()
	front, bulb := devices[utectest.FrontDoorID], devices[utectest.BulbID]
	calls := []func() (utec.CommandResult, error){
		func() (utec.CommandResult, error) { return f.client.Unlock(ctx, front) },
		func() (utec.CommandResult, error) { return f.client.Lock(ctx, front) },
		func() (utec.CommandResult, error) { return f.client.TurnOff(ctx, bulb) },
		func() (utec.CommandResult, error) { return f.client.TurnOn(ctx, bulb) },
		func() (utec.CommandResult, error) { return f.client.SetBrightness(ctx, bulb, 40) },
		func() (utec.CommandResult, error) { return f.client.SetColorTemperature(ctx, bulb, 2700) },
	}
	f.cloud.ResetRequests()
	for i, call := range calls {
		if r, err := call(); err != nil || r.Deferred == 0 {
			t.Errorf("call %d: %+v, %v", i, r, err)
		}
	}
	var got []string
	for _, r := range f.cloud.Requests() {
		got = append(got, r.Commands...)
	}
	want := "AA:BB:CC:DD:EE:FF st.lock.unlock,AA:BB:CC:DD:EE:FF st.lock.lock,84:F7:03:BA:A4:C2 st.switch.off," +
		"84:F7:03:BA:A4:C2 st.switch.on,84:F7:03:BA:A4:C2 st.switchLevel.setLevel,84:F7:03:BA:A4:C2 st.colorTemperature.setColorTemperature"
	if strings.Join(got, ",") != want {
		t.Errorf("commands\n got %s\nwant %s", strings.Join(got, ","), want)
	}
}
