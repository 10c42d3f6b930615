package utectest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// A Request is one request the server received, as recorded for tests.
type Request struct {
	Time   time.Time
	Method string
	Path   string
	// RawQuery is the URL's query string (the /authorize parameters, or a
	// GET /token's).
	RawQuery string
	// CodeChallenge is the PKCE code_challenge sent to /authorize. The fake,
	// like the real service, ignores it.
	CodeChallenge string

	// Namespace, Name and MessageID come from an /action request's header.
	Namespace string
	Name      string
	MessageID string
	// DeviceIDs are the ids in payload.devices, in order.
	DeviceIDs []string
	// Commands are the commands sent, as "id capability.name".
	Commands []string
	// CustomData maps a device id to the customData sent with it,
	// compacted.
	CustomData map[string]string

	// HasBearer says the Authorization header carried a Bearer token;
	// HasBodyToken that the body's "authentication" object did.
	HasBearer    bool
	HasBodyToken bool
	UserAgent    string
	// Body is the request body as received, nothing redacted.
	Body []byte
}

// Stats counts the requests the server received.
type Stats struct {
	// Authorizes counts /authorize requests.
	Authorizes int
	// Exchanges and Refreshes count /token requests by grant_type,
	// failed ones included.
	Exchanges int
	Refreshes int
	// Actions counts /action requests, including those answered by an
	// injected fault.
	Actions int
	// Calls counts /action requests by "Namespace/Name" as sent, for every
	// request whose header could be read.
	Calls map[string]int
}

// Requests returns every request received since the start or the last
// [Server.ResetRequests], oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// ResetRequests forgets the recorded requests and zeroes the [Stats], so a
// test can count from here.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
	s.stats = Stats{Calls: map[string]int{}}
}

// Stats returns the request counts.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Calls = maps.Clone(s.stats.Calls)
	return st
}

// describeRequest builds the record of a request whose body has been read.
func describeRequest(r *http.Request, body []byte, now time.Time) Request {
	rec := Request{
		Time:          now,
		Method:        r.Method,
		Path:          r.URL.Path,
		RawQuery:      r.URL.RawQuery,
		UserAgent:     r.UserAgent(),
		Body:          body,
		HasBearer:     bearerToken(r) != "",
		CodeChallenge: r.URL.Query().Get("code_challenge"),
	}
	if r.URL.Path == "/action" {
		describeAction(&rec, body)
	}
	return rec
}

// describeAction fills in what can be read from an /action body; it is
// lenient because malformed bodies are recorded too.
func describeAction(rec *Request, body []byte) {
	var env actionEnvelope
	if json.Unmarshal(body, &env) != nil {
		return
	}
	rec.Namespace, rec.Name, rec.MessageID = env.Header.Namespace, env.Header.Name, env.Header.MessageID
	rec.HasBodyToken = env.Authentication != nil && env.Authentication.Token != ""
	var p devicesPayload
	if json.Unmarshal(env.Payload, &p) != nil {
		return
	}
	for _, d := range p.Devices {
		rec.DeviceIDs = append(rec.DeviceIDs, d.ID)
		if hasJSON(d.CustomData) {
			if rec.CustomData == nil {
				rec.CustomData = map[string]string{}
			}
			rec.CustomData[d.ID] = compactJSON(d.CustomData)
		}
		if d.Command != nil {
			rec.Commands = append(rec.Commands, d.ID+" "+d.Command.Capability+"."+d.Command.Name)
		}
	}
}

// bearerToken returns the token of an "Authorization: Bearer T" header.
func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}
