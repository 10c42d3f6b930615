package settingsui

import (
	"maps"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/view"
)

// The window shows view.SettingsState, which the app builds with the rest
// of each frame; these names keep the window's code short.
type (
	Account = view.Account
	Device  = view.KnownDevice
	State   = view.SettingsState
)

// The account states the window tells apart.
const (
	Connecting = view.Connecting
	SignedIn   = view.SignedIn
	SigningIn  = view.SigningIn
	SignedOut  = view.SignedOut
)

// deviceLabel is a device's line in the Devices tab: its name, kind and
// whether it answers ("Front Door · lock · online").
func deviceLabel(d Device) string {
	online := i18n.T("devicelist.offline", "offline")
	if d.Online {
		online = i18n.T("devicelist.online", "online")
	}
	return d.Device.Name + " · " + devices.KindWord(d.Device.Kind()) + " · " + online
}

// devicesIntro is the line above the device list.
func devicesIntro(s State) string {
	switch {
	case len(s.Devices) > 0:
		return i18n.T("settings.devicesIntro", "Choose which devices the tray shows and in which order. Locks ask before unlocking unless you turn that off.")
	case s.Account == Connecting || s.Account == SigningIn:
		return i18n.T("settings.connecting", "Connecting…")
	case s.Account == SignedOut:
		return i18n.T("settings.noDevicesSignedOut", "No devices yet: sign in (Account tab).")
	}
	return i18n.T("settings.noDevicesShared", "U-Tec shares no devices with utec-tray yet: choose them in the U-home app (My Account > OpenAPI).")
}

// sameDevices reports whether a and b list the same devices with the
// same labels, so that an unchanged list is not rebuilt under the
// person's pointer.
func sameDevices(a, b []Device) bool {
	return slices.EqualFunc(a, b, func(x, y Device) bool {
		return x.Device.ID == y.Device.ID && deviceLabel(x) == deviceLabel(y)
	})
}

// CommitEntry is a one-line entry that reports a finished edit: Enter, or
// leaving the field. OnChanged still sees every keystroke; a value is
// applied only on commit.
type CommitEntry struct {
	widget.Entry
	// OnCommit is called on Enter and when the entry loses the focus.
	OnCommit func()
}

// NewCommitEntry returns an empty CommitEntry.
func NewCommitEntry() *CommitEntry {
	e := &CommitEntry{}
	e.ExtendBaseWidget(e)
	e.OnSubmitted = func(string) {
		if e.OnCommit != nil {
			e.OnCommit()
		}
	}
	return e
}

// FocusLost commits the edit when the person leaves the field.
func (e *CommitEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.OnCommit != nil {
		e.OnCommit()
	}
}

var _ fyne.Focusable = (*CommitEntry)(nil)

// sameDeviceChoices reports whether a and b agree on what the device list
// shows: which devices, in which order, which ask before unlocking and
// which notify.
func sameDeviceChoices(a, b config.Settings) bool {
	return slices.Equal(a.Hidden, b.Hidden) && slices.Equal(a.Order, b.Order) &&
		slices.Equal(a.UnlockWithoutAsking, b.UnlockWithoutAsking) && slices.Equal(a.Muted, b.Muted)
}

// sameGuardChoices reports whether a and b agree on the guard section:
// the reminders' delays and the locks chosen for sleep and screen lock.
func sameGuardChoices(a, b config.Settings) bool {
	return a.RemindUnlockedMinutes == b.RemindUnlockedMinutes && a.RemindPassageMinutes == b.RemindPassageMinutes &&
		slices.Equal(a.PassageRemindersOff, b.PassageRemindersOff) &&
		maps.Equal(a.RemindUnlockedMinutesPerLock, b.RemindUnlockedMinutesPerLock) &&
		slices.Equal(a.LockOnSleep, b.LockOnSleep) && slices.Equal(a.LockOnScreenLock, b.LockOnScreenLock) &&
		slices.Equal(a.LightsOffWhenAway, b.LightsOffWhenAway) && slices.Equal(a.LightsBackOn, b.LightsBackOn)
}
