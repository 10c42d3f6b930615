// Package config holds utec-tray's non-secret settings: the client ID, the
// redirect port, service URLs, polling and notification choices, and the
// person's device preferences. They live in a small JSON file in the user's
// configuration folder, shared by the tray and the command line. Secrets
// (tokens, the client secret) never come here: they go to the OS keyring.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Defaults and limits of the settings.
const (
	// DefaultRedirectPort is the loopback port of the sign-in redirect. U-Tec
	// matches the registered redirect URI exactly, so it is one fixed port
	// the person registers once; 9501 is what other local tools use.
	DefaultRedirectPort = 9501
	// DefaultPollInterval and MinPollInterval bound how often the tray asks
	// the cloud for states. U-Tec publishes no rate limit; polite clients
	// assume one.
	DefaultPollInterval = 60 * time.Second
	MinPollInterval     = 30 * time.Second
	// DefaultBatteryThreshold is the percentage at or below which a battery
	// counts as low.
	DefaultBatteryThreshold = 20
)

// Notifications says which kinds of desktop notification the person wants.
type Notifications struct {
	LockChanged bool `json:"lockChanged"` // a lock locked or unlocked by someone else
	Jammed      bool `json:"jammed"`
	Offline     bool `json:"offline"` // a device went offline or came back
	BatteryLow  bool `json:"batteryLow"`
	SignIn      bool `json:"signIn"`     // sign-in needed
	OwnActions  bool `json:"ownActions"` // confirm the person's own commands too
	Failures    bool `json:"failures"`   // a command did not get there
	// DoorOpen reminds of a door left open on a locked lock, after the
	// lock's reminder delay; off by default (an unlocked lock is reminded
	// of whatever its door).
	DoorOpen bool `json:"doorOpen"`
}

// Service is the part of the settings that says how to reach U-Tec and
// sign in: what the session needs, and nothing the tray shows. A change
// here means a new client (and perhaps a new sign-in).
type Service struct {
	ClientID          string `json:"clientId,omitempty"`
	RedirectPort      int    `json:"redirectPort,omitempty"`
	AllowPortFallback bool   `json:"allowPortFallback,omitempty"`
	OAuthURL          string `json:"oauthUrl,omitempty"` // "" = U-Tec's
	APIURL            string `json:"apiUrl,omitempty"`   // "" = U-Tec's
}

// Settings are the person's settings. The zero value is not meaningful:
// start from Default(). The Service fields sit at the top level of the
// file (encoding/json flattens an embedded struct).
type Settings struct {
	Service

	// PollSeconds is the interval while the person is away (before the
	// pace, the one interval: an old file's value keeps that meaning);
	// the pace's other settings are in pace.go.
	PollSeconds int `json:"pollSeconds,omitempty"`
	PaceSettings
	BatteryThreshold int           `json:"batteryThreshold,omitempty"`
	Notify           Notifications `json:"notify"`
	LogLevel         string        `json:"logLevel,omitempty"` // debug, info, warn, error
	// Language is the strings' language ("" = the system's, else an
	// i18n.Languages code); read once at start, so a change applies next start.
	Language string `json:"language,omitempty"`

	// Hidden lists devices not shown in the tray, by id.
	Hidden []string `json:"hidden,omitempty"`
	// Order lists device ids in the order the person wants them; devices
	// not listed follow, by name.
	Order []string `json:"order,omitempty"`
	// UnlockWithoutAsking lists locks whose Unlock needs no confirmation.
	// Asking is the default because an unlock by mistake opens the house.
	UnlockWithoutAsking []string `json:"unlockWithoutAsking,omitempty"`
	// Muted lists devices whose changes are not announced (they still
	// show in the menu and the activity history).
	Muted []string `json:"muted,omitempty"`
	// StartAtLogin starts utec-tray when the person logs in.
	StartAtLogin bool `json:"startAtLogin,omitempty"`
	// Shortcuts are the global keyboard shortcuts (all off by default).
	Shortcuts Shortcuts `json:"shortcuts,omitzero"`

	// RemindUnlockedMinutes is how long a lock may stay unlocked (or its
	// door open) before a reminder, for every lock; 0 turns reminders off.
	// Not omitempty: 0 is a choice, and a missing key means the default.
	RemindUnlockedMinutes int `json:"remindUnlockedMinutes"`
	// RemindUnlockedMinutesPerLock overrides it for some locks, by id.
	RemindUnlockedMinutesPerLock map[string]int `json:"remindUnlockedMinutesPerLock,omitempty"`
	// RemindPassageMinutes is how long a lock may stay held open in
	// Passage mode before a reminder (0: never); PassageRemindersOff lists
	// the locks whose Passage mode is never reminded of (a shop door held
	// open all day).
	RemindPassageMinutes int      `json:"remindPassageMinutes"`
	PassageRemindersOff  []string `json:"passageRemindersOff,omitempty"`
	// LockOnSleep and LockOnScreenLock list the locks to lock when this
	// computer goes to sleep or locks its screen (opt-in).
	LockOnSleep      []string `json:"lockOnSleep,omitempty"`
	LockOnScreenLock []string `json:"lockOnScreenLock,omitempty"`
	// LightsOffWhenAway lists the lights, switches and plugs to turn off
	// when this computer locks its screen or goes to sleep; LightsBackOn
	// those to turn back on when the person is back, if utec-tray turned
	// them off (opt-in; see lights.go).
	LightsOffWhenAway []string `json:"lightsOffWhenAway,omitempty"`
	LightsBackOn      []string `json:"lightsBackOn,omitempty"`
	// The one-run overrides of the above (UTEC_REMIND_AFTER,
	// UTEC_LOCK_ON_SLEEP, UTEC_LOCK_ON_SCREEN_LOCK): never saved.
	RemindAfterOverride time.Duration `json:"-"`
	LockAllOnSleep      bool          `json:"-"`
	LockAllOnScreenLock bool          `json:"-"`

	// HomeNetworks are the networks marked "This is my home network"
	// (home.go); LeftHomeMinutes is how long the computer must be off
	// them before the offer to lock (0: DefaultLeftHomeMinutes), and
	// LeftHomeAfterOverride its one-run override (UTEC_LEFT_HOME_AFTER).
	HomeNetworks          []HomeNetwork `json:"homeNetworks,omitempty"`
	LeftHomeMinutes       int           `json:"leftHomeMinutes,omitempty"`
	LeftHomeAfterOverride time.Duration `json:"-"`
}

