//go:build !ci && !test

package painter

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
)

// utec-tray: the fallback fonts (bundled emoji and symbols, the system's) are
// loaded on the first rune the theme's fonts lack, and text that needs them
// still draws with them. The system part needs a system font with Hebrew
// (DejaVu Sans, fonts-dejavu-core, has it; the bundled Inter has not).
func TestFallbackFontsLoadOnFirstMissingRune(t *testing.T) {
	resetFonts()
	t.Cleanup(resetFonts)
	style := fyne.TextStyle{}
	faces := CachedFontFace(style, nil, nil).Fonts.(*dynamicFontMap)

	before := len(faces.faces)
	MeasureString(faces, "Front Door: Locked, 87 %", 14, style)
	if len(faces.faces) != before || faces.more == nil || systemFontsScanned() {
		t.Fatalf("Latin text loaded fallback fonts: %d faces, system fonts scanned %v",
			len(faces.faces), systemFontsScanned())
	}

	const lock, alef = '🔒', 'א'
	for _, r := range []rune{lock, alef} {
		if _, ok := faces.faces[0].NominalGlyph(r); ok {
			t.Fatalf("the theme's font has %q: pick a rune it lacks", r)
		}
	}
	for _, r := range []rune{lock, alef} {
		face := faces.ResolveFace(r)
		if _, ok := face.NominalGlyph(r); !ok {
			t.Errorf("%q resolved to a face without it", r)
		}
	}
	if !systemFontsScanned() {
		t.Error("a rune missing from every bundled font did not look at the system's fonts")
	}

	missing := drawn(t, faces, string(rune(replacementChar)))
	for _, s := range []string{string(lock), string(alef)} {
		img := drawn(t, faces, s)
		if inked(img) == 0 {
			t.Errorf("%q drew nothing", s)
		}
		if sameImage(img, missing) {
			t.Errorf("%q drew as the replacement character", s)
		}
	}
}

func resetFonts() {
	ClearFontCache()
	fontScanLock.Lock()
	defer fontScanLock.Unlock()
	fm, loaded = nil, false
}

func systemFontsScanned() bool {
	fontScanLock.Lock()
	defer fontScanLock.Unlock()
	return loaded
}

func drawn(t *testing.T, faces *dynamicFontMap, s string) *image.NRGBA {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 48, 48))
	DrawString(img, s, color.Black, faces, 24, 1, fyne.TextStyle{})
	return img
}

// inked counts the pixels the text touched.
func inked(img *image.NRGBA) int {
	n := 0
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 0 {
			n++
		}
	}
	return n
}

func sameImage(a, b *image.NRGBA) bool {
	if len(a.Pix) != len(b.Pix) {
		return false
	}
	for i := range a.Pix {
		if a.Pix[i] != b.Pix[i] {
			return false
		}
	}
	return true
}
