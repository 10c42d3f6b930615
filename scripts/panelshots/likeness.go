package main

// Telling the tray's icon from its neighbours: when the icon appears,
// Plasma's tray moves the icons beside it too, so more than one picture
// in the panel changes. The one that is the tray's is the one whose
// colours are nearest the icon the tray offers over D-Bus
// (IconPixmap): the mean colour of its drawn pixels against the mean
// colour of the pixmap's opaque ones. Breeze's symbolic icons are grey;
// the tray's are not.

import (
	"image"
	"image/color"
	"math"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// mostAlike returns the candidate whose drawn pixels' mean colour is
// nearest want, and false when there are no candidates.
func mostAlike(img *image.RGBA, candidates []image.Rectangle, want color.RGBA) (image.Rectangle, bool) {
	best, bestDist := image.Rectangle{}, math.Inf(1)
	for _, c := range candidates {
		mean, ok := inkMean(img, c)
		if !ok {
			continue
		}
		if d := colourDistance(mean, want); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, !best.Empty()
}

// inkMean is the mean colour of the pixels of area unlike its background
// (its commonest colour); false when all are alike.
func inkMean(img *image.RGBA, area image.Rectangle) (color.RGBA, bool) {
	counts := map[color.RGBA]int{}
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			counts[img.RGBAAt(x, y)]++
		}
	}
	var bg color.RGBA
	for c, n := range counts {
		if n > counts[bg] {
			bg = c
		}
	}
	var sum [3]int
	n := 0
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if colourDistance(c, bg) <= 24 {
				continue
			}
			sum[0], sum[1], sum[2] = sum[0]+int(c.R), sum[1]+int(c.G), sum[2]+int(c.B)
			n++
		}
	}
	if n == 0 {
		return color.RGBA{}, false
	}
	return color.RGBA{uint8(sum[0] / n), uint8(sum[1] / n), uint8(sum[2] / n), 0xff}, true
}

// pixmapMean is the mean colour of the opaque pixels of the largest of
// the pixmaps (ARGB32, network byte order); false when there is none.
func pixmapMean(pixmaps []dbustest.Pixmap) (color.RGBA, bool) {
	var largest dbustest.Pixmap
	for _, p := range pixmaps {
		if p.Width*p.Height > largest.Width*largest.Height && len(p.Data) >= int(4*p.Width*p.Height) {
			largest = p
		}
	}
	var sum [3]int
	n := 0
	for i := 0; i+3 < len(largest.Data); i += 4 {
		if largest.Data[i] < 0x80 {
			continue
		}
		sum[0], sum[1], sum[2] = sum[0]+int(largest.Data[i+1]), sum[1]+int(largest.Data[i+2]), sum[2]+int(largest.Data[i+3])
		n++
	}
	if n == 0 {
		return color.RGBA{}, false
	}
	return color.RGBA{uint8(sum[0] / n), uint8(sum[1] / n), uint8(sum[2] / n), 0xff}, true
}

// colourDistance is the sum of the channels' differences.
func colourDistance(a, b color.RGBA) float64 {
	return float64(absDiff(a.R, b.R) + absDiff(a.G, b.G) + absDiff(a.B, b.B))
}
