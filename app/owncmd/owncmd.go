// Package owncmd lets the command line tell the tray running on the same
// computer what it did, so that a command given with `utec-tray unlock`
// counts as this computer's: no "unlocked by someone else" notification
// follows, and the tray shows the new state at once rather than at its
// next poll.
//
// The message travels over the tray's single-instance socket (package
// instance), which only the person's own account can reach. It is one
// line: "cmd " and a small JSON object with a version, so that a tray and
// a command line of different versions ignore what they do not
// understand rather than misread it:
//
//	cmd {"v":1,"device":"ID","verb":"unlock"}
//	cmd {"v":1,"device":"ID","verb":"unlock","done":"2026-11-30T10:41:07Z","status":{...}}
//
// The first is sent before the command (so that a poll that sees the
// change before the command line finished does not announce it), the
// second once the device confirmed, with the state it reported.
//
// The same socket carries the one wish the command line has for the
// tray's windows: "panel" (AskPanel), which opens the quick panel.
package owncmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/platform/instance"
	"github.com/utec-tray/utec-tray/utec"
)

// Version is the message format's version.
const Version = 1

// Prefix starts every command message on the instance socket.
const Prefix = "cmd "

// TrayInstance is the tray's instance name (the demo's tray has its own
// and takes no messages from the command line, which never talks to the
// demo cloud).
const TrayInstance = "utec-tray"

// maxDeviceID bounds a device ID; U-Tec's are MAC addresses or UUIDs.
const maxDeviceID = 128

// Message is one command the command line gave.
type Message struct {
	V        int          `json:"v"`
	DeviceID string       `json:"device"`
	Verb     devices.Verb `json:"verb"`
	Percent  int          `json:"percent,omitempty"`
	// Done is when the device confirmed the command; zero while it is
	// under way.
	Done time.Time `json:"done,omitzero"`
	// Status is the state the device reported when it confirmed (without
	// the raw states, to keep the message small); nil while under way.
	Status *utec.Status `json:"status,omitempty"`
}

// Action is the message's action.
func (m *Message) Action() devices.Action { return devices.Action{Verb: m.Verb, Percent: m.Percent} }

// Sent is the message that the command line is about to send a command.
func Sent(deviceID string, a devices.Action) Message {
	return Message{V: Version, DeviceID: deviceID, Verb: a.Verb, Percent: a.Percent}
}

// Confirmed is the message that the device confirmed the command at done
// and reported st.
func Confirmed(deviceID string, a devices.Action, done time.Time, st utec.Status) Message {
	m := Sent(deviceID, a)
	st.States = nil
	m.Done, m.Status = done.UTC(), &st
	return m
}

// Encode returns the message as one line for the instance socket. Every
// valid message fits (TestLongestMessageFits).
func Encode(m Message) (string, error) {
	if err := m.validate(); err != nil {
		return "", err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("owncmd: %w", err)
	}
	line := Prefix + string(b)
	if len(line) > instance.MaxMessage {
		return "", fmt.Errorf("owncmd: message of %d bytes is longer than %d", len(line), instance.MaxMessage)
	}
	return line, nil
}

// Is reports whether line is a command message (of any version).
func Is(line string) bool { return strings.HasPrefix(line, Prefix) }

// ErrVersion is returned by Parse for a message of a version it does not
// know.
var ErrVersion = errors.New("owncmd: unknown message version")

// Parse reads a command message and checks that every field makes sense.
func Parse(line string) (Message, error) {
	body, ok := strings.CutPrefix(line, Prefix)
	if !ok {
		return Message{}, errors.New("owncmd: not a command message")
	}
	if len(line) > instance.MaxMessage {
		return Message{}, errors.New("owncmd: message too long")
	}
	var m Message
	dec := json.NewDecoder(strings.NewReader(body))
	if err := dec.Decode(&m); err != nil {
		return Message{}, fmt.Errorf("owncmd: %w", err)
	}
	if dec.More() {
		return Message{}, errors.New("owncmd: trailing data after the message")
	}
	if m.V != Version {
		return Message{}, fmt.Errorf("%w %d", ErrVersion, m.V)
	}
	if err := m.validate(); err != nil {
		return Message{}, err
	}
	return m, nil
}

func (m *Message) validate() error {
	if m.DeviceID == "" || len(m.DeviceID) > maxDeviceID || strings.IndexFunc(m.DeviceID, unicode.IsControl) >= 0 {
		return fmt.Errorf("owncmd: bad device ID %.20q", m.DeviceID)
	}
	switch m.Verb {
	case devices.Lock, devices.Unlock, devices.On, devices.Off, devices.Brightness:
	default:
		return fmt.Errorf("owncmd: unknown verb %.20q", m.Verb)
	}
	if m.Percent < 0 || m.Percent > 100 {
		return fmt.Errorf("owncmd: percent %d out of range", m.Percent)
	}
	if (m.Status == nil) != m.Done.IsZero() {
		return errors.New("owncmd: a status needs the time it was confirmed, and the other way round")
	}
	if m.Status == nil {
		return nil
	}
	st := m.Status
	if st.DeviceID != m.DeviceID {
		return fmt.Errorf("owncmd: status of device %.20q in a message about %.20q", st.DeviceID, m.DeviceID)
	}
	switch st.Lock {
	case "", utec.LockLocked, utec.LockUnlocked, utec.LockJammed, utec.LockUnknown:
	default:
		return fmt.Errorf("owncmd: unknown lock state %.20q", st.Lock)
	}
	switch st.Door {
	case "", utec.DoorOpen, utec.DoorClosed, utec.DoorUnknown:
	default:
		return fmt.Errorf("owncmd: unknown door state %.20q", st.Door)
	}
	for _, pct := range []*int{st.Battery, st.Brightness} {
		if pct != nil && (*pct < 0 || *pct > 100) {
			return fmt.Errorf("owncmd: percentage %d out of range", *pct)
		}
	}
	return nil
}

// Tell sends m to the tray, if one runs for the settings folder configDir
// (getenv reads the environment), within about timeout. It is best
// effort: an error only says that no tray heard it.
func Tell(configDir string, getenv func(string) string, m Message, timeout time.Duration) error {
	line, err := Encode(m)
	if err != nil {
		return err
	}
	return instance.Send(instance.Dir(configDir, getenv), TrayInstance, line, timeout)
}
