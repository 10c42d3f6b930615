package view

import (
	"testing"

	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/utec"
)

func TestFrameSettingsState(t *testing.T) {
	t.Parallel()
	home := snapshot(lock("L1", "Front Door", utec.LockLocked, 80))
	home.Settings.SetHidden("L1", true)
	for _, tt := range []struct {
		name    string
		snap    Snapshot
		account Account
		devices int
	}{
		{"no answer yet", Snapshot{SignIn: signin.Unknown}, Connecting, 0},
		{"signed in, hidden lock still listed", home, SignedIn, 1},
		{"signing in", Snapshot{SignIn: signin.SignedOut, SigningIn: true}, SigningIn, 0},
		{"signed out", Snapshot{SignIn: signin.SignedOut}, SignedOut, 0},
		{"sign-in refused", Snapshot{SignIn: signin.Refused}, SignedOut, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := BuildFrame(tt.snap).Settings
			if st.Account != tt.account || len(st.Devices) != tt.devices {
				t.Errorf("account %v with %d devices, want %v with %d", st.Account, len(st.Devices), tt.account, tt.devices)
			}
			if !st.Settings.IsHidden("L1") && tt.devices > 0 {
				t.Error("the frame's settings are not the snapshot's")
			}
		})
	}
}

// TestFrameIsOneBuild: the panel's first line is the menu's, from the same
// build.
func TestFrameIsOneBuild(t *testing.T) {
	t.Parallel()
	f := BuildFrame(snapshot(lock("L1", "Front Door", utec.LockUnlocked, 15)))
	if f.Panel.Summary != f.Menu.Summary || f.Menu.Summary == "" {
		t.Errorf("panel %q, menu %q", f.Panel.Summary, f.Menu.Summary)
	}
}
