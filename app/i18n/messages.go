package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Messages returns every text of a language's files, merged (translations/
// <code>.json and translations/<area>.<code>.json): key to text for a fixed
// sentence, and "key#form" to text for each plural form. It is for tests
// that compare what a window shows with what the files say.
func Messages(code string) (map[string]string, error) {
	names, err := fs.Glob(translations, "translations/*"+code+".json")
	if err != nil {
		return nil, fmt.Errorf("i18n: list %s files: %w", code, err)
	}
	out := map[string]string{}
	for _, name := range names {
		if base := path.Base(name); base != code+".json" && !strings.HasSuffix(base, "."+code+".json") {
			continue
		}
		data, err := translations.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", name, err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		for key, msg := range m {
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
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("i18n: no translations for %q: %w", code, ErrUnknownLanguage)
	}
	return out, nil
}
