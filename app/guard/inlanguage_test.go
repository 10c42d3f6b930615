package guard

import (
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// TestWordsInEachLanguage: the reminders, the wake report and the word
// about an unreachable cloud are in the person's language, with real
// plurals. (Not parallel: the language is the process's.)
func TestWordsInEachLanguage(t *testing.T) {
	front := utec.Device{ID: "F", Name: "Haustür", Category: "SmartLock"}
	back := utec.Device{ID: "B", Name: "Hintertür", Category: "SmartLock"}
	type want struct{ reminder, passage, duration, one, some, body, unreachable string }
	for code, w := range map[string]want{
		"de": {"Haustür noch entriegelt / seit 1 Stunde 5 Minuten", "Haustür noch dauerhaft offen (Passage-Modus) / seit 1 Minute", "2 Sekunden",
			"Haustür vor dem Ruhezustand verriegelt", "Vor dem Ruhezustand verriegelt: 1 von 2 bestätigt",
			"Haustür: verriegelt\nHintertür: nicht bestätigt: zeigt entriegelt", "Schlösser lassen sich nicht prüfen, solange U-Tec nicht erreichbar ist"},
		"fr": {"Haustür toujours déverrouillée / depuis 1 heure 5 minutes", "Haustür toujours maintenue ouverte (mode passage) / depuis 1 minute", "2 secondes",
			"Haustür verrouillée avant la mise en veille", "Serrures verrouillées avant la mise en veille : 1 sur 2 confirmées",
			"Haustür : verrouillée\nHintertür : non confirmé : elle indique déverrouillée", "Impossible de vérifier les serrures tant qu’U-Tec est injoignable"},
		"es": {"Haustür sigue desbloqueada / desde hace 1 hora 5 minutos", "Haustür sigue mantenida abierta (modo paso) / desde hace 1 minuto", "2 segundos",
			"Haustür bloqueada antes de suspender", "Cerraduras bloqueadas antes de suspender: 1 de 2 confirmadas",
			"Haustür: bloqueada\nHintertür: sin confirmar: indica desbloqueada", "No se pueden comprobar las cerraduras mientras U-Tec no responda"},
	} {
		t.Run(code, func(t *testing.T) {
			i18ntest.In(t, code)
			unlocked := &poller.Device{Device: front, Status: utec.Status{Lock: utec.LockUnlocked}}
			if r := reminder(unlocked, 65*time.Minute, 1); r.Title+" / "+r.Body != w.reminder {
				t.Errorf("reminder %q / %q, want %q", r.Title, r.Body, w.reminder)
			}
			held := fresh(home{front: utec.LockUnlocked, passage: true})
			held.Devices[0].Device.Name = front.Name
			if r := reminder(&held.Devices[0], time.Minute, 1); r.Title+" / "+r.Body != w.passage {
				t.Errorf("passage reminder %q / %q, want %q", r.Title, r.Body, w.passage)
			}
			if got := Duration(2 * time.Second); got != w.duration {
				t.Errorf("Duration %q, want %q", got, w.duration)
			}
			st := fresh(home{front: utec.LockLocked, back: utec.LockUnlocked})
			if title, _ := SleepReport([]SleepLock{{Device: front}}, &st); title != w.one {
				t.Errorf("report of one %q, want %q", title, w.one)
			}
			title, body := SleepReport([]SleepLock{{Device: front}, {Device: back}}, &st)
			if title != w.some || body != w.body {
				t.Errorf("report of two %q, %q; want %q, %q", title, body, w.some, w.body)
			}
			if got, _ := Unreachable(); got != w.unreachable {
				t.Errorf("Unreachable %q, want %q", got, w.unreachable)
			}
		})
	}
}
