package assets

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
)

func decode(t *testing.T, r fyne.Resource) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(r.Content()))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", r.Name(), err)
	}
	return img
}

func TestResourcesArePNGsOfTheirSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		res  fyne.Resource
		size int
		tray bool
	}{
		{IconLocked, 64, true},
		{IconUnlocked, 64, true},
		{IconAttention, 64, true},
		{IconSignedOut, 64, true},
		{IconTemplate, 64, true},
		{AppIcon, 256, false},
	}
	for _, tt := range tests {
		t.Run(tt.res.Name(), func(t *testing.T) {
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

func TestTemplateIsBlackOnly(t *testing.T) {
	t.Parallel()
	img := decode(t, IconTemplate)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			// Premultiplied colour: black at any alpha has no red, green or blue.
			if r, g, bl, _ := img.At(x, y).RGBA(); r|g|bl != 0 {
				t.Fatalf("pixel (%d,%d) is not black", x, y)
			}
		}
	}
}

func TestTrayIconsDiffer(t *testing.T) {
	t.Parallel()
	icons := []fyne.Resource{IconLocked, IconUnlocked, IconAttention, IconSignedOut, IconTemplate}
	for i, a := range icons {
		for _, b := range icons[i+1:] {
			if bytes.Equal(a.Content(), b.Content()) {
				t.Errorf("%s and %s are the same image", a.Name(), b.Name())
			}
		}
	}
	// Locked and unlocked must differ in what they show, not only in bytes.
	locked, unlocked := decode(t, IconLocked), decode(t, IconUnlocked)
	var differ int
	b := locked.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if locked.At(x, y) != unlocked.At(x, y) {
				differ++
			}
		}
	}
	if differ < b.Dx()*b.Dy()/10 {
		t.Errorf("locked and unlocked differ in %d pixels only", differ)
	}
}
