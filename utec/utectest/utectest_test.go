package utectest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAuthorizeRedirectsWithCode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		quirk     bool
		wantParam string
		otherOne  string
	}{
		{"documented authorization_code", true, "authorization_code", "code"},
		{"plain code", false, "code", "authorization_code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t, WithQuirks(Quirks{AuthorizationCodeParam: tc.quirk}))
			q := authorizeQuery(loopbackRedirect+"?keep=1", "state-42")
			q.Set("code_challenge", "challenge-abc")
			q.Set("code_challenge_method", "S256")

			status, location, body := authorize(t, srv, q)
			if status != http.StatusFound || location == nil {
				t.Fatalf("status %d, body %q; want 302", status, body)
			}
			got := location.Query()
			if location.Host != "127.0.0.1:9501" || location.Path != "/callback" || got.Get("keep") != "1" {
				t.Errorf("redirected to %s, want the redirect_uri with its query kept", location)
			}
			if got.Get(tc.wantParam) == "" || got.Has(tc.otherOne) {
				t.Errorf("redirect query %v: want %s and no %s", got, tc.wantParam, tc.otherOne)
			}
			if got.Get("state") != "state-42" {
				t.Errorf("state = %q, want state-42", got.Get("state"))
			}
			if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].CodeChallenge != "challenge-abc" {
				t.Errorf("recorded %+v, want one request with the code challenge", reqs)
			}
			// The code is bound to the redirect URI it was issued for.
			code := got.Get(tc.wantParam)
			if status, body := postToken(t, srv, exchangeForm(code, loopbackRedirect+"?keep=1")); status != http.StatusOK {
				t.Errorf("exchange = %d %v", status, body)
			}
		})
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	t.Parallel()
	const registered = "http://localhost:9501/callback"
	for _, tc := range []struct {
		name       string
		registered []string
		change     func(q url.Values)
		wantStatus int
		wantText   string // in the HTML page
		wantError  string // in the redirect
	}{
		{"wrong client id", nil, func(q url.Values) { q.Set("client_id", "nope") }, 400, "Invalid client id", ""},
		{"missing redirect", nil, func(q url.Values) { q.Del("redirect_uri") }, 400, "Invalid redirect uri", ""},
		{"not loopback", nil, func(q url.Values) { q.Set("redirect_uri", "https://example.com/cb") }, 400, "A redirect URI must be supplied", ""},
		{"https loopback", nil, func(q url.Values) { q.Set("redirect_uri", "https://127.0.0.1:9501/cb") }, 400, "Invalid redirect uri", ""},
		{"other port than registered", []string{registered}, func(q url.Values) { q.Set("redirect_uri", "http://localhost:9502/callback") }, 400, "Invalid redirect uri", ""},
		{"registered exactly", []string{registered}, func(q url.Values) { q.Set("redirect_uri", registered) }, 302, "", ""},
		{"localhost any port", nil, func(q url.Values) { q.Set("redirect_uri", "http://localhost:61000/cb") }, 302, "", ""},
		{"scope without openapi", nil, func(q url.Values) { q.Set("scope", "profile") }, 302, "", "invalid_scope"},
		{"response_type token", nil, func(q url.Values) { q.Set("response_type", "token") }, 302, "", "unsupported_response_type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t, WithRedirectURIs(tc.registered...))
			q := authorizeQuery(loopbackRedirect, "st")
			tc.change(q)
			status, location, body := authorize(t, srv, q)
			if status != tc.wantStatus {
				t.Fatalf("status %d, want %d (body %q)", status, tc.wantStatus, body)
			}
			if tc.wantText != "" && !strings.Contains(body, tc.wantText) {
				t.Errorf("page %q does not say %q", body, tc.wantText)
			}
			if status == http.StatusFound {
				if got := location.Query().Get("error"); got != tc.wantError {
					t.Errorf("redirect error = %q, want %q (%s)", got, tc.wantError, location)
				}
				if location.Query().Get("state") != "st" {
					t.Errorf("redirect %s lost the state", location)
				}
			}
		})
	}
}

func TestDenyNextAuthorize(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	srv.DenyNextAuthorize("access_denied", "The user said no")

	_, location, _ := authorize(t, srv, authorizeQuery(loopbackRedirect, "s9"))
	q := location.Query()
	if q.Get("error") != "access_denied" || q.Get("error_description") != "The user said no" || q.Get("state") != "s9" {
		t.Errorf("denied redirect = %s", location)
	}
	if q.Has("code") || q.Has("authorization_code") {
		t.Errorf("denied redirect carries a code: %s", location)
	}
	if code := authorizeCode(t, srv, loopbackRedirect); code == "" {
		t.Error("the denial applied twice")
	}
	if got := srv.Stats().Authorizes; got != 2 {
		t.Errorf("Authorizes = %d, want 2", got)
	}
}