// Default returns the settings of a fresh install.
func Default() Settings {
	return Settings{
		Service:          Service{RedirectPort: DefaultRedirectPort},
		PollSeconds:      int(DefaultPollInterval / time.Second),
		PaceSettings:     defaultPace(),
		BatteryThreshold: DefaultBatteryThreshold,
		Notify: Notifications{
			LockChanged: true, Jammed: true, Offline: true, BatteryLow: true, SignIn: true, Failures: true,
		},
		LogLevel:              "info",
		RemindUnlockedMinutes: DefaultRemindUnlockedMinutes,
		RemindPassageMinutes:  DefaultRemindPassageMinutes,
	}
}

// PollInterval returns the idle polling interval, never below the minimum.
func (s Settings) PollInterval() time.Duration {
	return max(time.Duration(s.PollSeconds)*time.Second, MinPollInterval)
}

// IsHidden reports whether the device is hidden from the tray.
func (s Settings) IsHidden(id string) bool { return contains(s.Hidden, id) }

// AsksBeforeUnlock reports whether unlocking the lock needs a confirmation.
func (s Settings) AsksBeforeUnlock(id string) bool { return !contains(s.UnlockWithoutAsking, id) }

// IsMuted reports whether the device's changes are not announced.
func (s Settings) IsMuted(id string) bool { return contains(s.Muted, id) }

// SetMuted mutes or unmutes a device's notifications.
func (s *Settings) SetMuted(id string, muted bool) { s.Muted = setMember(s.Muted, id, muted) }

// SetHidden shows or hides a device.
func (s *Settings) SetHidden(id string, hidden bool) { s.Hidden = setMember(s.Hidden, id, hidden) }

