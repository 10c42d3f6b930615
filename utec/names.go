package utec

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameRunes is the longest device name CleanName keeps, in characters,
// the ellipsis included. Names are set by anyone with access to the
// account; a menu entry or a notification has room for about this much.
const MaxNameRunes = 64

// unnamed is the name of a device whose name and id both clean to nothing.
const unnamed = "Unnamed device"

// CleanName makes a name from the cloud safe to show in a terminal, a menu
// or a notification: terminal escape sequences, control characters (C0,
// DEL, C1) and invisible format characters (unicode.Cf: the bidi overrides
// and isolates U+202A-U+202E and U+2066-U+2069, the marks U+200E, U+200F
// and U+061C, zero-width characters) are removed; every run of white space,
// line breaks included, becomes one space; the ends are trimmed; and a name
// longer than MaxNameRunes is cut with "…". An empty result becomes the
// cleaned fallback (the device id), or "Unnamed device".
//
// Cleaning a cleaned name changes nothing, so a device decoded twice (from
// the cloud, then from a cache) keeps its name.
func CleanName(name, fallback string) string {
	if n := cleanText(name); n != "" {
		return n
	}
	if n := cleanText(fallback); n != "" {
		return n
	}
	return unnamed
}

// CleanID makes a device id safe to show, as CleanName does a name; an id
// that cleans to nothing shows as "(no id)". The id itself stays as sent:
// the cloud needs it back byte for byte.
func CleanID(id string) string {
	if c := cleanText(id); c != "" {
		return c
	}
	return "(no id)"
}

// maxMessageRunes is the longest error message or code from the cloud that
// is kept, in characters, the ellipsis included.
const maxMessageRunes = 200

// cleanMessage is cleanText for the cloud's error codes and messages, which
// reach terminals, notifications and the log as well as names do, cut at
// maxMessageRunes.
func cleanMessage(s string) string { return cleanTextMax(s, maxMessageRunes) }

// cleanText does CleanName's work on one string.
func cleanText(s string) string { return cleanTextMax(s, MaxNameRunes) }

// cleanTextMax is cleanText with a limit of maxRunes characters; cutting is
// by character, never inside one.
func cleanTextMax(s string, maxRunes int) string {
	if isPlain(s, maxRunes) {
		return s // the usual name: nothing to do, no allocation
	}
	var b strings.Builder
	b.Grow(len(s))
	runes := 0
	pendingSpace := false
	cut := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if n := escapeLength(s[i:]); n > 0 {
			i += n
			continue
		}
		i += size
		switch {
		case unicode.IsSpace(r):
			pendingSpace = runes > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if pendingSpace {
			if runes == maxRunes-1 {
				cut = true
				break
			}
			b.WriteByte(' ')
			runes++
			pendingSpace = false
		}
		if runes == maxRunes-1 {
			// One place is left: for the ellipsis if anything follows.
			if rest := cleanRest(s[i:]); rest {
				cut = true
				break
			}
		}
		b.WriteRune(r)
		runes++
		if runes == maxRunes {
			break
		}
	}
	if cut {
		return strings.TrimRight(b.String(), " ") + "…"
	}
	return strings.TrimRight(b.String(), " ")
}

// cleanRest reports whether anything visible is left in s.
func cleanRest(s string) bool {
	for i := 0; i < len(s); {
		if n := escapeLength(s[i:]); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) {
			return true
		}
	}
	return false
}

// isPlain reports whether s needs no cleaning: printable ASCII only, no
// space at either end, no two spaces in a row, not above maxRunes long.
func isPlain(s string, maxRunes int) bool {
	if s == "" || len(s) > maxRunes || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// C1 forms of the escape sequence introducers, as runes.
const (
	c1DCS = '\u0090'
	c1SOS = '\u0098'
	c1CSI = '\u009b'
	c1ST  = '\u009c'
	c1OSC = '\u009d'
	c1PM  = '\u009e'
	c1APC = '\u009f'
)

// escapeLength returns the length in bytes of the terminal escape sequence
// at the start of s, or 0 when s does not start with one. It knows the
// ECMA-48 shapes: CSI (ESC [ or U+009B) with parameters and a final byte;
// the strings OSC, DCS, SOS, PM and APC, ended by BEL or ST (ESC \ or
// U+009C), or by the end of s, since a terminal would swallow the rest;
// and ESC with intermediate bytes and a final byte. Its argument bytes are
// removed with it, so that, say, ESC]0;title BEL leaves no "0;title".
func escapeLength(s string) int {
	r, size := utf8.DecodeRuneInString(s)
	switch r {
	case 0x1b:
		if len(s) < 2 {
			return 1
		}
		switch s[1] {
		case '[':
			return 2 + csiLength(s[2:])
		case ']', 'P', 'X', '^', '_':
			return 2 + stringLength(s[2:])
		}
		n := 1
		for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
			n++ // intermediate bytes
		}
		if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e {
			n++ // final byte
		}
		return n
	case c1CSI:
		return size + csiLength(s[size:])
	case c1OSC, c1DCS, c1SOS, c1PM, c1APC:
		return size + stringLength(s[size:])
	}
	return 0
}

// csiLength is the length of a control sequence's parameter and
// intermediate bytes and its final byte.
func csiLength(s string) int {
	n := 0
	for n < len(s) && s[n] >= 0x20 && s[n] <= 0x3f {
		n++
	}
	if n < len(s) && s[n] >= 0x40 && s[n] <= 0x7e {
		n++
	}
	return n
}

// stringLength is the length of a control string's text and terminator.
func stringLength(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x07, r == c1ST:
			return i + size
		case r == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		}
		i += size
	}
	return len(s)
}