func TestTokenExchange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		wrapped bool
		method  string
	}{
		{"wrapped POST", true, http.MethodPost},
		{"flat POST", false, http.MethodPost},
		{"wrapped GET like the docs", true, http.MethodGet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			q := DefaultQuirks()
			q.WrappedToken = tc.wrapped
			srv := NewForTest(t, WithQuirks(q))
			form := exchangeForm(authorizeCode(t, srv, loopbackRedirect), loopbackRedirect)

			var status int
			var body map[string]any
			if tc.method == http.MethodGet {
				resp, err := http.Get(srv.URL() + "/token?" + form.Encode())
				if err != nil {
					t.Fatal(err)
				}
				status, body = decodeResponse(t, resp)
			} else {
				status, body = postToken(t, srv, form)
			}
			if status != http.StatusOK {
				t.Fatalf("status %d: %v", status, body)
			}
			_, hasData := body["data"]
			if hasData != tc.wrapped || (tc.wrapped && body["code"] != float64(200)) {
				t.Errorf("answer %v: wrapped = %v, want %v", body, hasData, tc.wrapped)
			}
			fields := tokenFields(body)
			access, _ := fields["access_token"].(string)
			refresh, _ := fields["refresh_token"].(string)
			if len(access) < 32 || len(refresh) < 32 || access == refresh {
				t.Errorf("tokens %q / %q: want two distinct strings of 32+ characters", access, refresh)
			}
			if fields["token_type"] != "Bearer" || fields["expires_in"] != float64(601200) || fields["scope"] != "openapi" {
				t.Errorf("token fields = %v", fields)
			}
			if status, reply := call(t, srv, access, "Uhome.User", "Get", map[string]any{}); status != 200 || payloadError(reply) != "" {
				t.Errorf("the new access token does not work: %d %v", status, reply)
			}
			// Codes work once.
			status, body = postToken(t, srv, form)
			if !strings.Contains(toJSON(body), "invalid_grant") {
				t.Errorf("second exchange = %d %v, want invalid_grant", status, body)
			}
			if got := srv.Stats().Exchanges; got != 2 {
				t.Errorf("Exchanges = %d, want 2", got)
			}
		})
	}
}

func TestTokenErrors(t *testing.T) {
	t.Parallel()
	shapes := []struct {
		name   string
		quirks Quirks
		// check returns what is wrong with the answer to an error code.
		check func(status int, body map[string]any, code string) string
	}{
		{"RFC 6749", Quirks{}, func(status int, body map[string]any, code string) string {
			want := http.StatusBadRequest
			if code == "invalid_client" {
				want = http.StatusUnauthorized
			}
			if status != want || body["error"] != code || body["error_description"] == "" {
				return "want HTTP " + http.StatusText(want) + " with error " + code
			}
			return ""
		}},
		{"in HTTP 200", Quirks{TokenErrorsIn200: true}, func(status int, body map[string]any, code string) string {
			if status != http.StatusOK || body["message"] != code || body["code"] == float64(200) {
				return "want HTTP 200 with message " + code
			}
			return ""
		}},
		{"in HTTP 200 data", Quirks{TokenErrorsIn200: true, TokenErrorsInData: true}, func(status int, body map[string]any, code string) string {
			data, _ := body["data"].(map[string]any)
			msg, _ := data["message"].(string)
			if status != http.StatusOK || !strings.HasPrefix(msg, code) {
				return "want HTTP 200 with data.message " + code
			}
			return ""
		}},
	}
	cases := []struct {
		name   string
		change func(form url.Values)
		want   string
	}{
		{"wrong secret", func(f url.Values) { f.Set("client_secret", "wrong") }, "invalid_client"},
		{"secret missing", func(f url.Values) { f.Del("client_secret") }, "invalid_client"},
		{"unknown code", func(f url.Values) { f.Set("code", "nope") }, "invalid_grant"},
		{"other redirect_uri", func(f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:1/x") }, "invalid_grant"},
		{"unknown refresh token", func(f url.Values) {
			f.Set("grant_type", "refresh_token")
			f.Set("refresh_token", "nope")
		}, "invalid_grant"},
		{"password grant", func(f url.Values) { f.Set("grant_type", "password") }, "unsupported_grant_type"},
	}
	for _, shape := range shapes {
		for _, tc := range cases {
			t.Run(shape.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				srv := NewForTest(t, WithQuirks(shape.quirks))
				form := exchangeForm(authorizeCode(t, srv, loopbackRedirect), loopbackRedirect)
				tc.change(form)
				status, body := postToken(t, srv, form)
				if _, ok := tokenFields(body)["access_token"]; ok {
					t.Fatalf("got tokens: %v", body)
				}
				if problem := shape.check(status, body, tc.want); problem != "" {
					t.Errorf("answer %d %v: %s", status, body, problem)
				}
			})
		}
	}
}

func TestRefresh(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		quirks      Quirks
		revoke      bool
		wantNew     bool // a different refresh token comes back
		wantSame    bool // the same refresh token comes back
		oldWorks    bool
		wantFailure bool
	}{
		{"rotation", Quirks{RotateRefreshTokens: true}, false, true, false, false, false},
		{"no rotation", Quirks{}, false, false, true, true, false},
		{"omitted", Quirks{OmitRefreshToken: true, RotateRefreshTokens: true}, false, false, false, true, false},
		{"revoked", Quirks{RotateRefreshTokens: true}, true, false, false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t, WithQuirks(tc.quirks))
			_, oldRefresh := signIn(t, srv)
			if tc.revoke {
				srv.RevokeRefreshTokens()
			}
			status, body := postToken(t, srv, refreshForm(oldRefresh))
			fields := tokenFields(body)
			if tc.wantFailure {
				if status != http.StatusBadRequest || body["error"] != "invalid_grant" {
					t.Errorf("refresh = %d %v, want invalid_grant", status, body)
				}
				return
			}
			access, _ := fields["access_token"].(string)
			newRefresh, hasRefresh := fields["refresh_token"].(string)
			if status != http.StatusOK || access == "" {
				t.Fatalf("refresh = %d %v", status, body)
			}
			if got := hasRefresh && newRefresh != oldRefresh; got != tc.wantNew {
				t.Errorf("new refresh token = %v, want %v", got, tc.wantNew)
			}
			if got := hasRefresh && newRefresh == oldRefresh; got != tc.wantSame {
				t.Errorf("same refresh token = %v, want %v", got, tc.wantSame)
			}
			if _, reply := call(t, srv, access, "Uhome.User", "Get", map[string]any{}); payloadError(reply) != "" {
				t.Errorf("refreshed access token refused: %v", reply)
			}
			status, _ = postToken(t, srv, refreshForm(oldRefresh))
			if got := status == http.StatusOK; got != tc.oldWorks {
				t.Errorf("old refresh token works = %v, want %v", got, tc.oldWorks)
			}
			if tc.wantNew {
				if status, body := postToken(t, srv, refreshForm(newRefresh)); status != http.StatusOK {
					t.Errorf("rotated refresh token refused: %d %v", status, body)
				}
			}
			if got := srv.Stats().Refreshes; got < 2 {
				t.Errorf("Refreshes = %d, want every attempt counted", got)
			}
		})
	}
}

