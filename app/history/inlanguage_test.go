package history_test

import (
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/codes"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
)

// TestLineInEachLanguage: the menu's activity lines say what happened and
// who did it in the person's language, the time their way, while the file
// keeps the English words; names and words the app did not write stay.
// (Not parallel: the language is the process's.)
func TestLineInEachLanguage(t *testing.T) {
	at := time.Date(2026, 12, 4, 14, 5, 0, 0, time.UTC)
	events := []history.Event{
		{Time: at, Name: "Haustür", Event: "unlocked", By: history.BySomeoneElse},
		{Time: at, Name: "Haustür", Event: "locked", By: history.BeforeSleeping},
		{Time: at, Name: "Haustür", Event: "jammed", By: "Jane Doe"},
		{Time: at, Name: "Haustür", Event: codes.Event(true, "Ann"), By: history.ByThisComputer},
		{Time: at, Name: "Haustür", Event: codes.Event(false, "Ann"), By: history.ByThisComputer},
		{Time: at, Name: "Haustür", Event: "turned purple", By: history.ByThisComputer},
	}
	for code, want := range map[string][]string{
		"de": {"14:05 Haustür: entriegelt (jemand anderes)", "14:05 Haustür: verriegelt (von diesem Computer, vor dem Ruhezustand)",
			"14:05 Haustür: klemmt (Jane Doe)", "14:05 Haustür: Code an Ann vergeben (von diesem Computer)",
			"14:05 Haustür: Code von Ann entfernt (von diesem Computer)", "14:05 Haustür: turned purple (von diesem Computer)"},
		"fr": {"14:05 Haustür : déverrouillée (quelqu’un d’autre)", "14:05 Haustür : verrouillée (depuis cet ordinateur, avant la mise en veille)",
			"14:05 Haustür : coincée (Jane Doe)", "14:05 Haustür : code donné à Ann (depuis cet ordinateur)",
			"14:05 Haustür : code de Ann retiré (depuis cet ordinateur)", "14:05 Haustür : turned purple (depuis cet ordinateur)"},
		"es": {"14:05 Haustür: desbloqueada (otra persona)", "14:05 Haustür: bloqueada (desde este equipo, antes de suspender)",
			"14:05 Haustür: atascada (Jane Doe)", "14:05 Haustür: código dado a Ann (desde este equipo)",
			"14:05 Haustür: código de Ann quitado (desde este equipo)", "14:05 Haustür: turned purple (desde este equipo)"},
		"en": {"14:05 Haustür unlocked (someone else)", "14:05 Haustür locked (from this computer, before sleeping)",
			"14:05 Haustür jammed (Jane Doe)", "14:05 Haustür code given to Ann (from this computer)",
			"14:05 Haustür code of Ann removed (from this computer)", "14:05 Haustür turned purple (from this computer)"},
	} {
		t.Run(code, func(t *testing.T) {
			i18ntest.In(t, code)
			for i, e := range events {
				if got := e.Line(time.UTC); got != want[i] {
					t.Errorf("%+v: %q, want %q", e, got, want[i])
				}
			}
		})
	}
}
