// Package alerts decides which desktop notifications a change of state
// deserves: a lock locked or unlocked by someone else (not by the person's
// own click), a jam, a device going offline or coming back, a low battery,
// a sign-in that is needed. It remembers what it already said, so that each
// change gives one notification, and it coalesces many changes found at
// once (after a suspend, say) into one.
package alerts

import (
	"github.com/utec-tray/utec-tray/app/i18n"
	"strings"
	"sync"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/utec"
)

// Kind is a kind of notification.
type Kind string

// The kinds of notification.
const (
	LockChanged   Kind = "lock-changed"
	Jammed        Kind = "jammed"
	Offline       Kind = "offline"
	BackOnline    Kind = "back-online"
	BatteryLow    Kind = "battery-low"
	SignIn        Kind = "sign-in"
	CommandDone   Kind = "command-done"
	CommandFailed Kind = "command-failed"
	Summary       Kind = "summary"
)

// Pausable reports whether "Pause notifications" silences this kind: news
// from home does; the answers to the person's own doing (a command's
// result, a sign-in) do not.
func (k Kind) Pausable() bool {
	switch k {
	case SignIn, CommandDone, CommandFailed:
		return false
	}
	return true
}

// ActionLock is the action that locks the alert's device: offered on a
// lock that someone else unlocked, where the person reading the news is
// the one who wants it locked again.
const ActionLock = "lock"

// Alert is one notification to show.
type Alert struct {
	Kind     Kind
	DeviceID string
	Title    string
	Body     string
	// Actions are the keys of what the notification offers to do about
	// the news (ActionLock), as buttons where the desktop has them; the
	// answer comes back with the Kind and DeviceID.
	Actions []string
}

// MaxPerUpdate is how many alerts one update may give before they are
// coalesced into a single summary.
const MaxPerUpdate = 3

// ownWindow is how long after the person's own command a change to the
// state it asked for counts as theirs. Locks have been seen to move 40 s
// after the command.
const ownWindow = 2 * time.Minute

// batteryHysteresis keeps a battery hovering at the threshold from
// alerting again and again: it must rise this far above it first.
const batteryHysteresis = 10

// Tracker remembers what was seen and said. It is safe for concurrent use.
type Tracker struct {
	mu sync.Mutex
	// activity collects the changes seen, announced or not, for the
	// activity history (TakeActivity).
	activity       []Activity
	baselined      bool
	devices        map[string]*memory
	own            map[string]ownCommand
	signInNotified bool
}

type memory struct {
	lock utec.LockState
	// seen is when the device was last read: with this reading's time it
	// bounds when a change happened, as the cloud does not say.
	seen           time.Time
	jammedSaid     bool
	offlineSaid    bool
	batteryLowSaid bool
}

type ownCommand struct {
	want  utec.LockState
	until time.Time
}

// Activity is a change worth keeping in the activity history, whether or
// not it was announced: a lock locked, unlocked or jammed.
type Activity struct {
	DeviceID, Name string
	// Event is what happened: "locked", "unlocked", "jammed".
	Event string
	// Own is true for the person's own command from this computer.
	Own bool
}

// TakeActivity returns the changes seen since the last call.
func (t *Tracker) TakeActivity() []Activity {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.activity
	t.activity = nil
	return out
}

// NewTracker returns an empty Tracker.
func NewTracker() *Tracker {
	return &Tracker{devices: map[string]*memory{}, own: map[string]ownCommand{}}
}

