package guard

import (
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
)

// TestMain pins the words to English, whatever the machine's locale: the
// tests compare English durations and sentences ("1 minute", from
// devices.Count, whose plural forms come from the translations).
func TestMain(m *testing.M) { i18ntest.MainInEnglish(m) }
