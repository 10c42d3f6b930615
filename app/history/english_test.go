package history_test

import (
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
)

// The tests compare English words, whatever the machine's locale.
func TestMain(m *testing.M) { i18ntest.MainInEnglish(m) }
