//go:build linux

package tokenstore

import (
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
)

// TestHintsInTheFiles: each hint's English is its key's English in the
// translations, so the person reads the same advice in their language,
// and each language says it in its own words.
func TestHintsInTheFiles(t *testing.T) {
	all := []words{hintNoBus, hintNoService, hintOther, hint(nil, true, 20*time.Second)}
	for _, m := range []map[secretService]words{lockedHints, noCollectionHints} {
		for _, w := range m {
			all = append(all, w)
		}
	}
	en := i18ntest.Texts(t, "en")
	for _, w := range all {
		if en[w.key] != w.english {
			t.Errorf("%s: the file says %q, the code %q", w.key, en[w.key], w.english)
		}
		for _, code := range []string{"de", "fr", "es"} {
			other := i18ntest.Texts(t, code)
			if other[w.key] == "" || other[w.key] == w.english {
				t.Errorf("%s: not in %s", w.key, code)
			}
		}
	}
	if got := hint(nil, true, 20*time.Second).en(); got[:41] != "the keyring did not answer within 20s: it" {
		t.Errorf("the timeout's English %q", got)
	}
}
