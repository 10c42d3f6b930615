package view

import (
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/pace"
)

func TestEveryAndSpan(t *testing.T) {
	for _, c := range []struct {
		d           time.Duration
		every, span string
	}{
		{time.Second, "every second", "a second"},
		{10 * time.Second, "every 10 s", "10 s"},
		{90 * time.Second, "every 90 s", "90 s"},
		{time.Minute, "every minute", "a minute"},
		{5 * time.Minute, "every 5 minutes", "5 minutes"},
		{time.Hour, "every hour", "an hour"},
		{150 * time.Minute, "every 150 minutes", "150 minutes"},
		{2 * time.Hour, "every 2 hours", "2 hours"},
		{1500 * time.Millisecond, "every 2 s", "2 s"},
		{0, "every second", "a second"},
	} {
		if got := Every(c.d); got != c.every {
			t.Errorf("Every(%v) = %q, want %q", c.d, got, c.every)
		}
		if got := Span(c.d); got != c.span {
			t.Errorf("Span(%v) = %q, want %q", c.d, got, c.span)
		}
	}
}

// TestPaceWordsInEachLanguage: the sentence is whole in every language
// (no key left in English, no template left unfilled). Not parallel: the
// language is the process's.
func TestPaceWordsInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for code, want := range map[string]string{
		"en": "Checks every 10 s while you're here, every minute when you're away (no input for 5 minutes), and every 5 minutes while the screen is locked.",
		"de": "Prüft alle 10 s, solange Sie am Computer sind, jede Minute, wenn Sie weg sind (keine Eingabe seit 5 Minuten), und alle 5 Minuten, solange der Bildschirm gesperrt ist.",
		"fr": "Vérifie toutes les 10 s tant que vous êtes là, toutes les minutes quand vous êtes absent (aucune saisie depuis 5 minutes), et toutes les 5 minutes tant que l'écran est verrouillé.",
		"es": "Comprueba cada 10 s mientras está aquí, cada minuto cuando no está (sin actividad desde hace 5 minutos), y cada 5 minutos mientras la pantalla está bloqueada.",
	} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		if got := PaceWords(pace.Defaults); got != want {
			t.Errorf("%s: %q,\nwant %q", code, got, want)
		}
	}
}
