package utectest

import (
	"encoding/json"
	"strings"
	"time"
)

// capLockUser is the capability of a lock's codes.
const capLockUser = "st.lockUser"

// fakeLockUser is one code of a fake lock.
type fakeLockUser struct {
	id       int64
	name     string
	kind     int
	password int
	// synced is set once the lock "holds" the code, a command delay after
	// it was added.
	synced bool
}

type wireLockUser struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Type       int    `json:"type"`
	Status     int    `json:"status"`
	SyncStatus int    `json:"sync_status"`
	// Password is answered only by get, in clear text, as the cloud does.
	Password int `json:"password,omitempty"`
}

func (u *fakeLockUser) wire(withCode bool) wireLockUser {
	w := wireLockUser{ID: u.id, Name: u.name, Type: u.kind, Status: 1}
	if u.synced {
		w.SyncStatus = 1
	}
	if withCode {
		w.Password = u.password
	}
	return w
}

// addedUser is the user of an st.lockUser add, as sent.
type addedUser struct {
	Name      string          `json:"name"`
	Type      int             `json:"type"`
	Password  json.Number     `json:"password"`
	DateRange []string        `json:"daterange"`
	Weeks     []int           `json:"weeks"`
	TimeRange []string        `json:"timerange"`
	Limit     json.RawMessage `json:"limit"`
}

// lockUserCommand answers one device's st.lockUser command: list and get
// at once, add and delete deferred like every command. add answers with
// no id, and its user reaches the "lock" a command delay later.
func (s *Server) lockUserCommand(ref deviceRef, q Quirks) deviceAnswer {
	fail := func(code, msg string) deviceAnswer {
		return deviceAnswer{ID: ref.ID, Error: &wireError{code, msg}}
	}
	d, failure := s.lookUpDevice(ref, q)
	switch {
	case failure != nil:
		return deviceAnswer{ID: ref.ID, Error: failure}
	case !d.online():
		return fail(codeDeviceOffline, "Device is offline and cannot accept commands")
	case !d.has(keyLockState):
		return fail(codeBadRequest, "the device does not support st.lockUser")
	}
	if s.lockUsers == nil {
		s.lockUsers = map[string][]*fakeLockUser{}
	}
	cmd := ref.Command
	switch strings.ToLower(strings.TrimSpace(cmd.Name)) {
	case "list":
		users := []wireLockUser{}
		for _, u := range s.lockUsers[d.ID] {
			users = append(users, u.wire(false))
		}
		return deviceAnswer{ID: ref.ID, Users: users}
	case "get":
		if u := s.findLockUser(d.ID, cmd.ID); u != nil {
			w := u.wire(true)
			return deviceAnswer{ID: ref.ID, User: &w}
		}
		return fail(codeBadRequest, "no such user")
	case "add":
		u, problem := s.newLockUser(cmd)
		if problem != "" {
			return fail(codeBadRequest, problem)
		}
		s.lockUsers[d.ID] = append(s.lockUsers[d.ID], u)
		s.scheduleSync(u)
	case "delete":
		u := s.findLockUser(d.ID, cmd.ID)
		if u == nil {
			return fail(codeBadRequest, "no such user")
		}
		users := s.lockUsers[d.ID]
		for i := range users {
			if users[i] == u {
				s.lockUsers[d.ID] = append(users[:i:i], users[i+1:]...)
				break
			}
		}
	default:
		return fail(codeBadRequest, "unknown st.lockUser command "+cmd.Name)
	}
	return deviceAnswer{ID: ref.ID, States: []wireState{{
		Capability: spellCapability("st.deferredResponse", q),
		Name:       "seconds",
		Value:      spellValue("st.deferredResponse/seconds", otherDeferredSeconds, q),
	}}}
}

// newLockUser checks an add's user: a name, a 4 to 8 digit code, and for
// a temporary user (type 2) every one of daterange, weeks, timerange and
// limit, which the cloud refuses to do without.
func (s *Server) newLockUser(cmd *commandRef) (*fakeLockUser, string) {
	raw := cmd.User
	if !hasJSON(raw) {
		// Also accepted inside arguments, where some clients put it.
		var args struct {
			User json.RawMessage `json:"user"`
		}
		_ = json.Unmarshal(cmd.Arguments, &args)
		raw = args.User
	}
	var u addedUser
	if !hasJSON(raw) || json.Unmarshal(raw, &u) != nil {
		return nil, "user is required"
	}
	code, err := u.Password.Int64()
	switch {
	case strings.TrimSpace(u.Name) == "":
		return nil, "user.name is required"
	case err != nil || code < 1000 || code > 99999999:
		return nil, "user.password must be a 4 to 8 digit number"
	case u.Type == 2 && (len(u.DateRange) != 2 || len(u.Weeks) == 0 || len(u.TimeRange) != 2 || !hasJSON(u.Limit)):
		return nil, "a temporary user needs daterange, weeks, timerange and limit"
	}
	s.nextLockUserID++
	return &fakeLockUser{id: 1000 + s.nextLockUserID, name: u.Name, kind: u.Type, password: int(code)}, ""
}

func (s *Server) findLockUser(deviceID string, rawID json.RawMessage) *fakeLockUser {
	var id json.Number
	if json.Unmarshal(rawID, &id) != nil {
		return nil
	}
	n, err := id.Int64()
	if err != nil {
		return nil
	}
	for _, u := range s.lockUsers[deviceID] {
		if u.id == n {
			return u
		}
	}
	return nil
}

// scheduleSync marks the user as on the lock after the command delay.
// The caller holds s.mu.
func (s *Server) scheduleSync(u *fakeLockUser) {
	if s.closed {
		return
	}
	id := s.nextTimerID
	s.nextTimerID++
	s.timers[id] = time.AfterFunc(s.commandDelay, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, pending := s.timers[id]; !pending {
			return
		}
		delete(s.timers, id)
		u.synced = true
	})
}

// LockUser is a code of a fake lock, as a test sees it: its code too.
type LockUser struct {
	ID     int64
	Name   string
	Kind   int
	Code   int
	Synced bool
}

// LockUsers returns the codes of the lock id.
func (s *Server) LockUsers(id string) []LockUser {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []LockUser
	for _, u := range s.lockUsers[id] {
		out = append(out, LockUser{ID: u.id, Name: u.name, Kind: u.kind, Code: u.password, Synced: u.synced})
	}
	return out
}

// SeedLockUser gives the lock id a code at once, already on the lock (the
// demo home's, tests').
func (s *Server) SeedLockUser(id, name string, kind, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lockUsers == nil {
		s.lockUsers = map[string][]*fakeLockUser{}
	}
	s.nextLockUserID++
	s.lockUsers[id] = append(s.lockUsers[id], &fakeLockUser{id: 1000 + s.nextLockUserID, name: name, kind: kind, password: code, synced: true})
}
