package i18ntest

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/utec-tray/utec-tray/app/i18n"
)

// EnglishLeft returns the texts among shown that are English where the
// language code has its own words. Each is compared, without regard to
// case, with every English message (and plural form) whose translation in
// code differs; a template matches with any text in its fields ("on at
// 60%" is "on at {{.Percent}}%"). A text shown in parts, like a table's
// cells, is passed in parts. An English text that the language says the
// same way ("online", "ID", "Normal") does not count.
func EnglishLeft(code string, shown []string) ([]string, error) {
	en, err := i18n.Messages("en")
	if err != nil {
		return nil, err
	}
	other, err := i18n.Messages(code)
	if err != nil {
		return nil, err
	}
	var english, own []*regexp.Regexp
	for key, e := range en {
		for form, text := range forms(e) {
			theirs := forms(other[key])[form]
			if strings.EqualFold(theirs, text) {
				continue
			}
			if re := pattern(text); re != nil {
				english = append(english, re)
			}
			if re := pattern(theirs); re != nil {
				own = append(own, re)
			}
		}
	}
	var left []string
	for _, s := range shown {
		if matchesAny(english, s) && !matchesAny(own, s) {
			left = append(left, s)
		}
	}
	return left, nil
}

// forms is a message's text by plural form ("" for a plain string).
func forms(m any) map[string]string {
	switch m := m.(type) {
	case string:
		return map[string]string{"": m}
	case map[string]any:
		out := map[string]string{}
		for form, text := range m {
			if s, ok := text.(string); ok {
				out[form] = s
			}
		}
		return out
	}
	return nil
}

var field = regexp.MustCompile(`\{\{[^}]*\}\}`)

// pattern matches a shown text against a message, each {{field}} standing
// for any text; nil for a message with fewer than three letters of its
// own, which would match too much.
func pattern(text string) *regexp.Regexp {
	text = strings.TrimSpace(text)
	letters := 0
	for _, r := range field.ReplaceAllString(text, "") {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 3 {
		return nil
	}
	parts := field.Split(text, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(`(?i)^` + strings.Join(parts, `.+`) + `$`)
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	s = strings.TrimSpace(s)
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
