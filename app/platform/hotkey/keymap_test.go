package hotkey

import (
	"slices"
	"testing"
)

// A made-up map, two keysyms per keycode from keycode 8: 8 a/A, 9 Alt_L,
// 10 Super_L, 11 Num_Lock, 12 Scroll_Lock, 13 Ctrl... with the modifiers
// placed where a map may put them.
func testMap(altBit, superBit, numBit, scrollBit int) keymap {
	syms := []uint32{'a', 'A', ksAltL, 0, ksSuperL, 0, ksNumLock, 0, ksScrollLock, 0, 0, '1'}
	perMod := 2
	mods := make([]uint8, 8*perMod)
	put := func(bit int, kc uint8) {
		if bit >= 0 {
			mods[bit*perMod] = kc
		}
	}
	put(altBit, 9)
	put(superBit, 10)
	put(numBit, 11)
	put(scrollBit, 12)
	return newKeymap(uint8(8), 2, syms, perMod, mods)
}

func TestKeymap(t *testing.T) {
	t.Parallel()
	t.Run("usual places", func(t *testing.T) {
		k := testMap(3, 6, 4, 5)
		if got := k.mask(Ctrl | Alt | Shift | Super); got != xControl|xShift|xMod1|xMod4 {
			t.Errorf("mask = %#x", got)
		}
		if got, want := k.locks(), uint16(xLock|xMod2|1<<5); got != want {
			t.Errorf("locks = %#x, want %#x", got, want)
		}
		if v := k.lockVariants(); len(v) != 8 || v[0] != 0 || slices.Contains(v[1:], 0) {
			t.Errorf("lockVariants = %v, want 8 distinct ones, none first", v)
		}
	})
	t.Run("moved modifiers", func(t *testing.T) {
		k := testMap(6, 3, 7, -1)
		if k.alt != 1<<6 || k.super != 1<<3 || k.num != 1<<7 || k.scroll != 0 {
			t.Errorf("alt %#x super %#x num %#x scroll %#x", k.alt, k.super, k.num, k.scroll)
		}
		if v := k.lockVariants(); len(v) != 4 {
			t.Errorf("lockVariants = %v, want 4 (no ScrollLock bit)", v)
		}
	})
	t.Run("no modifier map", func(t *testing.T) {
		k := testMap(-1, -1, -1, -1)
		if k.alt != xMod1 || k.super != xMod4 || k.num != xMod2 {
			t.Errorf("defaults: alt %#x super %#x num %#x", k.alt, k.super, k.num)
		}
	})
	t.Run("Shift, Lock and Control bits stay theirs", func(t *testing.T) {
		k := testMap(0, 1, 2, -1)
		if k.alt != xMod1 || k.super != xMod4 || k.num != xMod2 {
			t.Errorf("alt %#x super %#x num %#x", k.alt, k.super, k.num)
		}
	})
	k := testMap(3, 6, 4, 5)
	for _, c := range []struct {
		keysym uint32
		kc     uint8
		ok     bool
	}{{'a', 8, true}, {'A', 8, true}, {'1', 13, true}, {'z', 0, false}} {
		kc, ok := k.keycode(c.keysym)
		if kc != c.kc || ok != c.ok {
			t.Errorf("keycode(%#x) = %d, %v, want %d, %v", c.keysym, kc, ok, c.kc, c.ok)
		}
	}
	if s := k.symsOf(200); s != nil {
		t.Errorf("symsOf beyond the map = %v", s)
	}
}
