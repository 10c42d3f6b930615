package utectest

import (
	"encoding/json"
	"strings"
)

// devicesPayload is the payload of Query and Command requests.
type devicesPayload struct {
	Devices []deviceRef `json:"devices"`
}

// deviceRef is one device of a Query or Command request.
type deviceRef struct {
	ID         string          `json:"id"`
	CustomData json.RawMessage `json:"customData"`
	Command    *commandRef     `json:"command"`
}

type commandRef struct {
	Capability string          `json:"capability"`
	Name       string          `json:"name"`
	Arguments  json.RawMessage `json:"arguments"`
	// User and ID are st.lockUser's fields, at the command's top level.
	User json.RawMessage `json:"user"`
	ID   json.RawMessage `json:"id"`
}

// discoveredDevice is one device of a Discovery answer. Exactly one of
// Category and Type is set.
type discoveredDevice struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Category   string          `json:"category,omitempty"`
	Type       string          `json:"type,omitempty"`
	HandleType string          `json:"handleType"`
	DeviceInfo deviceInfo      `json:"deviceInfo"`
	Attributes map[string]any  `json:"attributes,omitempty"`
	CustomData json.RawMessage `json:"customData,omitempty"`
}

type deviceInfo struct {
	Manufacturer string `json:"manufacturer"`
	Model        string `json:"model"`
	HWVersion    string `json:"hwVersion"`
}

// deviceAnswer is one device of a Query or Command answer: states, or an
// error and no states.
type deviceAnswer struct {
	ID     string      `json:"id"`
	States []wireState `json:"states,omitempty"`
	Error  *wireError  `json:"error,omitempty"`
	// Users and User answer st.lockUser list and get.
	Users []wireLockUser `json:"users,omitempty"`
	User  *wireLockUser  `json:"user,omitempty"`
}

type devicesAnswer struct {
	Devices []deviceAnswer `json:"devices"`
}

// deviceDiscovery answers Uhome.Device/Discovery with the whole home.
func (s *Server) deviceDiscovery(call actionCall) any {
	devices := make([]discoveredDevice, 0, len(s.home.devices))
	for _, d := range s.home.devices {
		dd := discoveredDevice{
			ID:         d.ID,
			Name:       d.Name,
			Category:   d.Category,
			HandleType: d.HandleType,
			DeviceInfo: deviceInfo{Manufacturer: d.Manufacturer, Model: d.Model, HWVersion: d.HWVersion},
			Attributes: d.Attributes,
			CustomData: d.CustomData,
		}
		if call.quirks.TypeKey && d.TypeKey {
			dd.Type, dd.Category = d.Category, ""
		}
		devices = append(devices, dd)
	}
	return map[string]any{"devices": devices}
}

// deviceQuery answers Uhome.Device/Query. An offline device still answers
// its states (the cloud's last knowledge, with status Offline), as the real
// service does.
func (s *Server) deviceQuery(call actionCall) any {
	var p devicesPayload
	if err := json.Unmarshal(call.payload, &p); err != nil || p.Devices == nil {
		return badRequest("payload.devices is required")
	}
	answer := devicesAnswer{Devices: make([]deviceAnswer, 0, len(p.Devices))}
	for _, ref := range p.Devices {
		d, failure := s.lookUpDevice(ref, call.quirks)
		if failure != nil {
			answer.Devices = append(answer.Devices, deviceAnswer{ID: ref.ID, Error: failure})
			continue
		}
		states := make([]wireState, 0, len(d.stateOrder))
		for _, key := range d.stateOrder {
			states = append(states, wireStateOf(key, d.states[key], call.quirks))
		}
		answer.Devices = append(answer.Devices, deviceAnswer{ID: ref.ID, States: states})
	}
	return answer
}

// deviceCommand answers Uhome.Device/Command: each valid command is
// accepted with a deferred answer and carried out after the command delay.
func (s *Server) deviceCommand(call actionCall) any {
	var p devicesPayload
	if err := json.Unmarshal(call.payload, &p); err != nil || p.Devices == nil {
		return badRequest("payload.devices is required")
	}
	answer := devicesAnswer{Devices: make([]deviceAnswer, 0, len(p.Devices))}
	for _, ref := range p.Devices {
		if ref.Command != nil && strings.EqualFold(strings.TrimSpace(ref.Command.Capability), capLockUser) {
			answer.Devices = append(answer.Devices, s.lockUserCommand(ref, call.quirks))
			continue
		}
		deferred, failure := s.acceptCommand(ref, call.quirks)
		if failure != nil {
			answer.Devices = append(answer.Devices, deviceAnswer{ID: ref.ID, Error: failure})
			continue
		}
		answer.Devices = append(answer.Devices, deviceAnswer{ID: ref.ID, States: []wireState{{
			Capability: spellCapability("st.deferredResponse", call.quirks),
			Name:       "seconds",
			Value:      spellValue("st.deferredResponse/seconds", deferred, call.quirks),
		}}})
	}
	return answer
}

// lookUpDevice finds a requested device and checks its customData.
func (s *Server) lookUpDevice(ref deviceRef, q Quirks) (*fakeDevice, *wireError) {
	d, ok := s.home.byID[ref.ID]
	if !ok {
		return nil, &wireError{codeDeviceNotFound, "Device not found"}
	}
	if q.RequireCustomData && d.customDataCompact != "" &&
		(!hasJSON(ref.CustomData) || compactJSON(ref.CustomData) != d.customDataCompact) {
		return nil, &wireError{codeBadRequest, "customData is missing or does not match the device"}
	}
	return d, nil
}
