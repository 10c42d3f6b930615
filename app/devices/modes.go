package devices

import (
	"strings"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/utec"
)

// ModeName is a lock mode in words, after U-Tec's names: Normal, Passage
// (the latch held open, anyone can walk in) and Locked, which refuses the
// keypad, cards and fingerprints and which the app calls "keypad off" so
// that it is not read as the bolt's state. A mode the app does not know
// is "mode N", never Normal.
func ModeName(m utec.LockMode) string {
	switch m {
	case utec.LockModeNormal:
		return i18n.T("mode.normal", "Normal")
	case utec.LockModePassage:
		return i18n.T("mode.passage", "Passage (held open)")
	case utec.LockModeLocked:
		return i18n.T("mode.keypadOff", "keypad off")
	}
	return i18n.T("devices.modeNumber", "mode {{.N}}", map[string]any{"N": int(m)})
}

// ModeWords is the lock's mode as its state shows it: "" in Normal mode
// (or when the lock does not say), else ModeName.
func ModeWords(st *utec.Status) string {
	if st.LockMode == nil || *st.LockMode == utec.LockModeNormal {
		return ""
	}
	return ModeName(*st.LockMode)
}

// OpenToAnyone reports whether anyone can walk in: the lock is unlocked
// or held open in Passage mode. The icon and the first line count both
// as open.
func OpenToAnyone(st *utec.Status) bool {
	return st.Lock == utec.LockUnlocked || st.Passage()
}

// Question is what the app asks before an action that needs a yes: a
// title, what will happen, and the label of the button that says yes.
type Question struct {
	Title, Message, OK string
}

// Ask returns the question to ask before a on the lock d whose last
// state is st, and whether a needs one at all. Unlocking, holding the
// latch open, turning the keypad off and leaving Passage mode always ask;
// locking asks only when the door stands open, since the bolt would hit
// the frame.
func Ask(d *utec.Device, st *utec.Status, a Action) (Question, bool) {
	name := map[string]any{"Name": d.Name}
	switch {
	case a.Verb == Unlock:
		return Question{i18n.T("devices.ask.unlock.title", "Unlock {{.Name}}?", name),
			i18n.T("devices.ask.unlock.message", "The door will be unlocked for anyone at it."),
			i18n.T("devices.ask.unlock.ok", "Unlock")}, true
	case a.Verb == SetMode && a.Mode == utec.LockModePassage:
		return Question{i18n.T("devices.ask.passage.title", "Hold {{.Name}} open?", name),
			i18n.T("devices.ask.passage.message", "{{.Name}} goes into Passage mode: the latch stays open and anyone can walk in until it leaves Passage mode.", name),
			i18n.T("devices.ask.passage.ok", "Hold open")}, true
	case a.Verb == SetMode && a.Mode == utec.LockModeLocked:
		return Question{i18n.T("devices.ask.keypadOff.title", "Turn {{.Name}}'s keypad off?", name),
			i18n.T("devices.ask.keypadOff.message", "Codes, cards and fingerprints are refused until the keypad is on again. The app and keys still work."),
			i18n.T("devices.ask.keypadOff.ok", "Turn keypad off")}, true
	case a.Verb == LeavePassageAndLock:
		return Question{i18n.T("devices.ask.leavePassage.title", "Leave Passage and lock {{.Name}}?", name),
			i18n.T("devices.ask.leavePassage.message", "{{.Name}} leaves Passage mode, then locks.", name),
			i18n.T("devices.ask.leavePassage.ok", "Lock")}, true
	case a.Verb == Lock && st.Door == utec.DoorOpen:
		return Question{i18n.T("devices.ask.doorOpen.title", "{{.Name}} is open — lock anyway?", name),
			i18n.T("devices.ask.doorOpen.message", "The door sensor says the door stands open: the bolt may hit the frame."),
			i18n.T("devices.ask.doorOpen.ok", "Lock anyway")}, true
	}
	return Question{}, false
}

// PassageNotice says which locks a Lock all or the guard left alone
// because they are held open in Passage mode, where Lock is ignored:
// "Front Door is in Passage mode: not locked".
func PassageNotice(names []string) string {
	return i18n.Plural("devices.notice.passage", "{{.Names}} are in Passage mode: not locked", len(names),
		map[string]any{"Names": JoinNames(names), "Count": len(names)})
}

// OpenDoorNotice says which locks were locked although their door stood
// open (Lock all and the guard do not ask): "Front Door was open: locked
// anyway".
func OpenDoorNotice(names []string) string {
	return i18n.Plural("devices.notice.openDoor", "{{.Names}} were open: locked anyway", len(names),
		map[string]any{"Names": JoinNames(names), "Count": len(names)})
}

// JoinNames lists names for a sentence: "A", "A and B", "A, B and C".
func JoinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return i18n.T("devices.joinNames", "{{.First}} and {{.Last}}",
		map[string]any{"First": strings.Join(names[:len(names)-1], ", "), "Last": names[len(names)-1]})
}
