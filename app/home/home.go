// Package home is what the tray and the command line share about a
// person's devices: finding a device by name, the actions a person takes
// (lock, unlock, on, off, brightness), and the words that describe states
// and outcomes. It needs no window and no network.
package home

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/utec-tray/utec-tray/utec"
)

// Find returns the device whose id or name is nameOrID, compared without
// regard to case. An id wins over a name; two devices with the same name
// are an error that lists them.
func Find(devices []utec.Device, nameOrID string) (utec.Device, error) {
	want := strings.TrimSpace(nameOrID)
	for _, d := range devices {
		if strings.EqualFold(d.ID, want) {
			return d, nil
		}
	}
	var matches []utec.Device
	for _, d := range devices {
		if strings.EqualFold(strings.TrimSpace(d.Name), want) {
			matches = append(matches, d)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		names := make([]string, 0, len(devices))
		for _, d := range devices {
			names = append(names, fmt.Sprintf("%q", d.Name))
		}
		if len(names) == 0 {
			return utec.Device{}, fmt.Errorf("no device named %q: the account exposes no devices to the API (choose them in the U-home app's OpenAPI screen)", want)
		}
		return utec.Device{}, fmt.Errorf("no device named %q; the devices are %s", want, strings.Join(names, ", "))
	default:
		ids := make([]string, len(matches))
		for i, d := range matches {
			ids[i] = d.ID
		}
		return utec.Device{}, fmt.Errorf("%d devices are named %q: use an id instead (%s)", len(matches), want, strings.Join(ids, ", "))
	}
}

// Action is something a person asks a device to do.
type Action struct {
	Verb    Verb
	Percent int // for Brightness
}

// Verb names an action.
type Verb string

// The actions of the tray and the command line.
const (
	Lock       Verb = "lock"
	Unlock     Verb = "unlock"
	On         Verb = "on"
	Off        Verb = "off"
	Brightness Verb = "brightness"
)

// Command returns the cloud command of the action.
func (a Action) Command() utec.Command {
	switch a.Verb {
	case Lock:
		return utec.Lock()
	case Unlock:
		return utec.Unlock()
	case On:
		return utec.TurnOn()
	case Off:
		return utec.TurnOff()
	default:
		return utec.SetBrightness(a.Percent)
	}
}

// Fits reports whether the action makes sense for the device, and if not,
// why, in words for the person.
func (a Action) Fits(d *utec.Device) error {
	kind := d.Kind()
	switch a.Verb {
	case Lock, Unlock:
		if kind != utec.KindLock {
			return fmt.Errorf("%s is a %s, not a lock: use on or off", d.Name, kind)
		}
	case On, Off:
		if kind == utec.KindLock {
			return fmt.Errorf("%s is a lock: use lock or unlock", d.Name)
		}
	case Brightness:
		if !d.Dimmable() {
			return fmt.Errorf("%s cannot be dimmed", d.Name)
		}
		if a.Percent < 0 || a.Percent > 100 {
			return fmt.Errorf("brightness %d%% is out of range: use 0 to 100", a.Percent)
		}
	default:
		return fmt.Errorf("unknown action %q", a.Verb)
	}
	return nil
}

// Pending is the label while the action is under way: "Locking…".
func (a Action) Pending() string {
	switch a.Verb {
	case Lock:
		return "Locking…"
	case Unlock:
		return "Unlocking…"
	case On:
		return "Turning on…"
	case Off:
		return "Turning off…"
	default:
		return fmt.Sprintf("Setting %d%%…", a.Percent)
	}
}

// goal is the state the action aims for, as a phrase: "lock", "turn on".
func (a Action) goal() string {
	switch a.Verb {
	case Lock, Unlock:
		return string(a.Verb)
	case On, Off:
		return "turn " + string(a.Verb)
	default:
		return fmt.Sprintf("go to %d%%", a.Percent)
	}
}

// Result describes how an action ended, in one sentence for a person:
// "Front Door is locked." or "Front Door did not lock: it is jammed.".
func Result(d *utec.Device, a Action, out utec.Outcome) string {
	if out.Reached {
		return fmt.Sprintf("%s is %s.", d.Name, StateWords(d, &out.Status))
	}
	st := &out.Status
	switch {
	case out.Queries == 0 || (st.DeviceID == "" && out.LastErr != nil):
		return fmt.Sprintf("%s did not confirm it would %s: the cloud could not be asked (%v).", d.Name, a.goal(), out.LastErr)
	case st.Lock == utec.LockJammed:
		return fmt.Sprintf("%s did not %s: it is jammed.", d.Name, a.goal())
	case st.Passage():
		return fmt.Sprintf("%s did not %s: it is in passage mode, which ignores lock and unlock.", d.Name, a.goal())
	case st.Online != nil && !*st.Online:
		return fmt.Sprintf("%s did not %s: it is offline.", d.Name, a.goal())
	}
	return fmt.Sprintf("%s did not %s in time: it still reports %s.", d.Name, a.goal(), StateWords(d, st))
}

// StateWords is the main state of a device in a few words: "locked",
// "unlocked, door open", "on at 60%", "off", "offline".
func StateWords(d *utec.Device, st *utec.Status) string {
	var parts []string
	switch d.Kind() {
	case utec.KindLock:
		if st.Lock != "" {
			parts = append(parts, string(st.Lock))
		}
		if st.Door == utec.DoorOpen {
			parts = append(parts, "door open")
		}
		if st.Passage() {
			parts = append(parts, "passage mode")
		}
	default:
		switch {
		case st.On != nil && *st.On && st.Brightness != nil && d.Dimmable():
			parts = append(parts, fmt.Sprintf("on at %d%%", *st.Brightness))
		case st.On != nil && *st.On:
			parts = append(parts, "on")
		case st.On != nil:
			parts = append(parts, "off")
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "state unknown")
	}
	return strings.Join(parts, ", ")
}

// Sorted returns devices in the person's order: those in order first, in
// that order, then the rest by name.
func Sorted(devices []utec.Device, order []string) []utec.Device {
	rank := make(map[string]int, len(order))
	for i, id := range order {
		if _, dup := rank[id]; !dup {
			rank[id] = i
		}
	}
	out := slices.Clone(devices)
	slices.SortStableFunc(out, func(a, b utec.Device) int {
		ra, oka := rank[a.ID]
		rb, okb := rank[b.ID]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}

// ErrorText says in words for a person what went wrong with a device's
// command or a poll, and what to do next. name may be empty.
func ErrorText(name string, err error) string {
	var he *utec.HTTPError
	var te *utec.TokenError
	var netErr net.Error
	subject := "The device"
	if name != "" {
		subject = name
	}
	switch {
	case errors.Is(err, utec.ErrDeviceOffline):
		return subject + " is offline and cannot take commands. Check its power and Wi-Fi or hub."
	case errors.Is(err, utec.ErrReauthRequired), errors.Is(err, ErrSignInNeeded):
		return "Sign-in needed: choose Sign in from the tray menu."
	case errors.Is(err, utec.ErrUnauthorized):
		return "U-Tec refused the sign-in. Choose Sign in from the tray menu if this persists."
	case errors.Is(err, utec.ErrDeviceNotFound):
		return subject + " is no longer shared with this app. Check the OpenAPI screen of the U-home app."
	case errors.Is(err, context.DeadlineExceeded):
		return "U-Tec's cloud did not answer in time. Check the network connection; it will be tried again."
	case errors.As(err, &he) && he.StatusCode == 429:
		return "U-Tec's cloud asks to slow down. It will be tried again shortly."
	case errors.As(err, &he) && he.StatusCode >= 500:
		return fmt.Sprintf("U-Tec's cloud is having trouble (HTTP %d). It will be tried again.", he.StatusCode)
	case errors.As(err, &he):
		return "U-Tec's cloud sent an answer this app cannot read. It will be tried again."
	case errors.As(err, &te) && te.Temporary():
		return "U-Tec's sign-in service is having trouble. It will be tried again."
	case errors.As(err, &netErr):
		return "Could not reach U-Tec's cloud. Check the network connection; it will be tried again."
	}
	return err.Error()
}

// ErrSignInNeeded is matched by errors that mean the person has to sign
// in; session.ErrSignInNeeded wraps it.
var ErrSignInNeeded = errors.New("sign-in needed")
