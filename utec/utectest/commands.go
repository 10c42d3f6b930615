package utectest

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// Deferred seconds the service answers commands with: locks take long to
// move a bolt, everything else is quick.
const (
	lockDeferredSeconds  = 20
	otherDeferredSeconds = 5
)

// passageMode is the lockMode in which a lock holds unlocked and ignores
// lock and unlock.
const passageMode = 1

// acceptCommand checks one device's command and, if valid, schedules it.
// It returns the deferred seconds to answer with. The caller holds s.mu.
func (s *Server) acceptCommand(ref deviceRef, q Quirks) (int, *wireError) {
	d, failure := s.lookUpDevice(ref, q)
	if failure != nil {
		return 0, failure
	}
	if !d.online() {
		return 0, &wireError{codeDeviceOffline, "Device is offline and cannot accept commands"}
	}
	if ref.Command == nil {
		return 0, &wireError{codeBadRequest, "command is required"}
	}
	change, seconds, problem := planCommand(d, *ref.Command)
	if problem != "" {
		return 0, &wireError{codeBadRequest, problem}
	}
	s.schedule(d, change)
	if s.deferral > 0 {
		seconds = s.deferral
	}
	return seconds, nil
}

// planCommand validates a command against a device and returns the change
// it will make, or a problem description.
func planCommand(d *fakeDevice, cmd commandRef) (change func(*fakeDevice), deferredSeconds int, problem string) {
	capability := strings.ToLower(strings.TrimSpace(cmd.Capability))
	name := strings.ToLower(strings.TrimSpace(cmd.Name))
	unsupported := "the device does not support " + cmd.Capability + "." + cmd.Name

	switch capability + "." + name {
	case "st.lock.lock", "st.lock.unlock", "st.lock.setmode":
		return planLockCommand(d, name, cmd, unsupported)

	case "st.switch.on", "st.switch.off":
		if !d.has(keySwitch) {
			return nil, 0, unsupported
		}
		return func(d *fakeDevice) { d.set(keySwitch, name) }, otherDeferredSeconds, ""

	case "st.switchlevel.setlevel":
		if !d.has(keySwitchLevel) {
			return nil, 0, unsupported
		}
		level, ok := intArgument(cmd.Arguments, "level")
		if !ok || level < 0 || level > 100 {
			return nil, 0, "arguments.level must be 0 to 100"
		}
		return func(d *fakeDevice) {
			// Level 0 switches off and, like a dimmer, keeps the last
			// brightness for the next "on".
			if level == 0 {
				d.set(keySwitch, "off")
				return
			}
			d.set(keySwitchLevel, level)
			d.set(keySwitch, "on")
		}, otherDeferredSeconds, ""

	case "st.colortemperature.setcolortemperature":
		if !d.has(keySwitchLevel) { // only lights have a colour temperature
			return nil, 0, unsupported
		}
		kelvin, ok := intArgument(cmd.Arguments, "value")
		if !ok || kelvin <= 0 {
			return nil, 0, "arguments.value must be a positive number"
		}
		return func(d *fakeDevice) { d.set(keyColorTemp, kelvin) }, otherDeferredSeconds, ""
	}
	return nil, 0, "unknown command " + cmd.Capability + "." + cmd.Name
}

// planLockCommand is planCommand for st.lock: lock, unlock (ignored in
// passage mode, as the real locks do) and setMode.
func planLockCommand(d *fakeDevice, name string, cmd commandRef, unsupported string) (change func(*fakeDevice), deferredSeconds int, problem string) {
	if !d.has(keyLockState) {
		return nil, 0, unsupported
	}
	switch name {
	case "lock", "unlock":
		target := name + "ed" // locked, unlocked
		return func(d *fakeDevice) {
			if d.intState(keyLockMode, 0) == passageMode {
				return // passage mode: the bolt stays where it is
			}
			d.set(keyLockState, target)
		}, lockDeferredSeconds, ""

	default: // setmode
		mode, ok := intArgument(cmd.Arguments, "mode")
		if !ok || mode < 0 || mode > 2 {
			return nil, 0, "arguments.mode must be 0, 1 or 2"
		}
		return func(d *fakeDevice) { d.set(keyLockMode, mode) }, otherDeferredSeconds, ""
	}
}

// intArgument reads a whole number from the arguments object, accepting a
// JSON number or a numeric string.
func intArgument(arguments json.RawMessage, name string) (int, bool) {
	var args map[string]json.RawMessage
	if json.Unmarshal(arguments, &args) != nil {
		return 0, false
	}
	raw, ok := args[name]
	if !ok {
		return 0, false
	}
	var text string
	if json.Unmarshal(raw, &text) != nil {
		text = string(raw)
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return 0, false
	}
	return int(f), true
}

// schedule carries out change after the command delay, unless by then the
// server is closed, the device is offline or set to never execute. The
// caller holds s.mu.
func (s *Server) schedule(d *fakeDevice, change func(*fakeDevice)) {
	if s.closed {
		return
	}
	id := s.nextTimerID
	s.nextTimerID++
	// The callback cannot run before the timer is stored: it needs s.mu.
	s.timers[id] = time.AfterFunc(s.commandDelay, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, pending := s.timers[id]; !pending {
			return // Close stopped it
		}
		delete(s.timers, id)
		if d.neverExecute || !d.online() {
			s.log.Debug("utectest: command not carried out", "device", d.ID)
			return
		}
		change(d)
		s.log.Debug("utectest: command carried out", "device", d.ID)
	})
}
