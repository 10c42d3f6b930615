package hotkey

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	ok := []struct{ in, want string }{
		{"Ctrl+Alt+L", "Ctrl+Alt+L"},
		{"ctrl+alt+l", "Ctrl+Alt+L"},
		{" Super + Shift + p ", "Super+Shift+P"},
		{"Control+Option+Delete", "Ctrl+Alt+Delete"},
		{"Win+E", "Super+E"},
		{"Strg+Umschalt+L", "Ctrl+Shift+L"},
		{"Alt+Shift+Ctrl+5", "Ctrl+Alt+Shift+5"},
		{"F7", "F7"},
		{"shift+f24", "Shift+F24"},
		{"Pause", "Pause"},
		{"Ctrl+Esc", "Ctrl+Escape"},
		{"Ctrl+PgDn", "Ctrl+PageDown"},
		{"Super+Enter", "Super+Return"},
		{"Ctrl+Alt+Space", "Ctrl+Alt+Space"},
		{"Ctrl+-", "Ctrl+Minus"},
	}
	for _, c := range ok {
		t.Run(c.in, func(t *testing.T) {
			a, err := Parse(c.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.in, err)
			}
			if a.String() != c.want {
				t.Errorf("Parse(%q) = %s, want %s", c.in, a, c.want)
			}
		})
	}
	bad := []struct {
		in   string
		want ParseReason
	}{
		{"", Empty},
		{"   ", Empty},
		{"Ctrl+Alt", NoKey},
		{"Ctrl+Alt+", UnknownKey},
		{"Ctrl++", UnknownKey},
		{"Hyper+L", UnknownKey},
		{"Ctrl+Ä", UnknownKey},
		{"Ctrl+A+B", TwoKeys},
		{"L+Ctrl", TwoKeys},
		{"Ctrl+Control+L", RepeatedModifier},
		{"L", NeedsModifier},
		{"Shift+L", NeedsModifier},
		{"Shift+Space", NeedsModifier},
		{strings.Repeat("Ctrl+", 40) + "L", UnknownKey},
	}
	for _, c := range bad {
		t.Run("bad "+c.in, func(t *testing.T) {
			_, err := Parse(c.in)
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Reason != c.want {
				t.Fatalf("Parse(%q) = %v, want reason %d", c.in, err, c.want)
			}
			if !errors.Is(err, ErrBadAccel) {
				t.Errorf("Parse(%q)'s error is not ErrBadAccel", c.in)
			}
			if err.Error() == "" {
				t.Error("empty message")
			}
		})
	}
}

// Every key of the table parses under its own name and under Ctrl, and
// has a keysym, a virtual key and a portal name.
func TestEveryKeyParses(t *testing.T) {
	t.Parallel()
	for _, k := range keyTable {
		a, err := Parse("Ctrl+" + k.name)
		if err != nil || a.Key != k.name {
			t.Errorf("Parse(Ctrl+%s) = %v, %v", k.name, a, err)
		}
		if k.keysym == 0 || k.vk == 0 || k.xkb == "" {
			t.Errorf("key %s lacks a code: %+v", k.name, k)
		}
	}
	for alias, name := range keyAliases {
		if _, ok := keyTable[strings.ToLower(name)]; !ok {
			t.Errorf("alias %q names %q, which is not a key", alias, name)
		}
	}
}

// FuzzParse: Parse never panics, and what it accepts it writes in a
// form that parses back to the same accelerator.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"Ctrl+Alt+L", "super+shift+p", "F5", "Ctrl++", "+", "Ctrl+Alt+Ä", "ctrl + - "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): untyped error %v", s, err)
			}
			return
		}
		b, err := Parse(a.String())
		if err != nil || b != a {
			t.Fatalf("Parse(%q) = %v, but its String %q parses to %v, %v", s, a, a.String(), b, err)
		}
	})
}
