package i18ntest

import (
	"slices"
	"strings"
	"testing"
)

func TestEnglishLeft(t *testing.T) {
	shown := []string{"verriegelt", "locked", "on at 60%", "ein, 60 %", "online", "Front Door", "Sign out", "Abmelden", "ID", "2 devices", "2 Geräte"}
	var left []string
	for _, s := range EnglishLeft(t, "de", shown) {
		left = append(left, s[:strings.LastIndex(s, " (")]) // "shown (key)"
	}
	slices.Sort(left)
	if want := []string{"2 devices", "Sign out", "locked", "on at 60%"}; !slices.Equal(left, want) {
		t.Errorf("EnglishLeft(de) = %q, want %q", left, want)
	}
	if left := EnglishLeft(t, "en", shown); len(left) != 0 {
		t.Errorf("EnglishLeft(en) = %q; want none", left)
	}
}