func TestAccessTokenTTL(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t, WithAccessTokenTTL(80*time.Millisecond), WithQuirks(Quirks{}))
	code := authorizeCode(t, srv, loopbackRedirect)
	_, body := postToken(t, srv, exchangeForm(code, loopbackRedirect))
	if body["expires_in"] != float64(1) {
		t.Errorf("expires_in = %v, want 1 (rounded up)", body["expires_in"])
	}
	access, _ := body["access_token"].(string)
	if _, reply := call(t, srv, access, "Uhome.User", "Get", map[string]any{}); payloadError(reply) != "" {
		t.Fatalf("fresh token refused: %v", reply)
	}
	time.Sleep(100 * time.Millisecond)
	if _, reply := call(t, srv, access, "Uhome.User", "Get", map[string]any{}); payloadError(reply) != "INVALID_TOKEN" {
		t.Errorf("expired token answer = %v, want INVALID_TOKEN", reply)
	}
}

func TestActionAuthentication(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// prepare returns the header token and the body token to send.
		prepare func(srv *Server) (header, body string)
		want    string
	}{
		{"bearer header", func(srv *Server) (string, string) { a, _ := srv.IssueTokens(); return a, "" }, ""},
		{"body authentication", func(srv *Server) (string, string) { a, _ := srv.IssueTokens(); return "", a }, ""},
		{"no token", func(*Server) (string, string) { return "", "" }, "INVALID_TOKEN"},
		{"unknown token", func(*Server) (string, string) { return "made-up-token", "" }, "INVALID_TOKEN"},
		{"expired token", func(srv *Server) (string, string) {
			a, _ := srv.IssueTokens()
			srv.ExpireAccessTokens()
			return a, ""
		}, "INVALID_TOKEN"},
		{"token issued after expiry", func(srv *Server) (string, string) {
			srv.IssueTokens()
			srv.ExpireAccessTokens()
			a, _ := srv.IssueTokens()
			return a, ""
		}, ""},
		{"logged out", func(srv *Server) (string, string) {
			a, _ := srv.IssueTokens()
			if resp, err := postAction(context.Background(), srv, a, envelope("Uhome.User", "Logout", "m", map[string]any{})); err == nil {
				resp.Body.Close()
			}
			return a, ""
		}, "INVALID_TOKEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t)
			header, bodyToken := tc.prepare(srv)
			var env map[string]any
			_ = json.Unmarshal(envelope("Uhome.Device", "Discovery", "m-1", map[string]any{}), &env)
			if bodyToken != "" {
				env["authentication"] = map[string]string{"type": "Bearer", "token": bodyToken}
			}
			resp, err := postAction(context.Background(), srv, header, []byte(toJSON(env)))
			if err != nil {
				t.Fatal(err)
			}
			status, reply := decodeResponse(t, resp)
			if status != http.StatusOK || payloadError(reply) != tc.want {
				t.Errorf("answer %d %v, want HTTP 200 with error %q", status, reply, tc.want)
			}
		})
	}
}

