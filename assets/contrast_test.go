package assets

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"testing"
)

// The panels an icon must read on: the darkest and lightest a panel gets,
// and the usual dark and light themes' greys (Adwaita-dark, Breeze-dark and
// Xfce's dark panels sit near #2b2b2b; light panels near #f0f0f0).
var panels = []struct {
	name string
	bg   color.NRGBA
}{
	{"black", color.NRGBA{0x00, 0x00, 0x00, 0xff}},
	{"dark grey #2b2b2b", color.NRGBA{0x2b, 0x2b, 0x2b, 0xff}},
	{"light grey #f0f0f0", color.NRGBA{0xf0, 0xf0, 0xf0, 0xff}},
	{"white", color.NRGBA{0xff, 0xff, 0xff, 0xff}},
}

// minContrast is WCAG 2.1's floor for graphical objects a person needs to
// see (success criterion 1.4.11, non-text contrast).
const minContrast = 3.0

// linear turns one sRGB channel (0-255) into linear light, as WCAG's
// relative luminance defines it.
func linear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// luminance is WCAG's relative luminance of an opaque colour.
func luminance(c color.NRGBA) float64 {
	return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B)
}

// contrast is WCAG's contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// over composites c over the opaque background bg, in sRGB values as a
// panel's compositor does.
func over(c, bg color.NRGBA) color.NRGBA {
	a := float64(c.A) / 255
	mix := func(f, b uint8) uint8 { return uint8(math.Round(float64(f)*a + float64(b)*(1-a))) }
	return color.NRGBA{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B), 0xff}
}

// share is one colour of an icon and the part of its solid pixels it
// covers.
type share struct {
	c     color.NRGBA
	share float64
}

// solidColours counts the colours of the icon's solid pixels (alpha at
// least 0xf0: inside a stroke or a fill, not the anti-aliased rim, whose
// blend with the panel says nothing about the icon's own colour), the
// largest share first.
func solidColours(img image.Image) []share {
	counts := map[color.NRGBA]int{}
	var total int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if c.A < 0xf0 {
				continue
			}
			counts[c]++
			total++
		}
	}
	out := make([]share, 0, len(counts))
	for c, n := range counts {
		out = append(out, share{c, float64(n) / float64(total)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].share > out[j].share })
	return out
}

// TestTrayIconsReadOnDarkAndLightPanels holds every tray icon to 3:1
// against dark and light panels. What the eye picks out at 16-24 px is the
// icon's largest patch of one colour, its fill or its stroke, so that is
// what is measured: the dominant solid colour, composited over the panel,
// against the panel, by WCAG's relative luminance. Any other colour that
// covers a tenth of the solid pixels (the red badge) is held to the same
// floor, since it carries meaning too. White is left out of that second
// rule and only there: it is the halo and the cut-outs, meant to part
// shapes from each other and from a dark panel and to melt into a light
// one, where the fill's edge is the outline; an icon whose dominant colour
// is white still fails. The template icons are left out: the macOS menu
// bar recolours them itself. The app icon brings its own dark tile.
func TestTrayIconsReadOnDarkAndLightPanels(t *testing.T) {
	t.Parallel()
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	for _, r := range trayIcons() {
		colours := solidColours(decode(t, r))
		if len(colours) == 0 {
			t.Errorf("%s: no solid pixels at all", r.Name)
			continue
		}
		for _, p := range panels {
			for i, c := range colours {
				if i > 0 && (c.share < 0.1 || c.c == white) {
					continue
				}
				if got := contrast(over(c.c, p.bg), p.bg); got < minContrast {
					t.Errorf("%s on %s: %s (%.0f%% of its solid pixels) has contrast %.2f:1, want at least %.0f:1",
						r.Name, p.name, hex(c.c), c.share*100, got, minContrast)
				}
			}
		}
	}
}

func hex(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// TestContrastMatchesWCAG pins the measure to WCAG's own figures, so that
// the icon test above cannot pass by a wrong formula.
func TestContrastMatchesWCAG(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b color.NRGBA
		want float64
	}{
		{"black on white is 21:1", color.NRGBA{0, 0, 0, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}, 21},
		{"a colour on itself is 1:1", color.NRGBA{0x54, 0x6e, 0x7a, 0xff}, color.NRGBA{0x54, 0x6e, 0x7a, 0xff}, 1},
		// #767676 is the well-known lightest grey with 4.5:1 on white (4.54).
		{"#767676 on white", color.NRGBA{0x76, 0x76, 0x76, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}, 4.54},
		// The old signed-out grey, measured by hand: 2.95:1 on #f0f0f0.
		{"#8c8c8c on #f0f0f0", color.NRGBA{0x8c, 0x8c, 0x8c, 0xff}, color.NRGBA{0xf0, 0xf0, 0xf0, 0xff}, 2.95},
	}
	for _, tt := range tests {
		if got := contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("%s: got %.3f, want %.2f", tt.name, got, tt.want)
		}
	}
	half := over(color.NRGBA{0, 0, 0, 0x80}, color.NRGBA{0xff, 0xff, 0xff, 0xff})
	if half.R != 0x7f {
		t.Errorf("half-transparent black over white = %s, want #7f7f7f", hex(half))
	}
}