// ExpectOwn records that the person just asked a lock to lock or unlock,
// so that the change is not announced as someone else's.
func (t *Tracker) ExpectOwn(deviceID string, a devices.Action, now time.Time) {
	var want utec.LockState
	switch a.Verb {
	case devices.Lock, devices.LeavePassageAndLock:
		want = utec.LockLocked
	case devices.Unlock:
		want = utec.LockUnlocked
	default:
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.own[deviceID] = ownCommand{want: want, until: now.Add(ownWindow)}
}

// Observe compares a poller state with what was seen before and returns
// the alerts to show, honouring the person's choices. The first state from
// the cloud is the baseline: what is already so at start-up is shown by
// the tray icon, not announced.
func (t *Tracker) Observe(st poller.State, s config.Settings, now time.Time) []Alert {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Alert

	// A refused sign-in is news; having none (signed out, or before the
	// first sign-in) is not.
	if st.SignIn == signin.Refused && !t.signInNotified {
		t.signInNotified = true
		if s.Notify.SignIn {
			out = append(out, Alert{Kind: SignIn, Title: i18n.T("summary.signInNeeded", "Sign in needed"),
				Body: i18n.T("alert.signInBody", "U-Tec no longer accepts this sign-in. Choose Sign in from the tray menu.")})
		}
	}
	if st.SignIn == signin.OK && st.LastErr == nil {
		t.signInNotified = false
	}
	if !st.Loaded {
		return out
	}
	baseline := !t.baselined
	t.baselined = true

	for i := range st.Devices {
		d := &st.Devices[i]
		if d.Err != nil || d.Updated.IsZero() || d.Updated.Before(st.LastPoll) {
			continue // no fresh reading: nothing to compare
		}
		m, seen := t.devices[d.Device.ID]
		if !seen {
			m = &memory{}
			t.devices[d.Device.ID] = m
		}
		fresh := baseline || !seen
		out = append(out, t.observeDevice(d, m, fresh, s, now)...)
	}
	return coalesce(out)
}

func (t *Tracker) observeDevice(d *poller.Device, m *memory, fresh bool, s config.Settings, now time.Time) []Alert {
	o := observation{d: d, m: m, fresh: fresh, s: &s, muted: s.IsMuted(d.Device.ID)}
	if !o.online() {
		// An offline device's state is old news: it is compared once the
		// device is back.
		return o.out
	}
	if d.Device.Kind() == utec.KindLock {
		t.observeLock(&o, now)
	}
	if st := &d.Status; st.Battery != nil {
		switch pct := *st.Battery; {
		case pct <= s.BatteryThreshold && !m.batteryLowSaid:
			m.batteryLowSaid = true
			o.add(s.Notify.BatteryLow, BatteryLow, i18n.T("alert.batteryLow", "{{.Name}} battery low", map[string]any{"Name": d.Device.Name}),
				i18n.T("alert.batteryLowBody", "{{.Percent}}% left. Replace the batteries soon.", map[string]any{"Percent": pct}))
		case pct > s.BatteryThreshold+batteryHysteresis:
			m.batteryLowSaid = false
		}
	}
	return o.out
}

// observation is one device's reading being compared with the tracker's
// memory of it; out collects what to notify.
type observation struct {
	d     *poller.Device
	m     *memory
	fresh bool
	s     *config.Settings
	muted bool
	out   []Alert
}

// add notifies, unless the kind is turned off, the device muted, or this
// is the first reading (nothing to compare it with).
func (o *observation) add(enabled bool, kind Kind, title, body string, actions ...string) {
	if enabled && !o.fresh && !o.muted {
		o.out = append(o.out, Alert{Kind: kind, DeviceID: o.d.Device.ID, Title: title, Body: body, Actions: actions})
	}
}

// online notes whether the device went offline or came back, and reports
// whether it is online now. Offline only after two readings in a row: one
// can be a blip.
func (o *observation) online() bool {
	d, m, named := o.d, o.m, map[string]any{"Name": o.d.Device.Name}
	offline := d.Status.Online != nil && !*d.Status.Online
	switch {
	case offline && d.OfflineCount >= 2 && !m.offlineSaid:
		m.offlineSaid = true
		o.add(o.s.Notify.Offline, Offline, i18n.T("alert.offline", "{{.Name}} is offline", named),
			i18n.T("alert.offlineBody", "It does not answer U-Tec's cloud. Its last known state is shown in the menu."))
	case offline && o.fresh:
		m.offlineSaid = true
	case !offline && m.offlineSaid:
		m.offlineSaid = false
		body := ""
		if state := devices.Describe(&d.Device, &d.Status); state != devices.StateUnknown() {
			body = i18n.T("alert.backOnlineBody", "It is {{.State}}.", map[string]any{"State": state})
		}
		o.add(o.s.Notify.Offline, BackOnline, i18n.T("alert.backOnline", "{{.Name}} is back online", named), body)
	}
	return !offline
}

// observeLock compares a lock's state with the last reading: a change by
// someone else is news and activity, the person's own is only activity,
// and a jam is both.
func (t *Tracker) observeLock(o *observation, now time.Time) {
	d, m, name, st := o.d, o.m, o.d.Device.Name, &o.d.Status
	prev, prevSeen := m.lock, m.seen
	m.seen = d.Updated
	m.lock = st.Lock
	own, isOwn := t.own[d.Device.ID]
	if isOwn && now.After(own.until) {
		delete(t.own, d.Device.ID)
		isOwn = false
	}
	changed := prev != st.Lock && (prev == utec.LockLocked || prev == utec.LockUnlocked) &&
		(st.Lock == utec.LockLocked || st.Lock == utec.LockUnlocked)
	if changed && !o.fresh {
		t.activity = append(t.activity, Activity{DeviceID: d.Device.ID, Name: name, Event: string(st.Lock),
			Own: isOwn && own.want == st.Lock})
	}
	if st.Lock == utec.LockJammed && !m.jammedSaid && !o.fresh {
		t.activity = append(t.activity, Activity{DeviceID: d.Device.ID, Name: name, Event: string(utec.LockJammed)})
	}
	switch {
	case changed && isOwn && own.want == st.Lock:
		delete(t.own, d.Device.ID) // the person's own doing
	case changed:
		var actions []string
		if st.Lock == utec.LockUnlocked {
			actions = []string{ActionLock}
		}
		o.add(o.s.Notify.LockChanged, LockChanged, changedTitle(name, st.Lock),
			i18n.T("alert.bySomeoneElse", "By someone else {{.When}}, not from this computer.", map[string]any{"When": when(prevSeen, d.Updated, now.Location())}), actions...)
	}
	if st.Lock == utec.LockJammed && !m.jammedSaid {
		m.jammedSaid = true
		o.add(o.s.Notify.Jammed, Jammed, i18n.T("summary.jammed", "{{.Name}} jammed", map[string]any{"Name": name}),
			i18n.T("alert.jammedBody", "The bolt is stuck. Check the door and the lock."))
	} else if st.Lock != utec.LockJammed {
		m.jammedSaid = false
	}
}

// when says when a change seen in the reading at this happened: "at
// 10:41" or, as the cloud gives no time, "between 10:40 and 10:41", from
// the reading before (prev, zero if none) to this one.
func when(prev, this time.Time, loc *time.Location) string {
	hhmm := func(t time.Time) string { return i18n.Clock(t.In(loc)) }
	if prev.IsZero() || hhmm(prev) == hhmm(this) {
		return i18n.T("alert.at", "at {{.Time}}", map[string]any{"Time": hhmm(this)})
	}
	return i18n.T("alert.between", "between {{.From}} and {{.To}}", map[string]any{"From": hhmm(prev), "To": hhmm(this)})
}

// coalesce turns more than MaxPerUpdate alerts into one summary.
func coalesce(alerts []Alert) []Alert {
	if len(alerts) <= MaxPerUpdate {
		return alerts
	}
	titles := make([]string, len(alerts))
	for i, a := range alerts {
		titles[i] = a.Title
	}
	return []Alert{{Kind: Summary, Title: i18n.Plural("alert.changes", "{{.Count}} changes at home", len(alerts), map[string]any{"Count": len(alerts)}), Body: strings.Join(titles, "; ") + "."}}
}

// ForCommand returns the alert for how the person's own command ended, or
// nil when the settings want none: failures are announced by default,
// successes only when the person asked for them.
func ForCommand(d *utec.Device, a devices.Action, out utec.Outcome, err error, s config.Settings) *Alert {
	switch {
	case err != nil:
		if !s.Notify.Failures {
			return nil
		}
		return &Alert{Kind: CommandFailed, DeviceID: d.ID, Title: failedTitle(d.Name, a), Body: devices.DescribeError(d.Name, err)}
	case !out.Reached:
		if !s.Notify.Failures {
			return nil
		}
		return &Alert{Kind: CommandFailed, DeviceID: d.ID, Title: devices.Result(d, a, out)}
	case s.Notify.OwnActions:
		return &Alert{Kind: CommandDone, DeviceID: d.ID, Title: devices.Result(d, a, out)}
	}
	return nil
}

// changedTitle is the title of a lock's change by someone else: "Back
// Door unlocked".
func changedTitle(name string, state utec.LockState) string {
	named := map[string]any{"Name": name}
	if state == utec.LockUnlocked {
		return i18n.T("summary.unlocked", "{{.Name}} unlocked", named)
	}
	return i18n.T("alert.locked", "{{.Name}} locked", named)
}

// failedTitle is the title of the person's own command that failed:
// "Front Door: lock failed". Each verb has its own sentence, as the
// languages do not put the action in the same place.
func failedTitle(name string, a devices.Action) string {
	named := map[string]any{"Name": name}
	switch a.Verb {
	case devices.Lock:
		return i18n.T("alert.failed.lock", "{{.Name}}: lock failed", named)
	case devices.Unlock:
		return i18n.T("alert.failed.unlock", "{{.Name}}: unlock failed", named)
	case devices.On:
		return i18n.T("alert.failed.on", "{{.Name}}: on failed", named)
	case devices.Off:
		return i18n.T("alert.failed.off", "{{.Name}}: off failed", named)
	case devices.SetMode:
		return i18n.T("alert.failed.mode", "{{.Name}}: mode change failed", named)
	case devices.LeavePassageAndLock:
		return i18n.T("alert.failed.leavePassage", "{{.Name}}: leave Passage and lock failed", named)
	}
	return i18n.T("alert.failed.brightness", "{{.Name}}: brightness failed", named)
}