// SetAskBeforeUnlock turns the unlock confirmation of a lock on or off.
func (s *Settings) SetAskBeforeUnlock(id string, ask bool) {
	s.UnlockWithoutAsking = setMember(s.UnlockWithoutAsking, id, !ask)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func setMember(list []string, v string, member bool) []string {
	out := make([]string, 0, len(list)+1)
	for _, x := range list {
		if x != v {
			out = append(out, x)
		}
	}
	if member {
		out = append(out, v)
	}
	return out
}

// normalise fills what a hand-edited or older file left out and brings
// values into range, so that the rest of the program can trust them.
func (s *Settings) normalise() {
	d := Default()
	s.ClientID = strings.TrimSpace(s.ClientID)
	if s.RedirectPort <= 0 || s.RedirectPort > 65535 {
		s.RedirectPort = d.RedirectPort
	}
	if s.PollSeconds <= 0 {
		s.PollSeconds = d.PollSeconds
	}
	s.PollSeconds = max(s.PollSeconds, int(MinPollInterval/time.Second))
	s.normalisePace()
	if s.BatteryThreshold <= 0 || s.BatteryThreshold > 100 {
		s.BatteryThreshold = d.BatteryThreshold
	}
	switch s.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		s.LogLevel = d.LogLevel
	}
	// A service URL that would send the sign-in unencrypted (a hand edit,
	// or a file from before URLs were checked) is dropped for U-Tec's own:
	// refusing the whole file would keep the tray from starting at all.
	if ValidateServiceURL(s.OAuthURL) != nil {
		s.OAuthURL = d.OAuthURL
	}
	if ValidateServiceURL(s.APIURL) != nil {
		s.APIURL = d.APIURL
	}
	s.normaliseGuard()
	s.normaliseHome()
}

// Dir returns the folder of utec-tray's files: $UTEC_TRAY_CONFIG_DIR when
// set (tests, portable installs), else utec-tray in the user's
// configuration folder.
func Dir() (string, error) { return DirFrom(os.Getenv) }

// DirFrom is Dir with the environment read through getenv.
func DirFrom(getenv func(string) string) (string, error) {
	if d := getenv("UTEC_TRAY_CONFIG_DIR"); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the configuration folder: %w", err)
	}
	return filepath.Join(base, "utec-tray"), nil
}

// File is the settings file name inside Dir.
const File = "settings.json"

// ErrDamaged is matched by the error of a settings file that cannot be
// read as one (cut short, or a typo in a hand edit).
var ErrDamaged = errors.New("the settings file is damaged")

// DamagedError is what Load returns for a damaged settings file, with the
// defaults: the file was renamed to KeptAs, as it was, so that neither the
// next save overwrites it nor every later start stops at it.
type DamagedError struct {
	KeptAs string
	Err    error // why it could not be read
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the settings could not be read (%v); the file was kept as %s and the defaults are used: fix it and move it back, or set the app up again",
		e.Err, e.KeptAs)
}

// Unwrap gives ErrDamaged and the reason.
func (e *DamagedError) Unwrap() []error { return []error{ErrDamaged, e.Err} }

// Load reads the settings file in dir. A missing file gives Default(); a
// damaged one is kept aside and gives Default() with a *DamagedError.
func Load(dir string) (Settings, error) {
	s := Default()
	data, err := os.ReadFile(filepath.Join(dir, File))
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return Default(), keepDamaged(filepath.Join(dir, File), err)
	}
	s.normalise()
	return s, nil
}

// keepDamaged renames the damaged file at path to path.damaged-TIME.
func keepDamaged(path string, why error) error {
	aside := path + ".damaged-" + time.Now().UTC().Format("20060102T150405.000000000Z")
	if err := os.Rename(path, aside); err != nil {
		return fmt.Errorf("read settings %s: %w (%v), and it could not be kept aside: %w", path, ErrDamaged, why, err)
	}
	return &DamagedError{KeptAs: aside, Err: why}
}

// Save writes the settings file in dir atomically, readable by the owner
// only.
func Save(dir string, s Settings) error {
	s.normalise()
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, File), append(data, '\n'))
}

