package view

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/app/session/signin"
	"github.com/utec-tray/utec-tray/utec"
)

// TestMain pins the menus to English, whatever the machine's locale, so
// the tests that compare labels hold everywhere.
func TestMain(m *testing.M) { i18ntest.MainInEnglish(m) }

// TestMenuInEachLanguage builds the menu with two unlocked locks in each
// language. It does not run in parallel (the language is the process's)
// and restores English before the parallel tests resume.
func TestMenuInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for code, want := range map[string][]string{
		"en": {"Lock all", "Lock Front"},
		"de": {"Alle verriegeln", "Front verriegeln"},
		"fr": {"Tout verrouiller", "Verrouiller Front"},
		"es": {"Bloquear todas", "Bloquear Front"},
	} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		s := snapshot(lock("A", "Front", utec.LockUnlocked, 80), lock("B", "Back", utec.LockUnlocked, 80))
		got := labels(Build(s).Items, "")
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: no %q in %q", code, w, got)
			}
		}
	}
}

// TestFirstLineInEachLanguage checks the words a person reads first (the
// first line, a lock's and a light's state, Quit) come from the language's
// file, and that plurals follow the count.
func TestFirstLineInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for code, want := range map[string][]string{
		"en": {"Front unlocked", "Front: Unlocked · battery 80%", "Lamp: On at 60%", "Quit utec-tray", "Recent activity"},
		"de": {"Front entriegelt", "Front: Entriegelt · Batterie 80 %", "Lamp: Ein, 60 %", "utec-tray beenden", "Letzte Aktivität"},
		"fr": {"Front déverrouillée", "Front: Déverrouillée · pile 80 %", "Lamp: Allumé à 60 %", "Quitter utec-tray", "Activité récente"},
		"es": {"Front desbloqueada", "Front: Desbloqueada · batería 80 %", "Lamp: Encendido al 60 %", "Salir de utec-tray", "Actividad reciente"},
	} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		m := Build(snapshot(lock("A", "Front", utec.LockUnlocked, 80), light("L", "Lamp", true, 60)))
		got := append(labels(m.Items, ""), m.Summary)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: no %q in %q", code, w, got)
			}
		}
	}
}

func TestDeviceCountPlural(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for _, tc := range []struct {
		code      string
		one, many string
	}{
		{"en", "1 device", "2 devices"},
		{"de", "1 Gerät", "2 Geräte"},
		{"fr", "1 appareil", "2 appareils"},
		{"es", "1 dispositivo", "2 dispositivos"},
	} {
		if err := i18n.Load(tc.code); err != nil {
			t.Fatal(err)
		}
		if got := Build(snapshot(light("L", "Lamp", false, 0))).Summary; got != tc.one {
			t.Errorf("%s: one light: %q, want %q", tc.code, got, tc.one)
		}
		if got := Build(snapshot(light("L", "Lamp", false, 0), light("M", "Hall", false, 0))).Summary; got != tc.many {
			t.Errorf("%s: two lights: %q, want %q", tc.code, got, tc.many)
		}
	}
}

// TestNoEnglishLeftInEachLanguage builds the menu and the quick panel of
// many homes (unlocked, jammed, offline, battery low, held open, door
// open, a command under way, history, paused, the cloud failing, signed
// out, the keyring locked) in German, French and Spanish, and fails on
// any shown text that is English where the language has its own words.
func TestNoEnglishLeftInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	jammed := lock("J", "Side Door", utec.LockJammed, 15)
	passage := lock("P", "Shop Door", utec.LockUnlocked, 60)
	passage.Status.LockMode = ptr(utec.LockModePassage)
	doorOpen := lock("O", "Back Door", utec.LockLocked, 90)
	doorOpen.Status.Door = utec.DoorOpen
	offline := light("G", "Garage Light", true, 0)
	offline.Status.Online = ptr(false)
	offline.LastOnline = now.Add(-95 * time.Minute)
	plug := poller.Device{Device: utec.Device{ID: "C", Name: "Coffee Maker", Category: "SmartPlug"}, Updated: now, LastOnline: now,
		Status: utec.Status{DeviceID: "C", On: ptr(false), Online: ptr(true)}}
	home := snapshot(lock("F", "Front Door", utec.LockUnlocked, 80), jammed, passage, doorOpen, light("L", "Lamp", true, 60), offline, plug)
	home.Pending = map[string]devices.Action{"O": {Verb: devices.Lock}}
	home.Recent = []history.Event{
		{Time: now, ID: "F", Name: "Front Door", Event: "unlocked", By: history.BySomeoneElse},
		{Time: now, ID: "F", Name: "Front Door", Event: "locked", By: history.BeforeSleeping},
		{Time: now, ID: "L", Name: "Lamp", Event: history.TurnedOff, By: history.ScreenLocked},
		{Time: now, ID: "L", Name: "Lamp", Event: history.TurnedOn, By: history.CameBack},
	}
	home.Reminded = []string{"F"}
	paused := home
	paused.Now, paused.PausedUntil = now, now.Add(time.Hour)
	failing := home
	failing.Poll.FailingSince = now.Add(-10 * time.Minute)
	failing.Poll.LastErr = &utec.HTTPError{StatusCode: 503}
	keyring := home
	keyring.SignIn = signin.KeyringUnavailable
	homes := map[string]Snapshot{"home": home, "paused": paused, "failing": failing, "keyring": keyring,
		"signed out": {SignIn: signin.SignedOut}, "signing in": {SignIn: signin.SignedOut, SigningIn: true},
		"refused": {SignIn: signin.Refused}}
	for _, code := range []string{"de", "fr", "es"} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		for name, s := range homes {
			f := BuildFrame(s)
			shown := append(labelTexts(f.Menu.Items), f.Menu.Summary, f.Menu.Tooltip, f.Panel.Summary)
			for _, r := range f.Panel.Rows {
				shown = append(shown, r.State, r.Button.Label)
			}
			i18ntest.NoEnglish(t, code, name, withParts(shown), 1)
		}
	}
}

// labelTexts are the menu's labels, submenus included.
func labelTexts(items []Item) []string {
	var out []string
	for _, it := range items {
		if it.Label != "" {
			out = append(out, it.Label)
		}
		out = append(out, labelTexts(it.Children)...)
	}
	return out
}

// withParts adds the parts of composed labels ("Front Door: Unlocked ·
// battery 80%"), each of which a file must have said.
func withParts(texts []string) []string {
	out := slices.Clone(texts)
	for _, s := range texts {
		if _, state, ok := strings.Cut(s, ": "); ok {
			s = state
		}
		out = append(out, strings.Split(s, " · ")...)
	}
	return out
}
