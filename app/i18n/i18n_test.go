package i18n

import (
	"errors"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"
	"time"
)

// readFile returns a language's messages (Messages), failing the test
// when its files do not read.
func readFile(t *testing.T, code string) map[string]any {
	t.Helper()
	m, err := Messages(code)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestEachAreaInEveryLanguage keeps the files parallel: an area file for
// English has one for every language.
func TestEachAreaInEveryLanguage(t *testing.T) {
	names, err := fs.Glob(translations, "translations/*.en.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		area := strings.TrimSuffix(path.Base(name), ".en.json")
		for _, l := range Languages[2:] {
			if _, err := translations.ReadFile("translations/" + area + "." + l.Code + ".json"); err != nil {
				t.Errorf("%s has no %s.%s.json: %v", name, area, l.Code, err)
			}
		}
	}
}

// TestFilesMatchEnglish keeps every language complete: no key English lacks,
// none missing, and plurals where English has plurals.
func TestFilesMatchEnglish(t *testing.T) {
	en := readFile(t, "en")
	for _, l := range Languages[1:] {
		m := readFile(t, l.Code)
		for key, want := range en {
			got, ok := m[key]
			if !ok {
				t.Errorf("%s.json lacks %q", l.Code, key)
				continue
			}
			wantForms, wantPlural := want.(map[string]any)
			gotForms, gotPlural := got.(map[string]any)
			if wantPlural != gotPlural {
				t.Errorf("%s.json %q: plural %v, English plural %v", l.Code, key, gotPlural, wantPlural)
				continue
			}
			if wantPlural && !slices.Equal(slices.Sorted(maps.Keys(wantForms)), slices.Sorted(maps.Keys(gotForms))) {
				t.Errorf("%s.json %q: forms %v, English %v", l.Code, key, slices.Sorted(maps.Keys(gotForms)), slices.Sorted(maps.Keys(wantForms)))
			}
		}
		for key := range m {
			if _, ok := en[key]; !ok {
				t.Errorf("%s.json has %q, which English lacks", l.Code, key)
			}
		}
	}
}

// TestLoadEachLanguage loads each language the way the app starts (with a
// German system locale, so a choice must win over it) and checks the
// strings come from that language's file.
func TestLoadEachLanguage(t *testing.T) {
	for _, l := range Languages[1:] {
		t.Run(l.Code, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", "de_DE.UTF-8")
			t.Setenv("LANGUAGE", "")
			if err := Load(l.Code); err != nil {
				t.Fatal(err)
			}
			if got := Current(); got != l.Code {
				t.Fatalf("Current() = %q, want %q", got, l.Code)
			}
			m := readFile(t, l.Code)
			if got, want := T("action.unlock", "Unlock"), m["action.unlock"]; got != want {
				t.Errorf("T(action.unlock) = %q, want %q", got, want)
			}
			forms := m["locks.unlocked"].(map[string]any)
			if got, want := Plural("locks.unlocked", "{{.Count}} locks unlocked", 2, map[string]any{"Count": 2}), forms["other"]; got == want || got == "" {
				t.Errorf("Plural(2) = %q, template not filled (%q)", got, want)
			}
		})
	}
}

func TestPluralForms(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "en_US.UTF-8")
	if err := Load("en"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		count int
		want  string
	}{{1, "1 lock unlocked"}, {2, "2 locks unlocked"}, {0, "0 locks unlocked"}} {
		if got := Plural("locks.unlocked", "{{.Count}} locks unlocked", tc.count, map[string]any{"Count": tc.count}); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.count, got, tc.want)
		}
	}
}

func TestLoadRefusesUnknownLanguage(t *testing.T) {
	if err := Load("xx"); !errors.Is(err, ErrUnknownLanguage) {
		t.Fatalf("Load(xx) = %v, want ErrUnknownLanguage", err)
	}
}

func TestClockFormats(t *testing.T) {
	at := time.Date(2026, 12, 4, 14, 5, 0, 0, time.UTC)
	for code, want := range map[string]string{"en": "14:05", "de": "14:05", "fr": "14:05", "es": "14:05", "ja": "14:05"} {
		if got := at.Format(formatFor(code).clock); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
	for _, l := range Languages[1:] {
		if _, ok := clockFormats[l.Code]; !ok {
			t.Errorf("no clock format for %s", l.Code)
		}
	}
}

// TestInUse: the language whose files Load parses, for a setting and the
// system's locales.
func TestInUse(t *testing.T) {
	for _, tc := range []struct {
		code   string
		system []string
		want   string
	}{
		{"de", []string{"fr-FR"}, "de"},
		{"en", []string{"es-ES"}, "en"},
		{System, []string{"fr-FR", "en-US"}, "fr"},
		{System, []string{"de_AT.UTF-8"}, "de"},
		{System, []string{"ES"}, "es"},
		{System, []string{"pt-BR", "es-MX"}, "es"},
		{System, []string{"pt-BR"}, "en"},
		{System, []string{"C"}, "en"},
		{System, nil, "en"},
	} {
		if got := inUse(tc.code, tc.system); got != tc.want {
			t.Errorf("inUse(%q, %q) = %q, want %q", tc.code, tc.system, got, tc.want)
		}
	}
}

// TestFilesForOneLanguage: Load parses English's files, first, and the
// chosen language's, and no other language's.
func TestFilesForOneLanguage(t *testing.T) {
	english, err := filesOf("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range Languages[1:] {
		names, err := filesFor(l.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(names[:len(english)], english) {
			t.Errorf("%s: English's files are not first: %q", l.Code, names)
		}
		for _, name := range names {
			lang := strings.TrimSuffix(path.Base(name), ".json")
			lang = lang[strings.LastIndex(lang, ".")+1:]
			if lang != "en" && lang != l.Code {
				t.Errorf("%s: loads %s", l.Code, name)
			}
		}
		m := readFile(t, l.Code)
		if want := len(english); l.Code != "en" && len(names) != 2*want {
			t.Errorf("%s: %d files, want %d (English's and as many of its own)", l.Code, len(names), 2*want)
		}
		if len(m) == 0 {
			t.Errorf("%s: no messages", l.Code)
		}
	}
}

// TestSystemLanguageWithoutTranslations: a system language utec-tray has
// no files for shows English, and Load does not fail on it.
func TestSystemLanguageWithoutTranslations(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "pt_BR.UTF-8")
	t.Setenv("LANGUAGE", "")
	if err := Load(System); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := Load("en"); err != nil {
			t.Error(err)
		}
	})
	want := readFile(t, "en")["action.unlock"]
	if got := T("action.unlock", "Unlock"); got != want {
		t.Errorf("T(action.unlock) = %q, want English %q", got, want)
	}
}
