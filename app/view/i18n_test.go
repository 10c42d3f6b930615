package view

import (
	"slices"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
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
