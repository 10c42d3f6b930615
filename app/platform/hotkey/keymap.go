package hotkey

// X11's keyboard as the server maps it, read once per map: which keycode
// carries a keysym, and which of the eight modifier bits Alt, Super and
// the locks sit on. Pure, so that it is tested on made-up maps too.

// The X core modifier bits that never move.
const (
	xShift   = 1 << 0
	xLock    = 1 << 1 // CapsLock
	xControl = 1 << 2
	xMod1    = 1 << 3
	xMod2    = 1 << 4
	xMod4    = 1 << 6
)

// Keysyms of the keys whose modifier bits the map decides.
const (
	ksAltL       = 0xffe9
	ksAltR       = 0xffea
	ksMetaL      = 0xffe7
	ksSuperL     = 0xffeb
	ksSuperR     = 0xffec
	ksNumLock    = 0xff7f
	ksScrollLock = 0xff14
)

// keymap is one keyboard map.
type keymap struct {
	min     uint8
	perCode int
	syms    []uint32 // perCode keysyms per keycode, from min on
	alt     uint16
	super   uint16
	num     uint16
	scroll  uint16
}

// newKeymap reads a GetKeyboardMapping and a GetModifierMapping reply.
// A modifier the map does not place is where most servers put it (Alt
// on Mod1, Super on Mod4, NumLock on Mod2); ScrollLock then has no bit.
func newKeymap[S ~uint32, C ~uint8](lo C, perCode int, syms []S, perMod int, modCodes []C) keymap {
	k := keymap{min: uint8(lo), perCode: perCode}
	for _, s := range syms {
		k.syms = append(k.syms, uint32(s))
	}
	for bit := 0; bit < 8 && perMod > 0; bit++ {
		for _, kc := range modCodes[min(bit*perMod, len(modCodes)):min((bit+1)*perMod, len(modCodes))] {
			if kc == 0 {
				continue
			}
			k.place(uint16(1)<<bit, uint8(kc))
		}
	}
	if k.alt == 0 {
		k.alt = xMod1
	}
	if k.super == 0 {
		k.super = xMod4
	}
	if k.num == 0 {
		k.num = xMod2
	}
	return k
}

// place records which modifier the keysyms of keycode kc stand for,
// when the bit is one of Mod1 to Mod5 (Shift, Lock and Control are
// fixed).
func (k *keymap) place(bit uint16, kc uint8) {
	if bit < xMod1 {
		return
	}
	for _, s := range k.symsOf(kc) {
		switch s {
		case ksAltL, ksAltR, ksMetaL:
			k.alt = first(k.alt, bit)
		case ksSuperL, ksSuperR:
			k.super = first(k.super, bit)
		case ksNumLock:
			k.num = first(k.num, bit)
		case ksScrollLock:
			k.scroll = first(k.scroll, bit)
		}
	}
}

func first(have, bit uint16) uint16 {
	if have != 0 {
		return have
	}
	return bit
}

// symsOf is the keysyms of one keycode (none outside the map).
func (k *keymap) symsOf(kc uint8) []uint32 {
	if kc < k.min || k.perCode <= 0 {
		return nil
	}
	i := int(kc-k.min) * k.perCode
	if i+k.perCode > len(k.syms) {
		return nil
	}
	return k.syms[i : i+k.perCode]
}

// keycode finds the key that types keysym: the first keycode with it
// unshifted, else the first with it on any level.
func (k *keymap) keycode(keysym uint32) (kc uint8, ok bool) {
	if k.perCode <= 0 {
		return 0, false
	}
	for level := range k.perCode {
		for i := level; i < len(k.syms); i += k.perCode {
			if k.syms[i] == keysym && int(k.min)+i/k.perCode <= 255 {
				return uint8(int(k.min) + i/k.perCode), true
			}
		}
	}
	return 0, false
}

// mask is the X modifier bits of an accelerator's modifiers.
func (k *keymap) mask(m Mods) uint16 {
	var bits uint16
	if m&Ctrl != 0 {
		bits |= xControl
	}
	if m&Shift != 0 {
		bits |= xShift
	}
	if m&Alt != 0 {
		bits |= k.alt
	}
	if m&Super != 0 {
		bits |= k.super
	}
	return bits
}

// locks is the bits of CapsLock, NumLock and ScrollLock, which a press
// may carry whatever the shortcut.
func (k *keymap) locks() uint16 { return xLock | k.num | k.scroll }

// lockVariants is every combination of the lock bits, none first.
func (k *keymap) lockVariants() []uint16 {
	bits := []uint16{xLock, k.num}
	if k.scroll != 0 && k.scroll != k.num {
		bits = append(bits, k.scroll)
	}
	out := []uint16{0}
	for _, b := range bits {
		for _, v := range out {
			out = append(out, v|b)
		}
	}
	return out
}
