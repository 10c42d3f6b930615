// Package demo runs utec-tray against a built-in fake U-Tec cloud, so that
// a newcomer sees the whole app (sign-in, menus, commands, notifications)
// with no U-Tec account. The fake cloud is the one the tests use; the
// demo adds a home that changes by itself now and then.
//
// Because --demo uses it, the fake cloud (utec/utectest) is linked into
// the release binary on purpose. It listens on 127.0.0.1 only, and only
// while the demo runs.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/session"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// Demo is a running demo cloud with the settings and secrets that point
// the app at it.
type Demo struct {
	Cloud    *utectest.Server
	Secrets  *session.MemorySecrets
	Settings config.Settings
	// ConfigDir is a temporary folder for the demo's settings and cache,
	// so that the demo never touches a real installation's.
	ConfigDir string
	log       *slog.Logger
}

// Start starts the demo cloud. Commands take a few seconds to act, as
// they do on real locks.
func Start(log *slog.Logger) (*Demo, error) {
	dir, err := os.MkdirTemp("", "utec-tray-demo-")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	cloud := utectest.New(utectest.WithCommandDelay(3*time.Second), utectest.WithLogger(log),
		utectest.WithDevices(append(utectest.SampleHome(), sideGate())))
	// The demo cloud knows its devices: the deferral it answers is the 3 s
	// they take, so a command shows done just after (utec.Execute).
	cloud.SetDeferral(3)
	// The Front Door has guest codes, as a lock in use does.
	cloud.SeedLockUser(utectest.FrontDoorID, "Cleaner", 2, 482913)
	cloud.SeedLockUser(utectest.FrontDoorID, "Neighbour", 0, 735146)
	secrets := &session.MemorySecrets{}
	if err := secrets.SaveClientSecret(utectest.ClientSecret); err != nil {
		return nil, err
	}
	s := config.Default()
	s.ClientID = utectest.ClientID
	s.OAuthURL, s.APIURL = cloud.URL(), cloud.URL()
	s.RedirectPort = 0 // the demo cloud accepts any loopback redirect
	s.Notify.OwnActions = true
	return &Demo{Cloud: cloud, Secrets: secrets, Settings: s, ConfigDir: dir, log: log}, nil
}

// SideGateID is the demo's third lock, held open in Passage mode: the
// demo shows what the app says of a lock anyone can walk through.
const SideGateID = "AA:BB:CC:DD:EE:02"

func sideGate() utectest.Device {
	return utectest.Device{
		ID: SideGateID, Name: "Side Gate", Category: "SmartLock", HandleType: "utec-lock",
		Manufacturer: "U-tec", Model: "U-Bolt", HWVersion: "01.40.0008",
		Attributes: map[string]any{"batteryLevelRange": utectest.Range{Min: 1, Max: 5, Step: 1}},
		States: []utectest.State{
			{Capability: "st.healthCheck", Name: "status", Value: "online"},
			{Capability: "st.lock", Name: "lockState", Value: "unlocked"},
			{Capability: "st.lock", Name: "lockMode", Value: 1},
			{Capability: "st.batteryLevel", Name: "level", Value: 3},
		},
	}
}

// Close stops the cloud and removes the demo's folder.
func (d *Demo) Close() {
	d.Cloud.Close()
	_ = os.RemoveAll(d.ConfigDir)
}

// Browser plays the system browser for the demo's sign-in: it follows the
// fake cloud's redirect back to the app's loopback listener, as a person's
// browser would after they approved.
func (d *Demo) Browser(authURL string) error { return utectest.Browser(authURL) }

// PollInterval is how often the tray asks the demo cloud for its
// devices' states. The real cloud is asked once a minute; the demo cloud
// is on this computer and costs nothing to ask, and a demo whose changes
// show a minute late (or never, when they last less than a minute) shows
// nothing.
const PollInterval = 3 * time.Second

// Timing paces the demo home's life.
type Timing struct {
	// First is when the first event (the back door unlocked) happens:
	// soon, so that a newcomer sees the tray change by itself, and
	// notify, within the first minute.
	First time.Duration
	// Every is the average time between the events after it.
	Every time.Duration
	// Hold is how long a passing state lasts (the back door unlocked, the
	// garage light back online): long enough to open the menu and see it.
	Hold time.Duration
}

// DefaultTiming is the demo's pace: an event within the first quarter
// minute, then one every 40 s or so, each lasting half a minute.
var DefaultTiming = Timing{First: 15 * time.Second, Every: 40 * time.Second, Hold: 30 * time.Second}

// Life makes the demo home change by itself until ctx ends: someone comes
// home through the back door and locks it behind them, a lamp is switched,
// the garage light comes back on the network and drops off again, a
// battery runs down.
func (d *Demo) Life(ctx context.Context, t Timing) {
	events := []func(){
		func() {
			d.Cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
			d.later(ctx, t.Hold, func() { d.Cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "locked") })
		},
		func() {
			on := d.Cloud.State(utectest.BulbID)["st.switch/switch"] == "on"
			d.Cloud.SetState(utectest.BulbID, "st.switch", "switch", map[bool]string{true: "off", false: "on"}[on])
		},
		func() {
			d.Cloud.SetOnline(utectest.GarageID, true)
			d.later(ctx, t.Hold, func() { d.Cloud.SetOnline(utectest.GarageID, false) })
		},
		func() {
			level, _ := d.Cloud.State(utectest.FrontDoorID)["st.batteryLevel/level"].(int)
			if level > 1 {
				d.Cloud.SetState(utectest.FrontDoorID, "st.batteryLevel", "level", level-1)
			}
		},
	}
	wait := t.First
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		d.log.Info("the demo home changes", "event", i%len(events))
		events[i%len(events)]()
		wait = t.Every/2 + time.Duration(rand.Int64N(int64(max(t.Every, 1))))
	}
}

func (d *Demo) later(ctx context.Context, after time.Duration, f func()) {
	go func() {
		select {
		case <-ctx.Done():
		case <-time.After(after):
			f()
		}
	}()
}