func TestActionBadRequests(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	for _, tc := range []struct {
		name       string
		body       string
		wantStatus int
	}{
		{"unknown name", string(envelope("Uhome.Device", "Explode", "m", map[string]any{})), 200},
		{"unknown namespace", string(envelope("Uhome.Garden", "Query", "m", map[string]any{})), 200},
		{"query without devices", string(envelope("Uhome.Device", "Query", "m", map[string]any{})), 200},
		{"command without devices", string(envelope("Uhome.Device", "Command", "m", nil)), 200},
		{"configure without url", string(envelope("Uhome.Configure", "Set", "m", map[string]any{})), 200},
		{"malformed JSON", `{"header": {"namespace": "Uhome.Device",`, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, err := postAction(context.Background(), srv, access, []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			status, reply := decodeResponse(t, resp)
			if status != tc.wantStatus || payloadError(reply) != "BAD-REQUEST" {
				t.Errorf("answer %d %v, want %d with BAD-REQUEST", status, reply, tc.wantStatus)
			}
		})
	}
}

func TestReplyHeader(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		quirks   Quirks
		echo     bool
		wantsKey string
	}{
		{"echo, payloadVersion", Quirks{EchoMessageID: true}, true, "payloadVersion"},
		{"fresh id, playloadVersion", Quirks{PlayloadVersion: true}, false, "playloadVersion"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t, WithQuirks(tc.quirks))
			access, _ := srv.IssueTokens()
			_, reply := call(t, srv, access, "Uhome.Device", "Discovery", map[string]any{})
			header, _ := reply["header"].(map[string]any)
			if header["namespace"] != "Uhome.Device" || header["name"] != "Discovery" || header[tc.wantsKey] != "1" {
				t.Errorf("header = %v, want namespace, name and %s 1", header, tc.wantsKey)
			}
			id, _ := header["messageId"].(string)
			if (id == "msg-1") != tc.echo || id == "" {
				t.Errorf("messageId = %q, echo wanted: %v", id, tc.echo)
			}
		})
	}
}

func TestUserGet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		snake      bool
		first, not string
	}{
		{true, "first_name", "firstName"},
		{false, "firstName", "first_name"},
	} {
		srv := NewForTest(t, WithQuirks(Quirks{FirstNameSnake: tc.snake}))
		access, _ := srv.IssueTokens()
		_, reply := call(t, srv, access, "Uhome.User", "Get", map[string]any{})
		payload, _ := reply["payload"].(map[string]any)
		user, _ := payload["user"].(map[string]any)
		if id, _ := user["id"].(string); len(id) != 32 || user[tc.first] != UserFirstName || user[tc.not] != nil {
			t.Errorf("snake %v: user = %v", tc.snake, user)
		}
	}
}

func TestDiscovery(t *testing.T) {
	t.Parallel()
	for _, typeKey := range []bool{false, true} {
		q := DefaultQuirks()
		q.TypeKey = typeKey
		srv := NewForTest(t, WithQuirks(q))
		access, _ := srv.IssueTokens()
		_, reply := call(t, srv, access, "Uhome.Device", "Discovery", map[string]any{})
		devices := answeredDevices(t, reply)
		wantIDs := []string{FrontDoorID, BackDoorID, BulbID, PlugID, GarageID}
		if len(devices) != len(wantIDs) {
			t.Fatalf("%d devices, want %d", len(devices), len(wantIDs))
		}
		for i, d := range devices {
			if d["id"] != wantIDs[i] {
				t.Errorf("device %d is %v, want %s", i, d["id"], wantIDs[i])
			}
			if i == 3 && typeKey {
				if d["type"] != "SmartPlug" || d["category"] != nil {
					t.Errorf("with TypeKey the plug is %v, want type SmartPlug and no category", d)
				}
			} else if d["category"] == nil || d["type"] != nil {
				t.Errorf("device %v should have a category and no type", d)
			}
		}
		front := devices[0]
		info, _ := front["deviceInfo"].(map[string]any)
		attrs, _ := front["attributes"].(map[string]any)
		battery, _ := attrs["batteryLevelRange"].(map[string]any)
		if front["name"] != "Front Door" || front["handleType"] != "utec-lock-sensor" || info["model"] != "Bolt-NFC-W" ||
			battery["min"] != float64(1) || battery["max"] != float64(5) {
			t.Errorf("front door = %v", front)
		}
		var wantCustomData any
		_ = json.Unmarshal([]byte(frontDoorCustomData), &wantCustomData)
		if !reflect.DeepEqual(front["customData"], wantCustomData) {
			t.Errorf("customData = %v, want %s", front["customData"], frontDoorCustomData)
		}
		if _, ok := devices[1]["customData"]; ok {
			t.Errorf("back door has customData: %v", devices[1])
		}
	}
}

