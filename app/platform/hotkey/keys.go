package hotkey

import (
	"fmt"
	"strings"
)

// key is one key an accelerator may name, with what each desktop calls
// it: the X11 keysym, the Windows virtual-key code and the xkb name the
// GlobalShortcuts portal takes in a trigger.
type key struct {
	name   string // canonical, as Accel.Key and String have it
	keysym uint32
	vk     uint16
	xkb    string
	// types is set for keys that type text or move in it: they need
	// Ctrl, Alt or Super.
	types bool
}

// keyTable holds every key Parse accepts, by lower-case name, aliases
// included. Built once from the lists below.
var keyTable = buildKeys()

// keyAliases are other spellings people write, lower case.
var keyAliases = map[string]string{
	"enter": "Return", "esc": "Escape", "del": "Delete", "ins": "Insert",
	"pgup": "PageUp", "prior": "PageUp", "pgdn": "PageDown", "next": "PageDown",
	"backspace": "BackSpace", "back": "BackSpace", "printscreen": "Print", "prtsc": "Print",
	"arrowup": "Up", "arrowdown": "Down", "arrowleft": "Left", "arrowright": "Right",
	"-": "Minus", "=": "Equal", ",": "Comma", ".": "Period", "/": "Slash", ";": "Semicolon",
}

func buildKeys() map[string]key {
	t := map[string]key{}
	add := func(k key) { t[strings.ToLower(k.name)] = k }
	for c := 'A'; c <= 'Z'; c++ {
		// The X keysym of a letter is its lower case (XK_a = 'a').
		add(key{name: string(c), keysym: uint32(c - 'A' + 'a'), vk: uint16(c), xkb: string(c - 'A' + 'a'), types: true})
	}
	for c := '0'; c <= '9'; c++ {
		add(key{name: string(c), keysym: uint32(c), vk: uint16(c), xkb: string(c), types: true})
	}
	for n := 1; n <= 24; n++ {
		// XK_F1 = 0xffbe; VK_F1 = 0x70, both in a row up to F24.
		add(key{name: fmt.Sprintf("F%d", n), keysym: 0xffbe + uint32(n-1), vk: 0x70 + uint16(n-1), xkb: fmt.Sprintf("F%d", n)})
	}
	for _, k := range []key{
		{name: "Space", keysym: 0x20, vk: 0x20, xkb: "space", types: true},
		{name: "Return", keysym: 0xff0d, vk: 0x0d, xkb: "Return", types: true},
		{name: "Tab", keysym: 0xff09, vk: 0x09, xkb: "Tab", types: true},
		{name: "Escape", keysym: 0xff1b, vk: 0x1b, xkb: "Escape", types: true},
		{name: "BackSpace", keysym: 0xff08, vk: 0x08, xkb: "BackSpace", types: true},
		{name: "Delete", keysym: 0xffff, vk: 0x2e, xkb: "Delete", types: true},
		{name: "Insert", keysym: 0xff63, vk: 0x2d, xkb: "Insert", types: true},
		{name: "Home", keysym: 0xff50, vk: 0x24, xkb: "Home", types: true},
		{name: "End", keysym: 0xff57, vk: 0x23, xkb: "End", types: true},
		{name: "PageUp", keysym: 0xff55, vk: 0x21, xkb: "Prior", types: true},
		{name: "PageDown", keysym: 0xff56, vk: 0x22, xkb: "Next", types: true},
		{name: "Left", keysym: 0xff51, vk: 0x25, xkb: "Left", types: true},
		{name: "Up", keysym: 0xff52, vk: 0x26, xkb: "Up", types: true},
		{name: "Right", keysym: 0xff53, vk: 0x27, xkb: "Right", types: true},
		{name: "Down", keysym: 0xff54, vk: 0x28, xkb: "Down", types: true},
		{name: "Minus", keysym: 0x2d, vk: 0xbd, xkb: "minus", types: true},
		{name: "Equal", keysym: 0x3d, vk: 0xbb, xkb: "equal", types: true},
		{name: "Comma", keysym: 0x2c, vk: 0xbc, xkb: "comma", types: true},
		{name: "Period", keysym: 0x2e, vk: 0xbe, xkb: "period", types: true},
		{name: "Slash", keysym: 0x2f, vk: 0xbf, xkb: "slash", types: true},
		{name: "Semicolon", keysym: 0x3b, vk: 0xba, xkb: "semicolon", types: true},
		// These type nothing: a shortcut may be the key alone.
		{name: "Pause", keysym: 0xff13, vk: 0x13, xkb: "Pause"},
		{name: "Print", keysym: 0xff61, vk: 0x2c, xkb: "Print"},
	} {
		add(k)
	}
	return t
}

// lookupKey finds a key by any of its spellings, in any case.
func lookupKey(part string) (key, bool) {
	p := strings.ToLower(part)
	if alias, ok := keyAliases[p]; ok {
		p = strings.ToLower(alias)
	}
	k, ok := keyTable[p]
	return k, ok
}

// keyOf is the table's entry for a parsed accelerator's key.
func keyOf(a Accel) (key, bool) { return lookupKey(a.Key) }
