package assets

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

func decode(t *testing.T, r Image) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(r.PNG))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", r.Name, err)
	}
	return img
}

func TestResourcesArePNGsOfTheirSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		res  Image
		size int
		tray bool
	}{
		{AppIcon, 256, false},
	}
	for _, r := range append(trayIcons(), templates()...) {
		tests = append(tests, struct {
			res  Image
			size int
			tray bool
		}{r, 64, true})
	}
	for _, tt := range tests {
		t.Run(tt.res.Name, func(t *testing.T) {
			t.Parallel()
			img := decode(t, tt.res)
			b := img.Bounds()
			if b.Dx() != tt.size || b.Dy() != tt.size {
				t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.size, tt.size)
			}
			// Every icon sits on a transparent background (the app icon's
			// tile has rounded corners); a solid corner would show as a
			// square on the panel.
			corners := []image.Point{
				b.Min,
				{b.Max.X - 1, b.Min.Y},
				{b.Min.X, b.Max.Y - 1},
				{b.Max.X - 1, b.Max.Y - 1},
			}
			for _, p := range corners {
				if _, _, _, a := img.At(p.X, p.Y).RGBA(); a != 0 {
					t.Errorf("corner %v has alpha %d, want transparent", p, a>>8)
				}
			}
			if !tt.tray {
				return
			}
			// And the glyph is there: a fair share of the square is drawn.
			var opaque int
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					if _, _, _, a := img.At(x, y).RGBA(); a > 0x8000 {
						opaque++
					}
				}
			}
			if share := float64(opaque) / float64(b.Dx()*b.Dy()); share < 0.2 {
				t.Errorf("only %.0f%% of the icon is drawn", share*100)
			}
		})
	}
}

func trayIcons() []Image {
	return []Image{IconLocked, IconLockedBadge, IconUnlocked, IconUnlockedBadge, IconNeutral, IconNeutralBadge, IconSignedOut}
}

func templates() []Image {
	return []Image{TemplateLocked, TemplateLockedBadge, TemplateUnlocked, TemplateUnlockedBadge, TemplateNeutral, TemplateNeutralBadge, TemplateSignedOut}
}

func TestTemplatesAreBlackOnly(t *testing.T) {
	t.Parallel()
	for _, r := range templates() {
		img := decode(t, r)
		b := img.Bounds()
	pixels:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				// Premultiplied colour: black at any alpha has no red, green or blue.
				if r2, g, bl, _ := img.At(x, y).RGBA(); r2|g|bl != 0 {
					t.Errorf("%s: pixel (%d,%d) is not black", r.Name, x, y)
					break pixels
				}
			}
		}
	}
}

// differ counts the pixels in which two images differ.
func differ(a, b image.Image) int {
	var n int
	bounds := a.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}

func TestTrayIconsDiffer(t *testing.T) {
	t.Parallel()
	icons := append(trayIcons(), templates()...)
	for i, a := range icons {
		for _, b := range icons[i+1:] {
			if bytes.Equal(a.PNG, b.PNG) {
				t.Errorf("%s and %s are the same image", a.Name, b.Name)
			}
		}
	}
	// The padlocks must differ in what they show, not only in bytes: at
	// least a tenth of the square, badge or not.
	pairs := [][2]Image{
		{IconLocked, IconUnlocked}, {IconLockedBadge, IconUnlockedBadge}, {IconLocked, IconNeutral},
		{IconUnlocked, IconNeutral}, {IconLockedBadge, IconNeutralBadge},
		{TemplateLocked, TemplateUnlocked}, {TemplateLockedBadge, TemplateUnlockedBadge},
	}
	for _, p := range pairs {
		a, b := decode(t, p[0]), decode(t, p[1])
		if n := differ(a, b); n < a.Bounds().Dx()*a.Bounds().Dy()/10 {
			t.Errorf("%s and %s differ in %d pixels only", p[0].Name, p[1].Name, n)
		}
	}
	// The badge is plain to see: it changes a good share of the icon.
	for _, p := range [][2]Image{{IconLocked, IconLockedBadge}, {IconUnlocked, IconUnlockedBadge}, {IconNeutral, IconNeutralBadge}} {
		a, b := decode(t, p[0]), decode(t, p[1])
		if n := differ(a, b); n < a.Bounds().Dx()*a.Bounds().Dy()/8 {
			t.Errorf("the badge changes %d pixels of %s only", n, p[0].Name)
		}
	}
}
