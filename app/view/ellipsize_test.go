package view

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEllipsize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short stays", "Front door", 10, "Front door"},
		{"exact stays", "abcde", 5, "abcde"},
		{"one over is cut", "abcdef", 5, "abcd…"},
		{"runes not bytes", "ééééééé", 4, "ééé…"},
		{"no trailing separator before ellipsis", "Front · back door", 9, "Front…"},
		{"zero room", "abc", 0, ""},
		{"one rune", "abc", 1, "…"},
		{"empty", "", 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Ellipsize(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("Ellipsize(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if utf8.RuneCountInString(got) > max(tt.n, 0) {
				t.Errorf("Ellipsize(%q, %d) = %q: longer than %d runes", tt.in, tt.n, got, tt.n)
			}
		})
	}
}

// TestCapLabelsReachesSubmenus checks that no label at any depth stays
// longer than MaxLabelRunes.
func TestCapLabelsReachesSubmenus(t *testing.T) {
	long := strings.Repeat("x", MaxLabelRunes+20)
	items := []Item{{Label: long, Children: []Item{{Label: long}, {Label: "ok"}}}}
	capLabels(items)
	for _, it := range []Item{items[0], items[0].Children[0]} {
		if n := utf8.RuneCountInString(it.Label); n != MaxLabelRunes {
			t.Errorf("label %q has %d runes, want %d", it.Label, n, MaxLabelRunes)
		}
	}
	if items[0].Children[1].Label != "ok" {
		t.Errorf("short label changed to %q", items[0].Children[1].Label)
	}
}
