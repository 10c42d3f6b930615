package guard

import (
	"strings"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// LocksToLock lists the locks chosen by chosen that may be unlocked: all
// but those known (now, not from an old reading) to be locked, and those
// in passage mode, which ignore Lock. A hidden lock is locked only when
// chosen by name, not by "every lock" (every).
func LocksToLock(st *poller.State, s *config.Settings, chosen func(id string) bool, every bool) []utec.Device {
	var out []utec.Device
	for i := range st.Devices {
		d := &st.Devices[i]
		id := d.Device.ID
		if d.Device.Kind() != utec.KindLock || !chosen(id) || every && s.IsHidden(id) || d.Status.Passage() {
			continue
		}
		if d.Status.Lock == utec.LockLocked && !st.Stale(d) {
			continue
		}
		out = append(out, d.Device)
	}
	return out
}

// PassageLocks lists the locks chosen by chosen (every: "every lock",
// hidden ones left out) that are held open in Passage mode, where Lock is
// ignored: the guard names them instead of skipping them in silence.
func PassageLocks(st *poller.State, s *config.Settings, chosen func(id string) bool, every bool) []utec.Device {
	var out []utec.Device
	for i := range st.Devices {
		d := &st.Devices[i]
		id := d.Device.ID
		if d.Device.Kind() == utec.KindLock && chosen(id) && !(every && s.IsHidden(id)) && d.Status.Passage() {
			out = append(out, d.Device)
		}
	}
	return out
}

// Names are the devices' names.
func Names(ds []utec.Device) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name
	}
	return out
}

// SleepLock is one lock the guard saw as the computer went to sleep: a
// Lock sent, or one left alone in Passage mode.
type SleepLock struct {
	Device utec.Device
	// Err is why the cloud did not accept it; nil when it did.
	Err error
	// Passage is set for a lock held open in Passage mode: no Lock was
	// sent.
	Passage bool
}

// SleepReport says what was locked before the sleep and whether each
// lock confirmed it, from the first good poll after the wake.
func SleepReport(slept []SleepLock, st *poller.State) (title, body string) {
	var lines []string
	confirmed := 0
	for _, r := range slept {
		var line string
		named := map[string]any{"Name": r.Device.Name}
		switch {
		case r.Passage:
			line = i18n.T("guard.sleep.passage", "{{.Name}}: in Passage mode, not locked", named)
		case r.Err != nil:
			named["Reason"] = devices.DescribeError(r.Device.Name, r.Err)
			line = i18n.T("guard.sleep.failed", "{{.Name}}: not locked. {{.Reason}}", named)
		default:
			word, ok := LockConfirmation(&r.Device, st)
			named["Word"] = word
			line = i18n.T("guard.sleep.line", "{{.Name}}: {{.Word}}", named)
			if ok {
				confirmed++
			}
		}
		lines = append(lines, line)
	}
	title = i18n.T("guard.sleep.title", "Locked before sleeping")
	switch {
	case len(slept) == 1 && confirmed == 1:
		title = i18n.T("guard.sleep.titleOne", "Locked {{.Name}} before sleeping", map[string]any{"Name": slept[0].Device.Name})
	case confirmed < len(slept):
		title = i18n.T("guard.sleep.titleSome", "Locked before sleeping: {{.Confirmed}} of {{.Of}} confirmed",
			map[string]any{"Confirmed": confirmed, "Of": len(slept)})
	}
	return title, strings.Join(lines, "\n")
}

// LockConfirmation says whether the poll st shows d locked, in words
// ("locked", or why it is not confirmed), and reports whether it is.
func LockConfirmation(d *utec.Device, st *poller.State) (string, bool) {
	for i := range st.Devices {
		pd := &st.Devices[i]
		if pd.Device.ID != d.ID {
			continue
		}
		switch {
		case pd.Status.Lock == utec.LockLocked && !st.Stale(pd):
			return i18n.T("guard.sleep.locked", "locked"), true
		case st.Stale(pd):
			return i18n.T("guard.sleep.stale", "not confirmed: its state could not be read"), false
		default:
			return i18n.T("guard.sleep.shows", "not confirmed: it shows {{.State}}", map[string]any{"State": devices.Describe(&pd.Device, &pd.Status)}), false
		}
	}
	return i18n.T("guard.sleep.gone", "not confirmed: no longer shared with this app"), false
}
