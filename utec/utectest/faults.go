package utectest

import (
	"net/http"
	"strconv"
)

// faultQueue holds the failures queued for the next /action requests. Each
// request takes at most one, drops first, then failures, then malformed
// bodies.
type faultQueue struct {
	drops int

	failures       int
	failStatus     int
	failRetryAfter string

	malformed       int
	malformedBody   string
	malformedStatus int

	// afterHandling counts, by "Namespace/Name", the requests that are
	// handled and then answered with afterStatus.
	afterHandling map[string]int
	afterStatus   map[string]int
}

// takeAfter reports the status to answer a handled request of call with
// instead of its answer, or 0. The caller holds s.mu.
func (q *faultQueue) takeAfter(call string) int {
	if q.afterHandling[call] <= 0 {
		return 0
	}
	q.afterHandling[call]--
	return q.afterStatus[call]
}

// fault is one injected failure, taken off the queue for one request.
type fault struct {
	kind       string // "drop", "status" or "malformed"
	status     int
	retryAfter string
	body       string
}

// take returns the next fault, or nil. The caller holds s.mu.
func (q *faultQueue) take() *fault {
	switch {
	case q.drops > 0:
		q.drops--
		return &fault{kind: "drop"}
	case q.failures > 0:
		q.failures--
		return &fault{kind: "status", status: q.failStatus, retryAfter: q.failRetryAfter}
	case q.malformed > 0:
		q.malformed--
		return &fault{kind: "malformed", status: q.malformedStatus, body: q.malformedBody}
	}
	return nil
}

// FailNext makes the next n /action requests answer HTTP status with
// {"message":"Internal server error"}, as the API gateway does in runs, and
// a Retry-After header when retryAfter is not empty. It replaces any
// failures still queued.
func (s *Server) FailNext(n int, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.failures, s.faults.failStatus, s.faults.failRetryAfter = n, status, retryAfter
}

// FailAfterHandling makes the next n /action requests of call (such as
// "Uhome.Device/Command") be handled as usual, so that a command is
// accepted and will be carried out, and then answered with HTTP status and
// {"message":"Internal server error"} instead of the real answer: the
// gateway failed after the service acted. It replaces any such failures
// still queued for call. Faults queued with FailNext, DropNext and
// MalformedNext come first.
func (s *Server) FailAfterHandling(call string, n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.afterHandling == nil {
		s.faults.afterHandling, s.faults.afterStatus = map[string]int{}, map[string]int{}
	}
	s.faults.afterHandling[call], s.faults.afterStatus[call] = n, status
}

// MalformedNext makes the next n /action requests answer HTTP 200 with
// body as it is (truncated or invalid JSON, for instance). It replaces any
// malformed answers still queued.
func (s *Server) MalformedNext(n int, body string) { s.AnswerNext(n, http.StatusOK, body) }

// AnswerNext makes the next n /action requests answer HTTP status with
// body as it is, before they are handled: an empty 200, a 204, a shape
// other clients have seen. It replaces any such answers still queued
// (MalformedNext's included).
func (s *Server) AnswerNext(n int, status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.malformed, s.faults.malformedBody, s.faults.malformedStatus = n, body, status
}

// DropNext makes the next n /action requests fail mid-answer: the
// connection gets the headers and half of the body, then is closed.
func (s *Server) DropNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.drops = n
}

// droppedBody is the answer a dropped request gets half of.
const droppedBody = `{"header":{"namespace":"Uhome.Device","name":"Query","messageId":"00000000-0000-4000-8000-000000000000","payloadVersion":"1"},"payload":{"devices":[]}}`

// serve answers with the fault.
func (f *fault) serve(w http.ResponseWriter) {
	switch f.kind {
	case "status":
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		writeJSON(w, f.status, map[string]string{"message": "Internal server error"})
	case "malformed":
		if f.status != http.StatusNoContent {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(f.status)
		if f.status != http.StatusNoContent {
			_, _ = w.Write([]byte(f.body))
		}
	case "drop":
		dropConnection(w)
	}
}

// dropConnection promises a whole body, sends half and hangs up, so the
// client sees an unexpected EOF.
func dropConnection(w http.ResponseWriter) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): abort the stream instead.
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
		strconv.Itoa(len(droppedBody)) + "\r\n\r\n" + droppedBody[:len(droppedBody)/2])
	_ = buf.Flush()
}
