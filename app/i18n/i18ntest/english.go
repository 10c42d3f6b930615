package i18ntest

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// In loads the language code for the rest of the test and English again
// when it ends. Tests that call it must not run in parallel with others
// of their binary: the language is the process's.
func In(t *testing.T, code string) {
	t.Helper()
	if err := i18n.Load(code); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	})
}

// field is a template's {{.Name}} field, which any text may fill.
var field = regexp.MustCompile(`\{\{\s*\.[A-Za-z]+\s*\}\}`)

// letter finds a word's letter in a text.
var letter = regexp.MustCompile(`\pL`)

// englishPattern is one English text of the files whose translation into
// a language differs: shown as it is, the window forgot to translate it.
type englishPattern struct {
	key string
	// exact is a text without fields; literals and match a template's
	// fixed parts, checked cheaply before the expression.
	exact    string
	literals []string
	match    *regexp.Regexp
}

// englishPatterns are a language's patterns, built once per language.
var englishPatterns = struct {
	sync.Mutex
	of map[string][]englishPattern
}{of: map[string][]englishPattern{}}

func patternsFor(t *testing.T, code string) []englishPattern {
	t.Helper()
	englishPatterns.Lock()
	defer englishPatterns.Unlock()
	if p, ok := englishPatterns.of[code]; ok {
		return p
	}
	en, other := Texts(t, "en"), Texts(t, code)
	var patterns []englishPattern
	for key, text := range en {
		// A text of fields alone ("{{.Name}}: {{.State}}") says no
		// English word: any string would match it.
		if other[key] == text || !letter.MatchString(field.ReplaceAllString(text, "")) {
			continue
		}
		if !field.MatchString(text) {
			patterns = append(patterns, englishPattern{key: key, exact: text})
			continue
		}
		parts := field.Split(text, -1)
		quoted := make([]string, len(parts))
		for i, p := range parts {
			quoted[i] = regexp.QuoteMeta(p)
		}
		patterns = append(patterns, englishPattern{key: key, literals: parts,
			match: regexp.MustCompile("^" + strings.Join(quoted, ".+") + "$")})
	}
	englishPatterns.of[code] = patterns
	return patterns
}

func (p *englishPattern) matches(s string) bool {
	if p.match == nil {
		return s == p.exact
	}
	for _, l := range p.literals {
		if !strings.Contains(s, l) {
			return false
		}
	}
	return p.match.MatchString(s)
}

// EnglishLeft returns those of shown that are an English text of the files
// (a template's fields filled with anything) whose text in code differs:
// words a window shows in English although code has them. Each is
// returned as "shown (key)".
func EnglishLeft(t *testing.T, code string, shown []string) []string {
	t.Helper()
	patterns := patternsFor(t, code)
	var left []string
	for _, s := range shown {
		for i := range patterns {
			if patterns[i].matches(s) {
				left = append(left, s+" ("+patterns[i].key+")")
				break
			}
		}
	}
	slices.Sort(left)
	return slices.Compact(left)
}

// englishWords are words of English sentences that none of the other
// languages' windows use (not "in", "a" or "on", which German, French or
// Spanish do).
var englishWords = regexp.MustCompile(`(?i)\b(the|and|your|this|with|from|for|of|not|when|you|are|will|cannot|can't|does|did|has|have|been|which|until|only|again)\b`)

// EnglishWords returns those of shown that hold a word only English uses,
// for a text that is in no file at all (hard-coded, or another package's
// English); allowed are texts a test knows to be English (names of the
// U-home app's screens such as "My Account > OpenAPI" are matched
// without them).
func EnglishWords(shown []string, allowed ...string) []string {
	var found []string
	for _, s := range shown {
		if slices.Contains(allowed, s) {
			continue
		}
		if englishWords.MatchString(strings.ReplaceAll(s, "My Account > OpenAPI", "")) {
			found = append(found, s)
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}

// Texts is a language's every text, by key for a fixed sentence and by
// "key#form" for each plural form, from i18n.Messages.
func Texts(t testing.TB, code string) map[string]string {
	t.Helper()
	messages, err := i18n.Messages(code)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(messages))
	for key, msg := range messages {
		switch msg := msg.(type) {
		case string:
			out[key] = msg
		case map[string]any:
			for form, text := range msg {
				if s, ok := text.(string); ok {
					out[key+"#"+form] = s
				}
			}
		}
	}
	return out
}

// NoEnglish fails t for every text of shown that is English where code has
// its own words (EnglishLeft) or holds a word only English uses
// (EnglishWords, less allowed). when names what was shown, for the report;
// fewer than atLeast texts means the test looked at too little.
func NoEnglish(t *testing.T, code, when string, shown []string, atLeast int, allowed ...string) {
	t.Helper()
	if len(shown) < atLeast {
		t.Fatalf("%s, %s: only %d texts found, want at least %d: the walk misses what is shown", code, when, len(shown), atLeast)
	}
	for _, s := range EnglishLeft(t, code, shown) {
		t.Errorf("%s, %s: shows English %q", code, when, s)
	}
	for _, s := range EnglishWords(shown, allowed...) {
		t.Errorf("%s, %s: shows English words in %q", code, when, s)
	}
}
