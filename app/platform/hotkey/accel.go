package hotkey

import (
	"errors"
	"fmt"
	"strings"
)

// Mods are the modifier keys of an accelerator.
type Mods uint8

// The modifiers an accelerator may hold. Alt and Super sit on different
// X11 modifier bits from one keyboard map to the next: the X11 side reads
// the map to place them.
const (
	Ctrl Mods = 1 << iota
	Alt
	Shift
	Super
)

// modNames are the modifiers in the order String writes them (Super
// before Shift, as "Super+Shift+P" is commonly written), with the
// spellings Parse accepts for each (lower case).
var modNames = []struct {
	mod     Mods
	name    string
	aliases []string
}{
	// Strg and Umschalt as German keyboards label them.
	{Ctrl, "Ctrl", []string{"ctrl", "control", "ctl", "strg"}},
	{Alt, "Alt", []string{"alt", "option"}},
	{Super, "Super", []string{"super", "win", "windows", "logo", "meta", "cmd"}},
	{Shift, "Shift", []string{"shift", "umschalt"}},
}

// Accel is a parsed accelerator: modifiers and one key (a name of
// keyTable, as String writes it: "L", "5", "F7", "PageUp").
type Accel struct {
	Mods Mods
	Key  string
}

// String is the accelerator's canonical spelling ("Ctrl+Alt+L"), the
// one Settings shows and saves.
func (a Accel) String() string {
	var b strings.Builder
	for _, m := range modNames {
		if a.Mods&m.mod != 0 {
			b.WriteString(m.name)
			b.WriteByte('+')
		}
	}
	b.WriteString(a.Key)
	return b.String()
}

// ParseReason says what is wrong with an accelerator, for Settings to put
// in words.
type ParseReason int

// The reasons Parse refuses an accelerator.
const (
	// Empty: nothing typed.
	Empty ParseReason = iota + 1
	// UnknownKey: a part that is neither a modifier nor a key we know.
	UnknownKey
	// NoKey: modifiers only ("Ctrl+Alt").
	NoKey
	// TwoKeys: two keys that are not modifiers ("Ctrl+A+B"), or a key
	// before a modifier.
	TwoKeys
	// RepeatedModifier: a modifier twice ("Ctrl+Control+L").
	RepeatedModifier
	// NeedsModifier: a typing key with no Ctrl, Alt or Super: grabbing
	// it would take the key from every program ("L", "Shift+L").
	NeedsModifier
)

// ErrBadAccel is what every *ParseError matches with errors.Is.
var ErrBadAccel = errors.New("not a keyboard shortcut")

// ParseError is why Parse refused an accelerator; Part is the piece at
// fault, when there is one.
type ParseError struct {
	Input  string
	Part   string
	Reason ParseReason
}

func (e *ParseError) Error() string {
	switch e.Reason {
	case Empty:
		return "no keyboard shortcut given"
	case UnknownKey:
		return fmt.Sprintf("%q in %q is not a key name (write it like Ctrl+Alt+L)", e.Part, e.Input)
	case NoKey:
		return fmt.Sprintf("%q has no key besides the modifiers", e.Input)
	case TwoKeys:
		return fmt.Sprintf("%q has more than one key besides the modifiers, or a key before a modifier", e.Input)
	case RepeatedModifier:
		return fmt.Sprintf("%q names %s twice", e.Input, e.Part)
	case NeedsModifier:
		return fmt.Sprintf("%q needs Ctrl, Alt or Super: alone it would take the key from every program", e.Input)
	}
	return fmt.Sprintf("%q is not a keyboard shortcut", e.Input)
}

// Is makes errors.Is(err, ErrBadAccel) true.
func (e *ParseError) Is(target error) bool { return target == ErrBadAccel }

// maxAccelLen bounds what Parse reads: no real accelerator is longer,
// and the portal hands back text the desktop wrote.
const maxAccelLen = 128

// Parse reads an accelerator written as modifiers and a key joined by
// "+" ("Ctrl+Alt+L", "super + shift + p", "Ctrl+F5"): case and spaces
// do not matter, the key comes last. Keys that type text need Ctrl, Alt
// or Super.
func Parse(s string) (Accel, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return Accel{}, &ParseError{Input: s, Reason: Empty}
	}
	if len(in) > maxAccelLen {
		return Accel{}, &ParseError{Input: in[:maxAccelLen], Part: "", Reason: UnknownKey}
	}
	var a Accel
	parts := strings.Split(in, "+")
	for i, raw := range parts {
		part := strings.TrimSpace(raw)
		if m, ok := modifier(part); ok {
			if a.Key != "" {
				return Accel{}, &ParseError{Input: in, Part: part, Reason: TwoKeys}
			}
			if a.Mods&m != 0 {
				return Accel{}, &ParseError{Input: in, Part: part, Reason: RepeatedModifier}
			}
			a.Mods |= m
			continue
		}
		k, ok := lookupKey(part)
		if !ok {
			return Accel{}, &ParseError{Input: in, Part: part, Reason: UnknownKey}
		}
		if a.Key != "" || i != len(parts)-1 {
			return Accel{}, &ParseError{Input: in, Part: part, Reason: TwoKeys}
		}
		a.Key = k.name
	}
	if a.Key == "" {
		return Accel{}, &ParseError{Input: in, Reason: NoKey}
	}
	if k, _ := lookupKey(a.Key); k.types && a.Mods&(Ctrl|Alt|Super) == 0 {
		return Accel{}, &ParseError{Input: in, Reason: NeedsModifier}
	}
	return a, nil
}

// modifier reads one modifier's name.
func modifier(part string) (Mods, bool) {
	p := strings.ToLower(part)
	for _, m := range modNames {
		for _, alias := range m.aliases {
			if p == alias {
				return m.mod, true
			}
		}
	}
	return 0, false
}
