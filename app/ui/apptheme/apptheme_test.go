package apptheme

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// luminance is the WCAG relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// An unchecked box's outline and the slider's track must stand out from
// the window's background in both variants.
func TestControlsStandOutFromTheBackground(t *testing.T) {
	test.NewTempApp(t) // Fyne's theme reads the app's settings
	th := New()
	for _, tc := range []struct {
		name fyne.ThemeColorName
		min  float64
	}{
		{theme.ColorNameInputBorder, 3},       // outline of an unchecked box
		{theme.ColorNameInputBackground, 1.4}, // the slider's track, beside its dark filled part
	} {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			bg := th.Color(theme.ColorNameBackground, v)
			if got := contrast(th.Color(tc.name, v), bg); got < tc.min {
				t.Errorf("%s in variant %d: contrast %.2f with the background, want at least %.2f", tc.name, v, got, tc.min)
			}
		}
	}
}
