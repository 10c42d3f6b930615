package i18ntest

import (
	"slices"
	"testing"
)

func TestEnglishLeft(t *testing.T) {
	shown := []string{"verriegelt", "locked", "on at 60%", "ein, 60 %", "online", "Front Door", "Sign out", "Abmelden", "ID", "2 devices", "2 Geräte"}
	left, err := EnglishLeft("de", shown)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"locked", "on at 60%", "Sign out", "2 devices"}; !slices.Equal(left, want) {
		t.Errorf("EnglishLeft(de) = %q, want %q", left, want)
	}
	if left, err := EnglishLeft("en", shown); err != nil || len(left) != 0 {
		t.Errorf("EnglishLeft(en) = %q, %v; want none", left, err)
	}
}
