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
	name := map[string]any{"Name": d.Name, "Kind": KindWord(kind), "Percent": a.Percent}
	switch a.Verb {
	case Lock, Unlock, SetMode, LeavePassageAndLock:
		if kind != utec.KindLock {
			return &UnfitError{i18n.T("devices.fit.notLock", "{{.Name}} is a {{.Kind}}, not a lock: use on or off", name)}
		}
	case On, Off:
		if kind == utec.KindLock {
			return &UnfitError{i18n.T("devices.fit.isLock", "{{.Name}} is a lock: use lock or unlock", name)}
		}
	case Brightness:
		if !d.Dimmable() {
			return &UnfitError{i18n.T("devices.fit.notDimmable", "{{.Name}} cannot be dimmed", name)}
		}
		if a.Percent < 0 || a.Percent > 100 {
			return &UnfitError{i18n.T("devices.fit.range", "brightness {{.Percent}}% is out of range: use 0 to 100", name)}
		}
	default:
		return &UnfitError{fmt.Sprintf("unknown action %q", a.Verb)}
	}
	return nil
}

// UnfitError is Fits' answer for an action that does not suit the device;
// its message is for the person, in their language.
type UnfitError struct{ Message string }

func (e *UnfitError) Error() string { return e.Message }

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
	case Lock:
		return i18n.T("devices.words.lock", "lock")
	case Unlock:
		return i18n.T("devices.words.unlock", "unlock")
	case On:
		return i18n.T("devices.words.on", "on")
	case Off:
		return i18n.T("devices.words.off", "off")
	case Brightness:
		return i18n.T("devices.words.brightness", "brightness")
	case SetMode:
		return i18n.T("devices.words.mode", "mode change")
	case LeavePassageAndLock:
		return i18n.T("devices.words.leavePassage", "leave Passage and lock")
	}
	return string(a.Verb)
}

// goal is the state the action aims for, as a phrase that Result's
// sentences take: "lock", "turn on".
func (a Action) goal() string {
	switch a.Verb {
	case Lock:
		return i18n.T("devices.goal.lock", "lock")
	case Unlock:
		return i18n.T("devices.goal.unlock", "unlock")
	case On:
		return i18n.T("devices.goal.on", "turn on")
	case Off:
		return i18n.T("devices.goal.off", "turn off")
	case SetMode:
		switch a.Mode {
		case utec.LockModeNormal:
			return i18n.T("devices.goal.normal", "go back to Normal mode")
		case utec.LockModePassage:
			return i18n.T("devices.goal.passage", "hold open")
		case utec.LockModeLocked:
			return i18n.T("devices.goal.keypadOff", "turn its keypad off")
		}
		return i18n.T("devices.goal.mode", "change its mode")
	case LeavePassageAndLock:
		return i18n.T("devices.goal.leavePassage", "leave Passage mode")
	default:
		return i18n.T("devices.goal.brightness", "go to {{.Percent}}%", map[string]any{"Percent": a.Percent})
	}
}

// Result describes how an action ended, in one sentence for a person:
// "Front Door is locked." or "Front Door did not lock: it is jammed.".
func Result(d *utec.Device, a Action, out utec.Outcome) string {
	if out.Reached {
		return i18n.T("result.reached", "{{.Name}} is {{.State}}.", map[string]any{"Name": d.Name, "State": Describe(d, &out.Status)})
	}
	st := &out.Status
	data := map[string]any{"Name": d.Name, "Goal": a.goal(), "Error": fmt.Sprint(out.LastErr), "State": Describe(d, st)}
	switch {
	case out.LastErr == nil && st.DeviceID == "":
		// The command was accepted, and the time ran out before the device
		// could be asked (a tiny --timeout): there is no error to show.
		return i18n.T("devices.result.noAnswer", "{{.Name}} did not confirm it would {{.Goal}} within the time allowed (the command was sent).", data)
	case out.Queries == 0 || (st.DeviceID == "" && out.LastErr != nil):
		return i18n.T("devices.result.notAsked", "{{.Name}} did not confirm it would {{.Goal}}: the cloud could not be asked ({{.Error}}).", data)
	case st.Lock == utec.LockJammed:
		return i18n.T("devices.result.jammed", "{{.Name}} did not {{.Goal}}: it is jammed.", data)
	case st.Passage() && (a.Verb == Lock || a.Verb == Unlock):
		return i18n.T("devices.result.passage", "{{.Name}} did not {{.Goal}}: it is in Passage mode, which ignores lock and unlock.", data)
	case st.Online != nil && !*st.Online:
		return i18n.T("devices.result.offline", "{{.Name}} did not {{.Goal}}: it is offline.", data)
	}
	return i18n.T("devices.result.stillReports", "{{.Name}} did not {{.Goal}} in time: it still reports {{.State}}.", data)
}
