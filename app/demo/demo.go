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
	cloud := utectest.New(utectest.WithCommandDelay(3*time.Second), utectest.WithLogger(log))
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

// Close stops the cloud and removes the demo's folder.
func (d *Demo) Close() {
	d.Cloud.Close()
	_ = os.RemoveAll(d.ConfigDir)
}

// Browser plays the system browser for the demo's sign-in: it follows the
// fake cloud's redirect back to the app's loopback listener, as a person's
// browser would after they approved.
func (d *Demo) Browser(authURL string) error { return utectest.Browser(authURL) }

// Life makes the demo home change by itself until ctx ends: someone comes
// home through the back door and locks it behind them, a lamp is switched,
// the garage light drops off the network and comes back, a battery runs
// down. every is the average time between events.
func (d *Demo) Life(ctx context.Context, every time.Duration) {
	events := []func(){
		func() {
			d.Cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "unlocked")
			d.later(ctx, every/3, func() { d.Cloud.SetState(utectest.BackDoorID, "st.lock", "lockState", "locked") })
		},
		func() {
			on := d.Cloud.State(utectest.BulbID)["st.switch/switch"] == "on"
			d.Cloud.SetState(utectest.BulbID, "st.switch", "switch", map[bool]string{true: "off", false: "on"}[on])
		},
		func() {
			d.Cloud.SetOnline(utectest.GarageID, true)
			d.later(ctx, every, func() { d.Cloud.SetOnline(utectest.GarageID, false) })
		},
		func() {
			level, _ := d.Cloud.State(utectest.FrontDoorID)["st.batteryLevel/level"].(int)
			if level > 1 {
				d.Cloud.SetState(utectest.FrontDoorID, "st.batteryLevel", "level", level-1)
			}
		},
	}
	for i := 0; ; i++ {
		wait := every/2 + time.Duration(rand.Int64N(int64(every)))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		events[i%len(events)]()
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
