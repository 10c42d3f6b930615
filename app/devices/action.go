package devices

import (
	"fmt"
	"github.com/utec-tray/utec-tray/app/i18n"

	"github.com/utec-tray/utec-tray/utec"
)

// Action is something a person asks a device to do.
type Action struct {
	Verb    Verb
	Percent int           // for Brightness
	Mode    utec.LockMode // for SetMode
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
	// SetMode sets a lock's mode (Normal, Passage, keypad off).
	SetMode Verb = "mode"
	// LeavePassageAndLock sets a lock in Passage mode back to Normal, and
	// once the lock confirms that, locks it: Lock alone is ignored in
	// Passage mode. Command is its first step.
	LeavePassageAndLock Verb = "leave-passage-and-lock"
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
	case SetMode:
		return utec.SetLockMode(a.Mode)
	case LeavePassageAndLock:
		return utec.SetLockMode(utec.LockModeNormal)
	default:
		return utec.SetBrightness(a.Percent)
	}
}

// Fits reports whether the action makes sense for the device, and if not,
// why, in words for the person.
func (a Action) Fits(d *utec.Device) error {
	kind := d.Kind()
	switch a.Verb {
	case Lock, Unlock, SetMode, LeavePassageAndLock:
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
		return i18n.T("pending.lock", "Locking…")
	case Unlock:
		return i18n.T("pending.unlock", "Unlocking…")
	case On:
		return i18n.T("pending.on", "Turning on…")
	case Off:
		return i18n.T("pending.off", "Turning off…")
	case SetMode:
		switch a.Mode {
		case utec.LockModeNormal:
			return i18n.T("pending.normal", "Setting Normal mode…")
		case utec.LockModePassage:
			return i18n.T("pending.passage", "Holding open…")
		case utec.LockModeLocked:
			return i18n.T("pending.keypadOff", "Turning the keypad off…")
		}
		return i18n.T("pending.mode", "Changing mode…")
	case LeavePassageAndLock:
		return i18n.T("pending.leavePassage", "Leaving Passage mode…")
	default:
		return i18n.T("pending.brightness", "Setting {{.Percent}}%…", map[string]any{"Percent": a.Percent})
	}
}

// Words names the action in a notification's title: "lock", "mode
// change", "leave Passage and lock".
func (a Action) Words() string {
	switch a.Verb {
	case SetMode:
		return "mode change"
	case LeavePassageAndLock:
		return "leave Passage and lock"
	}
	return string(a.Verb)
}

// goal is the state the action aims for, as a phrase: "lock", "turn on".
func (a Action) goal() string {
	switch a.Verb {
	case Lock, Unlock:
		return string(a.Verb)
	case On, Off:
		return "turn " + string(a.Verb)
	case SetMode:
		switch a.Mode {
		case utec.LockModeNormal:
			return "go back to Normal mode"
		case utec.LockModePassage:
			return "hold open"
		case utec.LockModeLocked:
			return "turn its keypad off"
		}
		return "change its mode"
	case LeavePassageAndLock:
		return "leave Passage mode"
	default:
		return fmt.Sprintf("go to %d%%", a.Percent)
	}
}

// Result describes how an action ended, in one sentence for a person:
// "Front Door is locked." or "Front Door did not lock: it is jammed.".
func Result(d *utec.Device, a Action, out utec.Outcome) string {
	if out.Reached {
		return i18n.T("result.reached", "{{.Name}} is {{.State}}.", map[string]any{"Name": d.Name, "State": Describe(d, &out.Status)})
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
	case st.Passage() && (a.Verb == Lock || a.Verb == Unlock):
		return fmt.Sprintf("%s did not %s: it is in Passage mode, which ignores lock and unlock.", d.Name, a.goal())
	case st.Online != nil && !*st.Online:
		return fmt.Sprintf("%s did not %s: it is offline.", d.Name, a.goal())
	}
	return fmt.Sprintf("%s did not %s in time: it still reports %s.", d.Name, a.goal(), Describe(d, st))
}
