package utectest

import (
	"encoding/json"
	"net/http"
	"time"
)

// actionEnvelope is the body of every /action request.
type actionEnvelope struct {
	Header         actionHeader    `json:"header"`
	Authentication *authentication `json:"authentication"`
	Payload        json.RawMessage `json:"payload"`
}

type actionHeader struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	MessageID string `json:"messageId"`
}

// authentication is the documented alternative to the Authorization header.
type authentication struct {
	Type  string `json:"type"`
	Token string `json:"token"`
}

// replyHeader is an answer's header. Exactly one of the version fields is
// set, depending on [Quirks.PlayloadVersion].
type replyHeader struct {
	Namespace       string `json:"namespace"`
	Name            string `json:"name"`
	MessageID       string `json:"messageId"`
	PayloadVersion  string `json:"payloadVersion,omitempty"`
	PlayloadVersion string `json:"playloadVersion,omitempty"`
}

type actionReply struct {
	Header  *replyHeader `json:"header,omitempty"`
	Payload any          `json:"payload"`
}

// wireError is a payload-level or per-device error.
type wireError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errorPayload is a payload holding only an error.
type errorPayload struct {
	Error wireError `json:"error"`
}

// Error codes the fake answers with.
const (
	codeInvalidToken   = "INVALID_TOKEN"
	codeBadRequest     = "BAD-REQUEST"
	codeDeviceOffline  = "DEVICE_OFFLINE"
	codeDeviceNotFound = "DEVICE_NOT_FOUND"
)

// actionCall is one authenticated request being answered. Handlers run
// with s.mu held and return the payload to send.
type actionCall struct {
	header  actionHeader
	token   string
	payload json.RawMessage
	quirks  Quirks
	now     time.Time
}

// actionHandlers maps "Namespace/Name" to what answers it.
var actionHandlers = map[string]func(*Server, actionCall) any{
	"Uhome.User/Get":         (*Server).userGet,
	"Uhome.User/Logout":      (*Server).userLogout,
	"Uhome.Device/Discovery": (*Server).deviceDiscovery,
	"Uhome.Device/Query":     (*Server).deviceQuery,
	"Uhome.Device/Command":   (*Server).deviceCommand,
	"Uhome.Configure/Set":    (*Server).configureSet,
}

// handleAction answers POST /action: injected faults first, then the
// envelope, the token and the interface.
func (s *Server) handleAction(w http.ResponseWriter, r *http.Request, body []byte, rec Request) {
	s.mu.Lock()
	s.stats.Actions++
	if rec.Namespace != "" || rec.Name != "" {
		s.stats.Calls[rec.Namespace+"/"+rec.Name]++
	}
	fault := s.faults.take()
	quirks := s.quirks
	s.mu.Unlock()

	if fault != nil {
		s.log.Info("utectest: injecting fault", "kind", fault.kind)
		fault.serve(w)
		return
	}
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"message": "Method Not Allowed"})
		return
	}

	var env actionEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		writeJSON(w, http.StatusBadRequest, actionReply{Payload: errorPayload{wireError{codeBadRequest, "Malformed request body: " + err.Error()}}})
		return
	}

	call := actionCall{header: env.Header, payload: env.Payload, quirks: quirks, now: time.Now()}
	call.token = bearerToken(r)
	if call.token == "" && env.Authentication != nil {
		call.token = env.Authentication.Token
	}

	s.mu.Lock()
	var payload any
	switch handler, known := actionHandlers[env.Header.Namespace+"/"+env.Header.Name]; {
	case !s.tokens.accessValid(call.token, call.now):
		payload = errorPayload{wireError{codeInvalidToken, "The access token is invalid, expired, or malformed."}}
	case !known:
		payload = errorPayload{wireError{codeBadRequest, "Unknown namespace or name: " + env.Header.Namespace + "/" + env.Header.Name}}
	default:
		payload = handler(s, call)
	}
	after := s.faults.takeAfter(env.Header.Namespace + "/" + env.Header.Name)
	s.mu.Unlock()

	if after != 0 {
		s.log.Info("utectest: injecting a failure after handling", "status", after)
		writeJSON(w, after, map[string]string{"message": "Internal server error"})
		return
	}

	writeJSON(w, http.StatusOK, actionReply{Header: replyHeaderFor(env.Header, quirks), Payload: payload})
}

// replyHeaderFor builds the answer's header for a request's.
func replyHeaderFor(h actionHeader, q Quirks) *replyHeader {
	reply := &replyHeader{Namespace: h.Namespace, Name: h.Name, MessageID: h.MessageID}
	if !q.EchoMessageID || reply.MessageID == "" {
		reply.MessageID = randomUUID()
	}
	if q.PlayloadVersion {
		reply.PlayloadVersion = "1"
	} else {
		reply.PayloadVersion = "1"
	}
	return reply
}

// badRequest is the payload of a request the fake cannot make sense of.
func badRequest(message string) errorPayload {
	return errorPayload{wireError{codeBadRequest, message}}
}

// hasJSON reports whether a raw JSON field was sent with a non-null value.
func hasJSON(raw json.RawMessage) bool {
	return len(raw) > 0 && string(raw) != "null"
}
