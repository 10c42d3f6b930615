package alerts

import (
	"errors"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
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

// TestNewsInEachLanguage drives the tracker through every kind of news
// (someone else's unlock and lock, jammed, battery low, offline, back
// online) and the results of the person's own commands, in German, French
// and Spanish, and fails on any title or body that is English
// where the language has its own words.
func TestNewsInEachLanguage(t *testing.T) {
	defer func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	}()
	s := config.Default()
	s.Notify.OwnActions = true
	steps := []fakeHome{
		{lock: utec.LockLocked, battery: 80, online: true},
		{lock: utec.LockUnlocked, battery: 80, online: true},
		{lock: utec.LockLocked, battery: 80, online: true},
		{lock: utec.LockJammed, battery: 80, online: true},
		{lock: utec.LockLocked, battery: 10, online: true},
		{lock: utec.LockLocked, battery: 10, online: false, offline: 1},
		{lock: utec.LockLocked, battery: 10, online: false, offline: 5},
		{lock: utec.LockLocked, battery: 10, online: true},
	}
	lamp := &utec.Device{ID: "B", Name: "Lamp", Category: "LIGHT"}
	front := &utec.Device{ID: "L1", Name: "Front Door", Category: "SmartLock"}
	for _, code := range []string{"de", "fr", "es"} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		var shown []string
		kinds := map[Kind]bool{}
		tr := NewTracker()
		for i, h := range steps {
			h.now = t0.Add(time.Duration(i) * time.Hour)
			for _, a := range tr.Observe(h.state(), s, h.now) {
				kinds[a.Kind] = true
				shown = append(shown, a.Title, a.Body) // the buttons' labels are the tray's (app/ui/tray)
			}
		}
		for _, c := range []struct {
			d   *utec.Device
			a   devices.Action
			out utec.Outcome
			err error
		}{
			{front, devices.Action{Verb: devices.Lock}, utec.Outcome{Reached: true, Status: utec.Status{Lock: utec.LockLocked}}, nil},
			{front, devices.Action{Verb: devices.Unlock}, utec.Outcome{}, errors.New("boom")},
			{lamp, devices.Action{Verb: devices.Off}, utec.Outcome{Reached: true}, nil},
			{lamp, devices.Action{Verb: devices.On}, utec.Outcome{Queries: 3}, nil},
		} {
			if a := ForCommand(c.d, c.a, c.out, c.err, s); a != nil {
				kinds[a.Kind] = true
				shown = append(shown, a.Title, a.Body)
			}
		}
		if len(kinds) < 5 {
			t.Fatalf("%s: only the kinds %v came: the test drives too little", code, kinds)
		}
		i18ntest.NoEnglish(t, code, "news", shown, 10)
	}
}
