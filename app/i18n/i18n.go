// Package i18n loads utec-tray's translations and holds the helpers every
// user-facing string goes through: T (a fixed sentence keyed by its English
// text or an explicit key), Plural (a sentence whose words change with a
// count) and Clock/Day (times and dates in the person's format).
//
// Translations live in translations/<lang>.json and, for a feature that keeps
// its strings apart, translations/<area>.<lang>.json (go-i18n JSON, the format
// fyne.io/fyne/v2/lang reads); English is the reference: every other file
// has exactly its keys (checked by TestFilesMatchEnglish), and English has
// exactly the keys and texts of the code's calls (TestEveryCallMatchesEnglish,
// which walks the code, since fyne translate cannot see through T and
// Plural). Adding a string
// means adding it to all four files; adding a language means adding one
// file and one row in Languages and clockFormats.
//
// Load must run once at start, before any string is built: Fyne's lang
// package picks the locale when translations are added, and it offers no
// way to change it later (fyne #5333), so a Language chosen in Settings
// takes effect at the next start, through the LANGUAGE variable that
// jeandeaual/go-locale reads on Linux and the BSDs.
//
// The package is Fyne-free in the sense that matters here: fyne.io/fyne/v2/lang
// does not pull in the GL driver, so view, cli and alerts may import it.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"os"

	"fyne.io/fyne/v2/lang"
)

//go:embed translations/*.json
var translations embed.FS

// System is the Language setting that follows the system's locale.
const System = ""

// Language is one choice of the Settings' Language list.
type Language struct {
	Code string // the config value and the LANGUAGE value; System for the system's
	Name string // the name in its own language, as the list shows it
}

// Languages lists the choices, System first; each Code but System has a
// translations/<Code>.json.
var Languages = []Language{
	{System, "System"},
	{"en", "English"},
	{"de", "Deutsch"},
	{"fr", "Français"},
	{"es", "Español"},
}

// ErrUnknownLanguage is returned by Load for a code not in Languages.
var ErrUnknownLanguage = errors.New("unknown language")

// Load sets the process's language to code (System keeps the system's) and
// loads the translations. Call it once, before any string is built.
func Load(code string) error {
	if !known(code) {
		return fmt.Errorf("i18n: %q: %w", code, ErrUnknownLanguage)
	}
	if code != System {
		// go-locale prefers LANGUAGE over LC_ALL/LANG unless those say C or
		// POSIX; with no locale at all it would ignore LANGUAGE, so give it
		// LC_MESSAGES too, which only message catalogues read.
		if err := os.Setenv("LANGUAGE", code); err != nil {
			return fmt.Errorf("i18n: set LANGUAGE: %w", err)
		}
		if os.Getenv("LC_ALL") == "" && os.Getenv("LC_MESSAGES") == "" && os.Getenv("LANG") == "" {
			_ = os.Setenv("LC_MESSAGES", code)
		}
	}
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		return fmt.Errorf("i18n: load translations: %w", err)
	}
	return nil
}

func known(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Current is the language the strings are in, e.g. "de" (after Load).
func Current() string {
	return lang.SystemLocale().LanguageString()
}

// T translates a fixed sentence; key is an explicit key (see the README's
// glossary for the naming) and english its text, used when a file lacks it.
// data fills {{.Name}} style fields.
func T(key, english string, data ...any) string {
	return lang.X(key, english, data...)
}

// Plural translates a sentence with a count: the files hold "one" and
// "other" forms, and data should carry the count as {{.Count}}.
func Plural(key, english string, count int, data ...any) string {
	return lang.XN(key, english, count, data...)
}
