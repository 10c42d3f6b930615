package utectest

import (
	"maps"
	"slices"
	"time"
)

// SetQuirks changes the quirks at run time: change receives the current
// ones to edit.
func (s *Server) SetQuirks(change func(*Quirks)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(&s.quirks)
}

// SetState changes a state as if a person had used the device (turned the
// thumb-turn, pressed the switch). Capability and name may be in any case;
// the value is stored normalised (see [Server.State]). Setting
// st.healthCheck/status is the same as [Server.SetOnline]. It panics on an
// unknown device id.
func (s *Server) SetState(id, capability, name string, value any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.device(id).set(stateKey(capability, name), value)
}

// SetOnline takes a device online or offline. Offline devices refuse
// commands and Query answers their last states with status Offline.
// It panics on an unknown device id.
func (s *Server) SetOnline(id string, online bool) {
	status := "offline"
	if online {
		status = "online"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.device(id).set(keyHealth, status)
}

// State returns a copy of a device's current states, or nil for an unknown
// id. Keys are "capability/name" in the live spelling, such as
// "st.lock/lockState", "st.healthCheck/status", "st.batteryLevel/level",
// "st.switch/switch", "st.switchLevel/level", "st.lock/lockMode",
// "st.doorSensor/sensorState" and "st.colorTemperature/colorTemperature";
// unknown capabilities and names are lowercased. String values are
// lowercase ("locked", "online", "on"), whole numbers are int.
func (s *Server) State(id string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.home.byID[id]
	if !ok {
		return nil
	}
	return maps.Clone(d.states)
}

// NeverExecute makes a device accept commands (with the usual deferred
// answer) but never carry them out, as field reports describe for some
// locks; false restores normal behaviour. Commands still pending when it is
// switched on are dropped too. It panics on an unknown device id.
func (s *Server) NeverExecute(id string, never bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.device(id).neverExecute = never
}

// SetLockMode sets a lock's st.lock/lockMode at once: 0 normal, 1 passage
// (lock and unlock are accepted but ignored), 2 locked. It panics on an
// unknown device id.
func (s *Server) SetLockMode(id string, mode int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.device(id).set(keyLockMode, mode)
}

// SetCommandDelay sets how long later commands take to be carried out.
func (s *Server) SetCommandDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commandDelay = d
}

// SetDeferral makes later commands answer st.deferredResponse with
// seconds (0: the service's usual 20 s for locks, 5 s for the rest), as a
// cloud that knows how long its device takes. With SetCommandDelay of the
// same length it plays a device that is done just when the cloud said.
func (s *Server) SetDeferral(seconds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deferral = max(seconds, 0)
}

// SetLatency makes every request (OAuth ones too) wait d before it is
// handled. A request whose client gives up meanwhile is dropped.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetPathLatency makes requests to one path ("/token", "/action" or
// "/authorize") wait d more before they are handled, for example to hold a
// refresh in flight while a test kills its client.
func (s *Server) SetPathLatency(path string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pathLatency == nil {
		s.pathLatency = map[string]time.Duration{}
	}
	s.pathLatency[path] = d
}

// Waiting returns how many requests are in a latency wait now.
func (s *Server) Waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waiting
}

// ExpireAccessTokens makes every access token issued so far expired:
// /action answers INVALID_TOKEN (in HTTP 200) until the client refreshes.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens.expireAccess()
}

// RevokeRefreshTokens makes every refresh token issued so far fail with
// invalid_grant, so the user has to sign in again.
func (s *Server) RevokeRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens.refresh)
}

// DenyNextAuthorize makes the next valid /authorize request redirect with
// ?error=errCode&error_description=description&state=... instead of a code,
// as when the user declines.
func (s *Server) DenyNextAuthorize(errCode, description string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextDenial = &authDenial{code: errCode, description: description}
}

// Notifications returns the webhook URLs registered with
// Uhome.Configure/Set, oldest first.
func (s *Server) Notifications() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.notifications)
}

// device returns a device by id for the controls. The caller holds s.mu.
func (s *Server) device(id string) *fakeDevice {
	d, ok := s.home.byID[id]
	if !ok {
		panic("utectest: unknown device id " + id)
	}
	return d
}
