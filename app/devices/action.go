package devices

import (
	"fmt"

	"github.com/utec-tray/utec-tray/utec"
)

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
		return fmt.Sprintf("%s is %s.", d.Name, Describe(d, &out.Status))
	}
	st := &out.Status
	switch {
	case out.LastErr == nil && st.DeviceID == "":
		// The command was accepted, and the time ran out before the device
		// could be asked (a tiny --timeout): there is no error to show.
		return fmt.Sprintf("%s did not confirm it would %s within the time allowed (the command was sent).", d.Name, a.goal())
	case out.Queries == 0 || (st.DeviceID == "" && out.LastErr != nil):
		return fmt.Sprintf("%s did not confirm it would %s: the cloud could not be asked (%v).", d.Name, a.goal(), out.LastErr)
	case st.Lock == utec.LockJammed:
		return fmt.Sprintf("%s did not %s: it is jammed.", d.Name, a.goal())
	case st.Passage():
		return fmt.Sprintf("%s did not %s: it is in passage mode, which ignores lock and unlock.", d.Name, a.goal())
	case st.Online != nil && !*st.Online:
		return fmt.Sprintf("%s did not %s: it is offline.", d.Name, a.goal())
	}
	return fmt.Sprintf("%s did not %s in time: it still reports %s.", d.Name, a.goal(), Describe(d, st))
}
