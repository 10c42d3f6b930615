package view

import (
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/utec"
)

// Frame is everything the desktop shows of one snapshot: the menu (with
// the icon, the tooltip and the first line), the quick panel's rows and
// what the settings window shows. The controller builds one per change
// and hands it down; the desktop never asks back for state, and nothing
// is built twice.
type Frame struct {
	Menu     Menu
	Panel    Panel
	Settings SettingsState
}

// BuildFrame returns the frame for a snapshot.
func BuildFrame(s Snapshot) Frame {
	b := newBuilder(s)
	m := b.build()
	return Frame{Menu: m, Panel: b.panel(m.Summary), Settings: settingsState(&b.s)}
}

// Build returns the menu for a snapshot.
func Build(s Snapshot) Menu {
	b := newBuilder(s)
	return b.build()
}

func newBuilder(s Snapshot) *builder {
	loc := s.Location
	if loc == nil {
		loc = time.Local
	}
	return &builder{s: s, loc: loc}
}

// Account is where the sign-in stands, as the settings window shows it.
type Account int

// The account states the settings window tells apart.
const (
	// Connecting: the tray has not yet heard whether there is a sign-in.
	Connecting Account = iota
	SignedIn
	SigningIn
	SignedOut
)

// KnownDevice is one device as the settings window lists it.
type KnownDevice struct {
	Device utec.Device
	Online bool
}

// SettingsState is what the settings window shows of the app's state: the
// account, every device the cloud shares (hidden ones included, so that
// they can be shown again) and the settings in force.
type SettingsState struct {
	Account Account
	Devices []KnownDevice
	// Settings are the settings in force; the window shows them and sends
	// edits of them.
	Settings config.Settings
}

func settingsState(s *Snapshot) SettingsState {
	st := SettingsState{Settings: s.Settings}
	switch {
	case s.SigningIn:
		st.Account = SigningIn
	case s.SignIn == signin.OK:
		st.Account = SignedIn
	case s.SignIn == signin.Unknown:
		st.Account = Connecting
	default:
		st.Account = SignedOut
	}
	for _, d := range s.Poll.Devices {
		st.Devices = append(st.Devices, KnownDevice{Device: d.Device, Online: d.Status.IsOnline()})
	}
	return st
}