// WriteFileAtomic writes data to path through a temporary file and a
// rename, so that a crash never leaves half a file, with mode 0600.
func WriteFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Environment variables that override settings for one run (scripts,
// tests, the demo). They are never written back to the file.
const (
	EnvClientID     = "UTEC_CLIENT_ID"
	EnvClientSecret = "UTEC_CLIENT_SECRET"
	EnvOAuthURL     = "UTEC_OAUTH_URL"
	EnvAPIURL       = "UTEC_API_URL"
	EnvRedirectPort = "UTEC_REDIRECT_PORT"
)

// ApplyEnv overrides settings from the environment. getenv is os.Getenv in
// the program and a map lookup in tests.
func (s *Settings) ApplyEnv(getenv func(string) string) error {
	if v := strings.TrimSpace(getenv(EnvClientID)); v != "" {
		s.ClientID = v
	}
	if v := strings.TrimSpace(getenv(EnvOAuthURL)); v != "" {
		if err := ValidateServiceURL(v); err != nil {
			return fmt.Errorf("%s: %w", EnvOAuthURL, err)
		}
		s.OAuthURL = v
	}
	if v := strings.TrimSpace(getenv(EnvAPIURL)); v != "" {
		if err := ValidateServiceURL(v); err != nil {
			return fmt.Errorf("%s: %w", EnvAPIURL, err)
		}
		s.APIURL = v
	}
	if v := strings.TrimSpace(getenv(EnvRedirectPort)); v != "" {
		port, err := strconv.Atoi(v)
		if err != nil || port < 0 || port > 65535 {
			return fmt.Errorf("%s=%q is not a port number (1-65535, or 0 for any free port)", EnvRedirectPort, v)
		}
		s.RedirectPort = port
	}
	if err := s.ApplyPaceEnv(getenv); err != nil {
		return err
	}
	return s.ApplyGuardEnv(getenv)
}

// ErrInsecureURL is matched by the error of a service URL that would send
// the sign-in or the access token unencrypted over the network.
var ErrInsecureURL = errors.New("not https")

// ValidateServiceURL checks a service URL (the API or OAuth address) before
// it is used: it must be an absolute https:// URL with a host, and plain
// http:// is accepted only for this computer (localhost, 127.0.0.0/8,
// ::1), where a test or demo cloud runs. User names, passwords, queries
// and fragments are refused: the URL is a base that paths are added to.
// The empty string (U-Tec's own address) is valid.
func ValidateServiceURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return &URLError{URL: raw, Problem: URLNotParsed}
	}
	switch {
	case u.Scheme == "" || u.Host == "" || u.Hostname() == "":
		return &URLError{URL: raw, Problem: URLNotWhole}
	case u.User != nil:
		return &URLError{URL: u.Redacted(), Problem: URLHasUser}
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return &URLError{URL: raw, Problem: URLHasQuery}
	case strings.EqualFold(u.Scheme, "https"):
		return nil
	case strings.EqualFold(u.Scheme, "http") && IsLoopback(u.Hostname()):
		return nil
	case strings.EqualFold(u.Scheme, "http"):
		return &URLError{URL: raw, Problem: URLPlainHTTP}
	}
	return &URLError{URL: raw, Problem: URLOtherScheme}
}

// IsLoopback reports whether host names this computer: localhost, an
// address in 127.0.0.0/8, or ::1.
func IsLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithoutEnv returns s as it should be saved: a field that an environment
// variable overrides for this run, and that still has the overriding
// value, goes back to its value in file (the settings as loaded), so that
// a one-run override never becomes permanent. A field the person changed
// in the window keeps the new value.
func (s Settings) WithoutEnv(file Settings, getenv func(string) string) Settings {
	env := file
	if err := env.ApplyEnv(getenv); err != nil {
		return s
	}
	if getenv(EnvClientID) != "" && s.ClientID == env.ClientID {
		s.ClientID = file.ClientID
	}
	if getenv(EnvOAuthURL) != "" && s.OAuthURL == env.OAuthURL {
		s.OAuthURL = file.OAuthURL
	}
	if getenv(EnvAPIURL) != "" && s.APIURL == env.APIURL {
		s.APIURL = file.APIURL
	}
	if getenv(EnvRedirectPort) != "" && s.RedirectPort == env.RedirectPort {
		s.RedirectPort = file.RedirectPort
	}
	return s
}

// Loaded is what LoadEffective found: the settings in force for this run,
// the file's own (to save changes without the one-run overrides), and the
// folder they live in.
type Loaded struct {
	Effective Settings
	File      Settings
	Dir       string
}

// LoadEffective loads the settings file from Dir and applies the
// environment's one-run overrides: the one way the tray and the command
// line read their settings.
func LoadEffective(getenv func(string) string) (Loaded, error) {
	dir, err := DirFrom(getenv)
	if err != nil {
		return Loaded{}, err
	}
	file, err := Load(dir)
	var damaged *DamagedError
	if err != nil && !errors.As(err, &damaged) {
		return Loaded{Dir: dir}, err
	}
	effective := file
	if err := effective.ApplyEnv(getenv); err != nil {
		return Loaded{Dir: dir}, err
	}
	if damaged != nil {
		// The defaults, and the environment's overrides, are usable: the
		// caller says what happened and goes on.
		return Loaded{Effective: effective, File: file, Dir: dir}, damaged
	}
	return Loaded{Effective: effective, File: file, Dir: dir}, nil
}