func TestQuerySpelling(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                                string
		quirks                              Quirks
		lockCap, lockValue, batteryCap, hcv string
		battery                             any
	}{
		{"live", Quirks{LiveCase: true}, "st.lock", "Locked", "st.batteryLevel", "Online", float64(4)},
		{"docs", Quirks{}, "st.Lock", "locked", "st.BatteryLevel", "online", float64(4)},
		{"live with numeric strings", Quirks{LiveCase: true, NumericStrings: true}, "st.lock", "Locked", "st.batteryLevel", "Online", "4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t, WithQuirks(tc.quirks))
			access, _ := srv.IssueTokens()
			_, reply := call(t, srv, access, "Uhome.Device", "Query", devicesPayloadOf(ref(FrontDoorID)))
			front := answeredDevices(t, reply)[0]
			if c, v, _ := stateOf(front, "st.lock", "lockState"); c != tc.lockCap || v != tc.lockValue {
				t.Errorf("lockState = %s %v, want %s %s", c, v, tc.lockCap, tc.lockValue)
			}
			if c, v, _ := stateOf(front, "st.batteryLevel", "level"); c != tc.batteryCap || v != tc.battery {
				t.Errorf("battery = %s %#v, want %s %#v", c, v, tc.batteryCap, tc.battery)
			}
			if _, v, _ := stateOf(front, "st.healthCheck", "status"); v != tc.hcv {
				t.Errorf("status = %v, want %s", v, tc.hcv)
			}
			if _, v, ok := stateOf(front, "st.doorSensor", "sensorState"); !ok || !strings.EqualFold(v.(string), "closed") {
				t.Errorf("door sensor = %v", v)
			}
		})
	}
}

func TestQueryCustomData(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		require    bool
		customData any // nil: not sent
		wantError  string
	}{
		{"echoed", true, json.RawMessage(frontDoorCustomData), ""},
		{"echoed with other spacing", true, json.RawMessage(`{ "lockId": 1001,  "hub": "h-1" }`), ""},
		{"missing", true, nil, "BAD-REQUEST"},
		{"different", true, map[string]any{"lockId": 1002, "hub": "h-1"}, "BAD-REQUEST"},
		{"reordered keys", true, json.RawMessage(`{"hub":"h-1","lockId":1001}`), "BAD-REQUEST"},
		{"missing but not required", false, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t, WithQuirks(Quirks{RequireCustomData: tc.require}))
			access, _ := srv.IssueTokens()
			front := map[string]any{"id": FrontDoorID}
			if tc.customData != nil {
				front["customData"] = tc.customData
			}
			_, reply := call(t, srv, access, "Uhome.Device", "Query", devicesPayloadOf(front, ref(BackDoorID)))
			devices := answeredDevices(t, reply)
			if got := deviceError(devices[0]); got != tc.wantError {
				t.Errorf("front door error = %q, want %q (%v)", got, tc.wantError, devices[0])
			}
			if tc.wantError != "" && devices[0]["states"] != nil {
				t.Errorf("an error answer has states: %v", devices[0])
			}
			if deviceError(devices[1]) != "" {
				t.Errorf("back door (no customData) refused: %v", devices[1])
			}
			rec := srv.Requests()[0]
			if tc.customData != nil && rec.CustomData[FrontDoorID] == "" {
				t.Errorf("customData not recorded: %+v", rec)
			}
		})
	}
}

func TestQueryOfflineAndUnknown(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	_, reply := call(t, srv, access, "Uhome.Device", "Query", devicesPayloadOf(ref(GarageID), ref("00:00:00:00:00:00")))
	devices := answeredDevices(t, reply)
	if _, v, _ := stateOf(devices[0], "st.healthCheck", "status"); v != "Offline" {
		t.Errorf("garage status = %v, want Offline", v)
	}
	if _, v, _ := stateOf(devices[0], "st.switch", "switch"); v != "on" {
		t.Errorf("garage switch = %v, want its last known on", v)
	}
	if deviceError(devices[1]) != "DEVICE_NOT_FOUND" || devices[1]["id"] != "00:00:00:00:00:00" {
		t.Errorf("unknown device = %v, want DEVICE_NOT_FOUND", devices[1])
	}
}

func TestCommandIsDeferred(t *testing.T) {
	t.Parallel()
	const delay = 60 * time.Millisecond
	for _, tc := range []struct {
		name        string
		command     map[string]any
		wantSeconds any
		key         string
		before      any
		after       any
	}{
		{"unlock", commandFor(FrontDoorID, "st.lock", "unlock", nil), "20", keyLockState, "locked", "unlocked"},
		{"lock in any case", commandFor(BackDoorID, "ST.LOCK", "Unlock", nil), "20", keyLockState, "locked", "unlocked"},
		{"set mode", commandFor(BackDoorID, "st.lock", "setMode", map[string]any{"mode": 2}), "5", keyLockMode, 0, 2},
		{"plug on", commandFor(PlugID, "st.switch", "on", nil), "5", keySwitch, "off", "on"},
		{"dim", commandFor(BulbID, "st.switchLevel", "setLevel", map[string]any{"level": 30}), "5", keySwitchLevel, 60, 30},
		{"dim to zero", commandFor(BulbID, "st.switchLevel", "setLevel", map[string]any{"level": "0"}), "5", keySwitch, "on", "off"},
		{"colour temperature", commandFor(BulbID, "st.colorTemperature", "setColorTemperature", map[string]any{"value": 2700}), "5", keyColorTemp, nil, 2700},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t, WithCommandDelay(delay))
			access, _ := srv.IssueTokens()
			id := tc.command["id"].(string)
			_, reply := call(t, srv, access, "Uhome.Device", "Command", devicesPayloadOf(tc.command))
			answer := answeredDevices(t, reply)[0]
			if c, v, ok := stateOf(answer, "st.deferredResponse", "seconds"); !ok || c != "st.deferredResponse" || v != tc.wantSeconds {
				t.Errorf("answer %v, want st.deferredResponse seconds %v", answer, tc.wantSeconds)
			}
			// Accepted is not done: the state has not moved yet.
			if got := srv.State(id)[tc.key]; got != tc.before {
				t.Errorf("right after the command %s = %v, want still %v", tc.key, got, tc.before)
			}
			waitFor(t, 2*time.Second, tc.key+" to change", func() bool { return srv.State(id)[tc.key] == tc.after })
		})
	}
}

