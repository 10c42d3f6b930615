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
// Load parses English's files and those of the language in use, no
// others (issue 21: the resting app held every language's messages).
//
// The package is Fyne-free in the sense that matters here: fyne.io/fyne/v2/lang
// does not pull in the GL driver, so view, cli and alerts may import it.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/jeandeaual/go-locale"
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
	// Only English (the fallback, and the matcher's default) and the
	// language in use are parsed: the other languages' messages would be
	// held all day for nothing (~1 MB of heap).
	names, err := filesFor(inUse(code, systemLocales()))
	if err != nil {
		return err
	}
	for _, name := range names {
		data, err := translations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("i18n: load translations: %w", err)
		}
		if err := lang.AddTranslations(fyne.NewStaticResource(path.Base(name), data)); err != nil {
			return fmt.Errorf("i18n: load %s: %w", name, err)
		}
	}
	return nil
}

// systemLocales lists the system's locales, most wanted first (nil when
// they cannot be read, which inUse takes as English).
func systemLocales() []string {
	all, err := locale.GetLocales()
	if err != nil {
		return nil
	}
	return all
}

// inUse returns the code of the language the strings will be in: the
// setting's, or for System the first of the system's locales (BCP 47 or
// POSIX spellings, "de-DE", "fr_FR.UTF-8") whose language is one of
// Languages, else English.
func inUse(code string, system []string) string {
	if code != System {
		return code
	}
	for _, loc := range system {
		base, _, _ := strings.Cut(strings.ToLower(loc), "-")
		base, _, _ = strings.Cut(base, "_")
		base, _, _ = strings.Cut(base, ".")
		if base != System && known(base) {
			return base
		}
	}
	return "en"
}

// filesFor returns the translation files to load for code: English's
// first, so that English is what Fyne's matcher falls back to, then
// code's (none more when code is English).
func filesFor(code string) ([]string, error) {
	names, err := filesOf("en")
	if err != nil || code == "en" {
		return names, err
	}
	more, err := filesOf(code)
	return append(names, more...), err
}

// filesOf returns the files of one language: translations/<code>.json and
// translations/<area>.<code>.json.
func filesOf(code string) ([]string, error) {
	all, err := fs.Glob(translations, "translations/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	var names []string
	for _, name := range all {
		if base := path.Base(name); base == code+".json" || strings.HasSuffix(base, "."+code+".json") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("i18n: no translations for %q: %w", code, ErrUnknownLanguage)
	}
	return names, nil
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
