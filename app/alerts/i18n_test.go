package alerts

import (
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/utec"
)

// TestUnlockNewsInEachLanguage: the news of someone else's unlock, title
// and body, is in the language loaded. Not parallel (the language is the
// process's); English is back before the parallel tests resume.
func TestUnlockNewsInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for _, tc := range []struct{ code, title, body string }{
		{"en", "Front Door unlocked", "By someone else between 14:05 and 14:06, not from this computer."},
		{"de", "Front Door entriegelt", "Von jemand anderem zwischen 14:05 und 14:06, nicht von diesem Computer aus."},
		{"fr", "Front Door déverrouillée", "Par quelqu’un d’autre entre 14:05 et 14:06, pas depuis cet ordinateur."},
		{"es", "Front Door desbloqueada", "Por otra persona entre las 14:05 y las 14:06, no desde este equipo."},
	} {
		if err := i18n.Load(tc.code); err != nil {
			t.Fatal(err)
		}
		s := config.Default()
		tr := NewTracker()
		tr.Observe(fakeHome{now: t0, lock: utec.LockLocked, battery: 80, online: true}.state(), s, t0)
		now := t0.Add(time.Minute)
		got := tr.Observe(fakeHome{now: now, lock: utec.LockUnlocked, battery: 80, online: true}.state(), s, now)
		if len(got) != 1 {
			t.Fatalf("%s: alerts %+v, want one", tc.code, got)
		}
		if got[0].Title != tc.title || got[0].Body != tc.body {
			t.Errorf("%s: %q / %q, want %q / %q", tc.code, got[0].Title, got[0].Body, tc.title, tc.body)
		}
	}
}

func TestSummaryPlural(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	for code, want := range map[string]string{"en": "4 changes at home", "de": "4 Änderungen zu Hause",
		"fr": "4 changements à la maison", "es": "4 cambios en casa"} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		got := coalesce(make([]Alert, MaxPerUpdate+1))
		if len(got) != 1 || got[0].Title != want {
			t.Errorf("%s: %+v, want one titled %q", code, got, want)
		}
	}
}
