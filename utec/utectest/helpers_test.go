package utectest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// loopbackRedirect is the redirect URI the tests use; any loopback URI is
// accepted when none is registered.
const loopbackRedirect = "http://127.0.0.1:9501/callback"

// frontDoorCustomData is the sample Front Door's customData as a client
// would echo it (spaced differently from the original on purpose).
const frontDoorCustomData = `{"lockId":1001,"hub":"h-1"}`

// noRedirects is a client that shows redirects instead of following them.
var noRedirects = &http.Client{
	Timeout:       5 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func authorizeQuery(redirectURI, state string) url.Values {
	return url.Values{
		"response_type": {"code"},
		"client_id":     {ClientID},
		"redirect_uri":  {redirectURI},
		"scope":         {"openapi"},
		"state":         {state},
	}
}

// authorize GETs /authorize and returns the status, the Location header
// and the body.
func authorize(t *testing.T, srv *Server, q url.Values) (int, *url.URL, string) {
	t.Helper()
	resp, err := noRedirects.Get(srv.URL() + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatalf("GET /authorize: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var location *url.URL
	if loc := resp.Header.Get("Location"); loc != "" {
		if location, err = url.Parse(loc); err != nil {
			t.Fatalf("bad Location %q: %v", loc, err)
		}
	}
	return resp.StatusCode, location, string(body)
}

// authorizeCode runs /authorize and returns the code from the redirect,
// under whichever parameter name it came.
func authorizeCode(t *testing.T, srv *Server, redirectURI string) string {
	t.Helper()
	status, location, body := authorize(t, srv, authorizeQuery(redirectURI, "s1"))
	if status != http.StatusFound || location == nil {
		t.Fatalf("/authorize = %d %q, want a redirect", status, body)
	}
	q := location.Query()
	if code := q.Get("authorization_code") + q.Get("code"); code != "" {
		return code
	}
	t.Fatalf("no code in redirect %s", location)
	return ""
}

// postToken POSTs a form to /token and returns the status and decoded body.
func postToken(t *testing.T, srv *Server, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(srv.URL()+"/token", form)
	if err != nil {
		t.Fatalf("POST /token: %v", err)
	}
	return decodeResponse(t, resp)
}

func exchangeForm(code, redirectURI string) url.Values {
	return url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {redirectURI},
		"client_id":     {ClientID},
		"client_secret": {ClientSecret},
	}
}

func refreshForm(refreshToken string) url.Values {
	return url.Values{
		"grant_type":    {"refresh_token"},
		"refresh_token": {refreshToken},
		"client_id":     {ClientID},
		"client_secret": {ClientSecret},
	}
}

// tokenFields returns the token answer's fields, unwrapping {"code","data"}.
func tokenFields(body map[string]any) map[string]any {
	if data, ok := body["data"].(map[string]any); ok {
		return data
	}
	return body
}

// signIn runs the whole code flow and returns the tokens.
func signIn(t *testing.T, srv *Server) (access, refresh string) {
	t.Helper()
	code := authorizeCode(t, srv, loopbackRedirect)
	status, body := postToken(t, srv, exchangeForm(code, loopbackRedirect))
	fields := tokenFields(body)
	access, _ = fields["access_token"].(string)
	refresh, _ = fields["refresh_token"].(string)
	if status != http.StatusOK || access == "" || refresh == "" {
		t.Fatalf("exchange = %d %v", status, body)
	}
	return access, refresh
}

func decodeResponse(t *testing.T, resp *http.Response) (int, map[string]any) {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read answer: %v", err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json (body %s)", ct, raw)
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("answer %d is not a JSON object: %v: %s", resp.StatusCode, err, raw)
	}
	return resp.StatusCode, body
}

// envelope builds an /action body.
func envelope(namespace, name, messageID string, payload any) []byte {
	body, err := json.Marshal(map[string]any{
		"header":  map[string]string{"namespace": namespace, "name": name, "messageId": messageID, "payloadVersion": "1"},
		"payload": payload,
	})
	if err != nil {
		panic(err)
	}
	return body
}

// postAction POSTs a raw body to /action with the token as a Bearer header
// (none if empty).
func postAction(ctx context.Context, srv *Server, token string, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/action", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "utectest-test/1.0")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return http.DefaultClient.Do(req)
}

// call sends one interface request and returns the status and answer.
func call(t *testing.T, srv *Server, token, namespace, name string, payload any) (int, map[string]any) {
	t.Helper()
	resp, err := postAction(context.Background(), srv, token, envelope(namespace, name, "msg-1", payload))
	if err != nil {
		t.Fatalf("POST /action: %v", err)
	}
	return decodeResponse(t, resp)
}

// payloadError returns payload.error.code, or "".
func payloadError(reply map[string]any) string {
	payload, _ := reply["payload"].(map[string]any)
	e, _ := payload["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// answeredDevices returns payload.devices, failing when absent.
func answeredDevices(t *testing.T, reply map[string]any) []map[string]any {
	t.Helper()
	payload, _ := reply["payload"].(map[string]any)
	list, ok := payload["devices"].([]any)
	if !ok {
		t.Fatalf("no payload.devices in %v", reply)
	}
	devices := make([]map[string]any, len(list))
	for i, d := range list {
		devices[i], _ = d.(map[string]any)
	}
	return devices
}

// deviceError returns a per-device error code, or "".
func deviceError(device map[string]any) string {
	e, _ := device["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// stateOf finds a state in a device answer, comparing without case, and
// returns its capability as spelt and its value.
func stateOf(device map[string]any, capability, name string) (spelt string, value any, ok bool) {
	states, _ := device["states"].([]any)
	for _, s := range states {
		st, _ := s.(map[string]any)
		c, _ := st["capability"].(string)
		n, _ := st["name"].(string)
		if strings.EqualFold(c, capability) && strings.EqualFold(n, name) {
			return c, st["value"], true
		}
	}
	return "", nil, false
}

// ref is a device reference for Query and Command, with the Front Door's
// customData echoed.
func ref(id string) map[string]any {
	r := map[string]any{"id": id}
	if id == FrontDoorID {
		r["customData"] = json.RawMessage(frontDoorCustomData)
	}
	return r
}

// commandFor is a Command payload device.
func commandFor(id, capability, name string, arguments any) map[string]any {
	r := ref(id)
	cmd := map[string]any{"capability": capability, "name": name}
	if arguments != nil {
		cmd["arguments"] = arguments
	}
	r["command"] = cmd
	return r
}

func devicesPayloadOf(refs ...map[string]any) map[string]any {
	return map[string]any{"devices": refs}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
