package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// HomeNetwork is one network the person marked as home ("This is my home
// network"): a NetworkManager connection profile's UUID and, optionally,
// the access point's BSSID, which tells the home SSID from a network of
// the same name elsewhere. Nothing else of the network is kept: no name,
// no SSID, no address.
type HomeNetwork struct {
	UUID  string `json:"uuid"`
	BSSID string `json:"bssid,omitempty"`
}

// Defaults and limits of "you left home".
const (
	// DefaultLeftHomeMinutes is how long the computer must be off the home
	// network before the offer: long enough to ride out a Wi-Fi drop, a
	// reconnect or docking.
	DefaultLeftHomeMinutes = 3
	// MaxLeftHomeMinutes caps the setting at two hours: past that the
	// offer would come long after it could help.
	MaxLeftHomeMinutes = 120
)

// EnvLeftHomeAfter is a Go duration ("5s") that replaces the left-home
// delay for one run, so that tests need not wait minutes.
const EnvLeftHomeAfter = "UTEC_LEFT_HOME_AFTER"

// LeftHomeAfter is how long the computer must be away from every home
// network before the offer to lock.
func (s Settings) LeftHomeAfter() time.Duration {
	if s.LeftHomeAfterOverride > 0 {
		return s.LeftHomeAfterOverride
	}
	m := s.LeftHomeMinutes
	if m <= 0 {
		m = DefaultLeftHomeMinutes
	}
	return time.Duration(m) * time.Minute
}

// IsHomeNetwork reports whether h is in the home set already (UUID and
// BSSID alike, in any case).
func (s Settings) IsHomeNetwork(h HomeNetwork) bool {
	return slices.ContainsFunc(s.HomeNetworks, func(o HomeNetwork) bool { return sameHome(o, h) })
}

// AddHomeNetwork adds h to the home set, once. A UUID without a BSSID
// and one with are different entries: the first counts the profile
// anywhere, the second only at that access point.
func (s *Settings) AddHomeNetwork(h HomeNetwork) {
	h = cleanHome(h)
	if h.UUID == "" || s.IsHomeNetwork(h) {
		return
	}
	s.HomeNetworks = append(slices.Clone(s.HomeNetworks), h)
}

// RemoveHomeNetwork takes h out of the home set.
func (s *Settings) RemoveHomeNetwork(h HomeNetwork) {
	s.HomeNetworks = slices.DeleteFunc(slices.Clone(s.HomeNetworks), func(o HomeNetwork) bool { return sameHome(o, h) })
	if len(s.HomeNetworks) == 0 {
		s.HomeNetworks = nil
	}
}

func sameHome(a, b HomeNetwork) bool {
	return strings.EqualFold(a.UUID, b.UUID) && strings.EqualFold(a.BSSID, b.BSSID)
}

func cleanHome(h HomeNetwork) HomeNetwork {
	return HomeNetwork{UUID: strings.ToLower(strings.TrimSpace(h.UUID)), BSSID: strings.ToUpper(strings.TrimSpace(h.BSSID))}
}

// normaliseHome drops entries without a UUID and duplicates (a hand
// edit), and keeps the delay within its bounds.
func (s *Settings) normaliseHome() {
	var kept []HomeNetwork
	for _, h := range s.HomeNetworks {
		h = cleanHome(h)
		if h.UUID != "" && !slices.ContainsFunc(kept, func(o HomeNetwork) bool { return sameHome(o, h) }) {
			kept = append(kept, h)
		}
	}
	s.HomeNetworks = kept
	if s.LeftHomeMinutes < 0 {
		s.LeftHomeMinutes = 0
	}
	s.LeftHomeMinutes = min(s.LeftHomeMinutes, MaxLeftHomeMinutes)
}

// ErrBadEnv is matched by the error of an environment variable whose value
// cannot be used.
var ErrBadEnv = errors.New("unset it or give a valid value")

// applyHomeEnv applies UTEC_LEFT_HOME_AFTER.
func (s *Settings) applyHomeEnv(getenv func(string) string) error {
	v := strings.TrimSpace(getenv(EnvLeftHomeAfter))
	if v == "" {
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("%s=%q is not a duration (use one like 5s or 3m): %w", EnvLeftHomeAfter, v, ErrBadEnv)
	}
	s.LeftHomeAfterOverride = d
	return nil
}
