package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// ErrDuplicateKey is matched by Messages' error when two files of one
// language hold the same key.
var ErrDuplicateKey = errors.New("key in two files of one language")

// Messages returns a language's messages, merged from all its files
// (translations/<code>.json and translations/<area>.<code>.json): a
// string, or a map of plural forms. The completeness tests read the files
// through it, and so do tests that look for English left in a language.
func Messages(code string) (map[string]any, error) {
	names, err := fs.Glob(translations, "translations/*"+code+".json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	merged := map[string]any{}
	var problems []error
	for _, name := range names {
		if base := path.Base(name); base != code+".json" && !strings.HasSuffix(base, "."+code+".json") {
			continue
		}
		data, err := translations.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s does not parse: %w", name, err)
		}
		for key, msg := range m {
			if _, dup := merged[key]; dup {
				problems = append(problems, fmt.Errorf("i18n: %s: %q: %w", name, key, ErrDuplicateKey))
			}
			merged[key] = msg
		}
	}
	if len(merged) == 0 {
		return nil, fmt.Errorf("i18n: no translations for %q: %w", code, ErrUnknownLanguage)
	}
	return merged, errors.Join(problems...)
}