func TestCommandNotCarriedOut(t *testing.T) {
	t.Parallel()
	const delay = 20 * time.Millisecond
	for _, tc := range []struct {
		name    string
		prepare func(srv *Server)
		after   func(srv *Server) // between acceptance and the delay
	}{
		{"never execute", func(srv *Server) { srv.NeverExecute(FrontDoorID, true) }, nil},
		{"passage mode", func(srv *Server) { srv.SetLockMode(FrontDoorID, 1) }, nil},
		{"offline before the delay", nil, func(srv *Server) { srv.SetOnline(FrontDoorID, false) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := NewForTest(t, WithCommandDelay(delay))
			access, _ := srv.IssueTokens()
			if tc.prepare != nil {
				tc.prepare(srv)
			}
			_, reply := call(t, srv, access, "Uhome.Device", "Command",
				devicesPayloadOf(commandFor(FrontDoorID, "st.lock", "unlock", nil)))
			if answer := answeredDevices(t, reply)[0]; deviceError(answer) != "" {
				t.Fatalf("command refused: %v", answer)
			}
			if tc.after != nil {
				tc.after(srv)
			}
			time.Sleep(4 * delay)
			if got := srv.State(FrontDoorID)[keyLockState]; got != "locked" {
				t.Errorf("lockState = %v, want still locked", got)
			}
		})
	}
}

func TestCommandRefusals(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	for _, tc := range []struct {
		name    string
		command map[string]any
		want    string
	}{
		{"offline", commandFor(GarageID, "st.switch", "on", nil), "DEVICE_OFFLINE"},
		{"unknown device", commandFor("00:00:00:00:00:01", "st.switch", "on", nil), "DEVICE_NOT_FOUND"},
		{"unknown command", commandFor(PlugID, "st.switch", "toggle", nil), "BAD-REQUEST"},
		{"lock a lamp", commandFor(BulbID, "st.lock", "lock", nil), "BAD-REQUEST"},
		{"dim a plug", commandFor(PlugID, "st.switchLevel", "setLevel", map[string]any{"level": 10}), "BAD-REQUEST"},
		{"level out of range", commandFor(BulbID, "st.switchLevel", "setLevel", map[string]any{"level": 150}), "BAD-REQUEST"},
		{"level missing", commandFor(BulbID, "st.switchLevel", "setLevel", nil), "BAD-REQUEST"},
		{"mode out of range", commandFor(BackDoorID, "st.lock", "setMode", map[string]any{"mode": 7}), "BAD-REQUEST"},
		{"no command", ref(PlugID), "BAD-REQUEST"},
		{"customData missing", map[string]any{"id": FrontDoorID, "command": map[string]any{"capability": "st.lock", "name": "lock"}}, "BAD-REQUEST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, reply := call(t, srv, access, "Uhome.Device", "Command", devicesPayloadOf(tc.command))
			answer := answeredDevices(t, reply)[0]
			if deviceError(answer) != tc.want || answer["states"] != nil {
				t.Errorf("answer %v, want error %s and no states", answer, tc.want)
			}
		})
	}
	// The offline message is the one captured from the live service.
	_, reply := call(t, srv, access, "Uhome.Device", "Command", devicesPayloadOf(commandFor(GarageID, "st.switch", "on", nil)))
	if e := answeredDevices(t, reply)[0]["error"].(map[string]any); e["message"] != "Device is offline and cannot accept commands" {
		t.Errorf("offline message = %v", e["message"])
	}
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	srv.FailNext(2, http.StatusServiceUnavailable, "7")
	body := envelope("Uhome.Device", "Discovery", "m", map[string]any{})
	for i := range 3 {
		resp, err := postAction(context.Background(), srv, access, body)
		if err != nil {
			t.Fatal(err)
		}
		retryAfter := resp.Header.Get("Retry-After")
		status, reply := decodeResponse(t, resp)
		if i < 2 && (status != 503 || retryAfter != "7" || reply["message"] != "Internal server error") {
			t.Errorf("request %d: %d %q %v, want the injected 503", i, status, retryAfter, reply)
		}
		if i == 2 && (status != 200 || payloadError(reply) != "") {
			t.Errorf("request after the failures: %d %v", status, reply)
		}
	}
	if st := srv.Stats(); st.Actions != 3 || st.Calls["Uhome.Device/Discovery"] != 3 {
		t.Errorf("stats = %+v, want the failed requests counted", st)
	}
}

