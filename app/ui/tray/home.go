package tray

import (
	"log/slog"

	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/platform/netwatch"
)

// "You left home": the network watcher's readings go to the controller,
// which runs app/departure; the settings window's Home network section
// reads the watcher directly (it never waits).

// newNetworkWatch returns the network watcher, reporting to ctrl once
// started.
func newNetworkWatch(ctrl *controller.Controller, logger *slog.Logger) *netwatch.Watcher {
	return netwatch.New(netwatch.Options{Logger: logger, OnChange: func(s netwatch.State) {
		ctrl.NetworkChanged(networkFor(s))
	}})
}

// networkFor is a reading as the controller takes it.
func networkFor(s netwatch.State) controller.Network {
	p, known := s.Departure()
	return controller.Network{Known: known, Primary: p, Wireless: s.Primary.Wireless()}
}

// networkState is what the watcher reads now, for the settings window.
func (t *Tray) networkState() netwatch.State {
	if t.opts.Network == nil {
		return netwatch.State{Status: netwatch.Unavailable, Reason: "the app does not watch the network in this mode"}
	}
	return t.opts.Network.Current()
}
