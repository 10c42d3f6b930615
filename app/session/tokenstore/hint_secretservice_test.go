//go:build linux

package tokenstore

import (
	"errors"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
)

// TestHintTellsNoCollectionFromLocked: go-keyring says "failed to
// unlock" both for a locked keyring and for one with nothing to unlock;
// what the Secret Service said about itself tells them apart, and the fix
// is named in that service's terms.
func TestHintTellsNoCollectionFromLocked(t *testing.T) {
	unlockFailed := errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")
	isLocked := dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"}
	noObject := dbus.Error{Name: "org.freedesktop.Secret.Error.NoSuchObject"}
	probed := func(err error, s secretService, none bool) error {
		return &probedError{err: err, facts: serviceFacts{service: s, noCollection: none}}
	}
	for _, tc := range []struct {
		name      string
		err       error
		want, not []string
	}{
		{"KeePassXC exposing no group", probed(unlockFailed, keePassXC, true),
			[]string{"no keyring to store into", "Secret Service Integration", "expose"}, []string{"is locked", "Passwords and Keys"}},
		{"KeePassXC locked", probed(isLocked, keePassXC, false),
			[]string{"locked", "unlock it in KeePassXC"}, []string{"Passwords and Keys"}},
		{"gnome-keyring without a login keyring", probed(noObject, gnomeKeyring, true),
			[]string{"no keyring to store into", "Passwords and Keys"}, []string{"is locked"}},
		{"gnome-keyring locked", probed(unlockFailed, gnomeKeyring, false),
			[]string{"the keyring is locked", "Passwords and Keys"}, nil},
		{"KWallet without a wallet", probed(unlockFailed, kWallet, true),
			[]string{"no keyring to store into", "KWalletManager"}, []string{"is locked"}},
		{"KWallet locked", probed(unlockFailed, kWallet, false),
			[]string{"locked", "KWallet"}, []string{"Passwords and Keys"}},
		{"someone else's, without a collection", probed(unlockFailed, unknownService, true),
			[]string{"no keyring to store into", "no default collection"}, []string{"is locked"}},
		{"not asked (the service did not answer)", unlockFailed,
			[]string{"the keyring is locked"}, []string{"Passwords and Keys"}},
		{"no Secret Service at all", probed(dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown"}, unknownService, true),
			[]string{"no Secret Service found"}, []string{"no keyring to store into"}},
	} {
		got := hint(tc.err, false, 0).en()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tc.name, got, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q says %q", tc.name, got, n)
			}
		}
	}
}

func TestProgramFromComm(t *testing.T) {
	for comm, want := range map[string]secretService{
		"gnome-keyring-d": gnomeKeyring, "keepassxc": keePassXC, "KeePassXC": keePassXC,
		"kwalletd5": kWallet, "kwalletd6": kWallet, "ksecretd": kWallet, "oo7-daemon": unknownService, "": unknownService,
	} {
		if got := programFromComm(comm); got != want {
			t.Errorf("programFromComm(%q) = %q, want %q", comm, got, want)
		}
	}
}