func TestFailAfterHandling(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t, WithCommandDelay(0))
	access, _ := srv.IssueTokens()
	srv.FailAfterHandling("Uhome.Device/Command", 1, http.StatusBadGateway)
	// Another call is not affected.
	if status, reply := call(t, srv, access, "Uhome.Device", "Discovery", map[string]any{}); status != 200 || payloadError(reply) != "" {
		t.Fatalf("Discovery: %d %v", status, reply)
	}
	status, reply := call(t, srv, access, "Uhome.Device", "Command", devicesPayloadOf(commandFor(PlugID, "st.switch", "on", nil)))
	if status != http.StatusBadGateway || reply["message"] != "Internal server error" {
		t.Errorf("Command: %d %v, want the injected 502", status, reply)
	}
	// The service acted all the same.
	waitFor(t, 2*time.Second, "the plug to turn on", func() bool { return srv.State(PlugID)[keySwitch] == "on" })
	if status, _ := call(t, srv, access, "Uhome.Device", "Command", devicesPayloadOf(commandFor(PlugID, "st.switch", "off", nil))); status != 200 {
		t.Errorf("the second Command got %d, want 200 (one failure was queued)", status)
	}
}

func TestMalformedNext(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	const truncated = `{"header":{"namespace":"Uhome.Device","na`
	srv.MalformedNext(1, truncated)
	resp, err := postAction(context.Background(), srv, access, envelope("Uhome.Device", "Discovery", "m", map[string]any{}))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(raw) != truncated {
		t.Errorf("answer %d %q, want 200 with the malformed body", resp.StatusCode, raw)
	}
	if _, reply := call(t, srv, access, "Uhome.Device", "Discovery", map[string]any{}); payloadError(reply) != "" {
		t.Errorf("the fault applied twice: %v", reply)
	}
}

func TestDropNext(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	srv.DropNext(1)
	resp, err := postAction(context.Background(), srv, access, envelope("Uhome.Device", "Discovery", "m", map[string]any{}))
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("dropped request error = %v, want unexpected EOF", err)
	}
	if _, reply := call(t, srv, access, "Uhome.Device", "Discovery", map[string]any{}); payloadError(reply) != "" {
		t.Errorf("request after the drop: %v", reply)
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	const latency = 150 * time.Millisecond
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	srv.SetLatency(latency)
	body := envelope("Uhome.User", "Get", "m", map[string]any{})

	start := time.Now()
	resp, err := postAction(context.Background(), srv, access, body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if took := time.Since(start); took < latency {
		t.Errorf("request took %v, want at least %v", took, latency)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start = time.Now()
	if resp, err := postAction(ctx, srv, access, body); err == nil {
		resp.Body.Close()
		t.Error("a request cancelled during the latency succeeded")
	}
	if took := time.Since(start); took >= latency {
		t.Errorf("cancelled request took %v", took)
	}
}

func TestRequestsAndStats(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	call(t, srv, access, "Uhome.Device", "Discovery", map[string]any{})
	call(t, srv, access, "Uhome.Device", "Query", devicesPayloadOf(ref(FrontDoorID), ref(BulbID)))
	call(t, srv, access, "Uhome.Device", "Command", devicesPayloadOf(commandFor(PlugID, "st.switch", "on", nil)))

	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests recorded, want 3", len(reqs))
	}
	q := reqs[1]
	if q.Method != "POST" || q.Path != "/action" || q.Namespace != "Uhome.Device" || q.Name != "Query" ||
		q.MessageID != "msg-1" || !q.HasBearer || q.HasBodyToken || q.UserAgent != "utectest-test/1.0" ||
		len(q.Body) == 0 || q.Time.IsZero() {
		t.Errorf("query request = %+v", q)
	}
	if strings.Join(q.DeviceIDs, ",") != FrontDoorID+","+BulbID || q.CustomData[FrontDoorID] != frontDoorCustomData {
		t.Errorf("query devices = %v, customData %v", q.DeviceIDs, q.CustomData)
	}
	if cmds := reqs[2].Commands; len(cmds) != 1 || cmds[0] != PlugID+" st.switch.on" {
		t.Errorf("commands = %v", cmds)
	}
	st := srv.Stats()
	if st.Actions != 3 || st.Calls["Uhome.Device/Query"] != 1 || st.Calls["Uhome.Device/Command"] != 1 || st.Exchanges != 0 {
		t.Errorf("stats = %+v", st)
	}

	srv.ResetRequests()
	if len(srv.Requests()) != 0 || srv.Stats().Actions != 0 || len(srv.Stats().Calls) != 0 {
		t.Errorf("after ResetRequests: %v, %+v", srv.Requests(), srv.Stats())
	}
}

func TestConfigureSet(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()
	payload := map[string]any{"configure": map[string]any{"notification": map[string]any{
		"access_token": "webhook-secret", "url": "https://example.com/hook"}}}
	status, reply := call(t, srv, access, "Uhome.Configure", "Set", payload)
	if list, ok := reply["payload"].([]any); status != 200 || !ok || len(list) != 0 {
		t.Errorf("answer %d %v, want payload []", status, reply)
	}
	if got := srv.Notifications(); len(got) != 1 || got[0] != "https://example.com/hook" {
		t.Errorf("notifications = %v", got)
	}
}

func TestControls(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t)
	access, _ := srv.IssueTokens()

	srv.SetState(FrontDoorID, "ST.LOCK", "LOCKSTATE", "Unlocked")
	srv.SetState(FrontDoorID, "st.BatteryLevel", "level", "1")
	srv.SetOnline(GarageID, true)
	state := srv.State(FrontDoorID)
	if state["st.lock/lockState"] != "unlocked" || state["st.batteryLevel/level"] != 1 || state["st.healthCheck/status"] != "online" {
		t.Errorf("state = %v", state)
	}
	if srv.State("nope") != nil {
		t.Error("State of an unknown device is not nil")
	}

	_, reply := call(t, srv, access, "Uhome.Device", "Query", devicesPayloadOf(ref(FrontDoorID), ref(GarageID)))
	devices := answeredDevices(t, reply)
	if _, v, _ := stateOf(devices[0], "st.lock", "lockState"); v != "Unlocked" {
		t.Errorf("queried lockState = %v", v)
	}
	if _, v, _ := stateOf(devices[1], "st.healthCheck", "status"); v != "Online" {
		t.Errorf("garage status = %v after SetOnline", v)
	}

	srv.SetQuirks(func(q *Quirks) { q.LiveCase = false })
	_, reply = call(t, srv, access, "Uhome.Device", "Query", devicesPayloadOf(ref(FrontDoorID)))
	if c, v, _ := stateOf(answeredDevices(t, reply)[0], "st.lock", "lockState"); c != "st.Lock" || v != "unlocked" {
		t.Errorf("after SetQuirks lockState = %s %v", c, v)
	}

	defer func() {
		if recover() == nil {
			t.Error("SetState on an unknown device did not panic")
		}
	}()
	srv.SetState("nope", "st.switch", "switch", "on")
}

func TestLargeHome(t *testing.T) {
	t.Parallel()
	srv := NewForTest(t, WithExtraDevices(100))
	access, _ := srv.IssueTokens()
	_, reply := call(t, srv, access, "Uhome.Device", "Discovery", map[string]any{})
	devices := answeredDevices(t, reply)
	if len(devices) != 105 {
		t.Fatalf("%d devices, want 105", len(devices))
	}
	if devices[5+6]["name"] != "Device 007" {
		t.Errorf("device 7 = %v", devices[11])
	}
	refs := make([]map[string]any, len(devices))
	for i, d := range devices {
		refs[i] = ref(d["id"].(string))
	}
	_, reply = call(t, srv, access, "Uhome.Device", "Query", devicesPayloadOf(refs...))
	for _, d := range answeredDevices(t, reply) {
		if deviceError(d) != "" && d["id"] != GarageID {
			t.Errorf("device %v", d)
		}
	}

	own := NewForTest(t, WithDevices(GeneratedDevices(3)))
	if got := own.State("02:00:00:00:00:02")[keySwitchLevel]; got != 3 {
		t.Errorf("generated light level = %v", got)
	}
	if own.State(FrontDoorID) != nil {
		t.Error("WithDevices kept the sample home")
	}
}

func TestConcurrentUseAndClose(t *testing.T) {
	t.Parallel()
	srv := New(WithCommandDelay(time.Millisecond))
	access, _ := srv.IssueTokens()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				body := envelope("Uhome.Device", "Query", "m", devicesPayloadOf(ref(FrontDoorID), ref(BulbID)))
				if (i+j)%2 == 0 {
					body = envelope("Uhome.Device", "Command", "m", devicesPayloadOf(commandFor(BulbID, "st.switch", "off", nil)))
				}
				if resp, err := postAction(context.Background(), srv, access, body); err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				srv.SetState(BulbID, "st.switch", "switch", "on")
				_ = srv.State(BulbID)
				_ = srv.Stats()
			}
		}()
	}
	wg.Wait()
	srv.SetCommandDelay(time.Hour) // leave a command pending at Close
	if resp, err := postAction(context.Background(), srv, access,
		envelope("Uhome.Device", "Command", "m", devicesPayloadOf(commandFor(PlugID, "st.switch", "on", nil)))); err == nil {
		resp.Body.Close()
	}
	srv.Close()
	srv.Close()
	if _, err := http.Get(srv.URL() + "/action"); err == nil {
		t.Error("the server still answers after Close")
	}
	if got := srv.State(PlugID)[keySwitch]; got != "off" {
		t.Errorf("a command pending at Close ran: %v", got)
	}
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
