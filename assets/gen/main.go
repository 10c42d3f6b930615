//go:build ignore

// Command gen draws the tray icons and the app icon of package assets and,
// on request, a preview of how they read at tray sizes.
//
// The icons are drawn from signed distance functions rather than from a
// vector or image file, so that they can be regenerated without any tool
// but Go: every shape is sampled four times per pixel in each direction and
// averaged down, which is enough anti-aliasing at 64 px. It carries the
// ignore build tag so that it stays out of ./... (the app never needs it);
// run it from the assets folder with
//
//	go run gen/main.go [-o dir] [-preview file.png]
//
// which is what go generate does. With -hicolor DIR it draws only the app
// icon, at every size of the freedesktop hicolor theme, into
// DIR/NxN/apps/ID.png: make dist packages those, drawn for each size rather
// than scaled from icon.png, so that 512 px is as sharp as 16 px.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"
)

// supersample is how many samples each output pixel gets along each axis.
const supersample = 4

// trayDesign is the side of the square the tray glyphs are designed in; the
// tray PNGs are drawn at this size, one design unit to a pixel.
const trayDesign = 64

// halo is the width of the light outline around coloured glyphs, in design
// units: about one pixel once a panel shrinks the icon to 16-22 px, which
// keeps a mid-tone glyph readable on a dark panel without a visible rim on
// a light one.
const halo = 3

var (
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	black = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	// The fills are mid-tones whose WCAG relative luminance lies between
	// 0.17 and 0.26, the band in which one colour has at least 3:1 against
	// both a dark panel (#2b2b2b) and a light one (#f0f0f0); the test
	// TestTrayIconsReadOnDarkAndLightPanels holds them to it.
	green   = color.NRGBA{0x38, 0x8e, 0x3c, 0xff} // Material green 700
	orange  = color.NRGBA{0xe6, 0x5c, 0x00, 0xff} // between Material orange 800 and 900
	slate   = color.NRGBA{0x60, 0x7d, 0x8b, 0xff} // Material blue grey 500
	red     = color.NRGBA{0xe5, 0x39, 0x35, 0xff} // Material red 600
	grey    = color.NRGBA{0x80, 0x80, 0x80, 0xff}
	tileTop = color.NRGBA{0x37, 0x47, 0x4f, 0xff} // Material blue grey 800
	tileBot = color.NRGBA{0x26, 0x32, 0x38, 0xff} // Material blue grey 900
	// previewPanels are the panels the preview shows the icons on: the
	// lightest and darkest there are and the usual light and dark greys.
	previewPanels = []color.NRGBA{white, {0xf0, 0xf0, 0xf0, 0xff}, {0x2b, 0x2b, 0x2b, 0xff}, black}
)

// sdf is a signed distance function in design units: negative inside the
// shape, positive outside, roughly the distance to its edge.
type sdf func(x, y float64) float64

func union(a, b sdf) sdf {
	return func(x, y float64) float64 { return math.Min(a(x, y), b(x, y)) }
}

func subtract(a, b sdf) sdf {
	return func(x, y float64) float64 { return math.Max(a(x, y), -b(x, y)) }
}

// grow moves the edge of s outwards by w (inwards for negative w).
func grow(s sdf, w float64) sdf {
	return func(x, y float64) float64 { return s(x, y) - w }
}

// stroke turns s into a band of width w just inside its edge.
func stroke(s sdf, w float64) sdf {
	return func(x, y float64) float64 { return math.Abs(s(x, y)+w/2) - w/2 }
}

// place draws s scaled by k with its design origin at (ox, oy).
func place(s sdf, k, ox, oy float64) sdf {
	return func(x, y float64) float64 { return s((x-ox)/k, (y-oy)/k) * k }
}

func roundedBox(x0, y0, x1, y1, r float64) sdf {
	cx, cy := (x0+x1)/2, (y0+y1)/2
	hx, hy := (x1-x0)/2-r, (y1-y0)/2-r
	return func(x, y float64) float64 {
		qx, qy := math.Abs(x-cx)-hx, math.Abs(y-cy)-hy
		outside := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
		inside := math.Min(math.Max(qx, qy), 0)
		return outside + inside - r
	}
}

func circle(cx, cy, r float64) sdf {
	return func(x, y float64) float64 { return math.Hypot(x-cx, y-cy) - r }
}

// segment is a line from (ax, ay) to (bx, by) of width w with round caps.
func segment(ax, ay, bx, by, w float64) sdf {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	return func(x, y float64) float64 {
		t := 0.0
		if l2 > 0 {
			t = math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/l2))
		}
		return math.Hypot(x-ax-t*dx, y-ay-t*dy) - w/2
	}
}

// upperArc is the top half of a ring of centre radius r and width w.
func upperArc(cx, cy, r, w float64) sdf {
	return func(x, y float64) float64 {
		if y > cy {
			// Below the centre line the arc has ended; the legs take over.
			return math.Min(math.Hypot(x-(cx-r), y-cy), math.Hypot(x-(cx+r), y-cy)) - w/2
		}
		return math.Abs(math.Hypot(x-cx, y-cy)-r) - w/2
	}
}

// padlock is the geometry of one padlock glyph in design units.
type padlock struct {
	// Body.
	x0, y0, x1, y1, radius float64
	// Shackle: centre of its arc, centre-line radius, stroke width and where
	// each leg ends (below the arc's centre line).
	cx, cy, r, w, leftEnd, rightEnd float64
}

// closedLock fills the tray square; the shackle's legs end inside the body.
var closedLock = padlock{
	x0: 10, y0: 28, x1: 54, y1: 59, radius: 6,
	cx: 32, cy: 20, r: 12, w: 7, leftEnd: 34, rightEnd: 34,
}

// openLock has the body moved left and the shackle lifted and swung right,
// its right leg hanging free, so that the outline alone says "open" even
// where colour is not seen (a monochrome panel, colour blindness).
var openLock = padlock{
	x0: 4, y0: 28, x1: 48, y1: 59, radius: 6,
	cx: 45, cy: 20, r: 11, w: 7, leftEnd: 34, rightEnd: 25,
}

func (p padlock) body() sdf { return roundedBox(p.x0, p.y0, p.x1, p.y1, p.radius) }

func (p padlock) shackle() sdf {
	arc := upperArc(p.cx, p.cy, p.r, p.w)
	left := segment(p.cx-p.r, p.cy, p.cx-p.r, p.leftEnd, p.w)
	right := segment(p.cx+p.r, p.cy, p.cx+p.r, p.rightEnd, p.w)
	return union(arc, union(left, right))
}

func (p padlock) silhouette() sdf { return union(p.body(), p.shackle()) }

// keyhole is a round hole above a tapering slot, centred on the body.
func (p padlock) keyhole() sdf {
	kx := (p.x0 + p.x1) / 2
	ky := p.y0 + (p.y1-p.y0)*0.42
	return union(circle(kx, ky, 4.5), segment(kx, ky, kx, ky+9, 4.5))
}

// layer is one shape filled with one colour; layers are painted in order.
type layer struct {
	shape sdf
	fill  color.NRGBA
}

// glyph is a coloured padlock with a light halo and a light keyhole.
func glyph(p padlock, fill color.NRGBA) []layer {
	return []layer{
		{grow(p.silhouette(), halo), white},
		{p.silhouette(), fill},
		{p.keyhole(), white},
	}
}

func lockedLayers() []layer   { return glyph(closedLock, green) }
func unlockedLayers() []layer { return glyph(openLock, orange) }

// neutralLayers is a blue-grey padlock whose shackle is lifted straight up
// out of the body: neither the closed nor the open padlock, for when there
// is nothing to say about the locks yet (connecting, no locks, a lock of
// unknown state). The gap under the shackle keeps it from reading as
// "locked".
func neutralLayers() []layer { return glyph(liftedLock, slate) }

// liftedLock is the closed padlock with its shackle raised, its legs
// ending well above the body: the gap must stay open at 22 px after both
// halos (3 units each) have eaten into it.
var liftedLock = padlock{
	x0: 10, y0: 35, x1: 54, y1: 60, radius: 6,
	cx: 32, cy: 15, r: 10, w: 7, leftEnd: 20, rightEnd: 20,
}

// badge is a red disc with a white "!" over the lower right corner, where
// it hides the least of the padlock, with a white ring that parts it from
// whatever padlock it sits on (orange and red alone would run together).
func badge() []layer {
	const bx, by, br = 47, 47, 14
	disc := circle(bx, by, br)
	bang := union(segment(bx, by-8, bx, by+2, 5), circle(bx, by+8, 2.9))
	return []layer{
		{grow(disc, halo), white},
		{disc, red},
		{bang, white},
	}
}

func withBadge(layers func() []layer) func() []layer {
	return func() []layer { return append(layers(), badge()...) }
}

// signedOutLayers is a line drawing of the padlock with its shackle
// lifted and the body hollow, in a mid grey that keeps 3:1 on light and
// dark panels alike. Signed out says nothing about the doors, so it is
// never a closed padlock. The lines are as thick as the other padlocks'
// shackles and the body holds no keyhole: at 16-22 px a thinner line or a
// keyhole in the hollow blurred into a grey smudge that vanished on a dark
// panel.
func signedOutLayers() []layer {
	const line = 8
	p := hollowLock
	shape := union(stroke(p.body(), line), subtract(p.shackle(), p.body()))
	// No halo: it would fill the hollow body and make it read as solid.
	return []layer{{shape, grey}}
}

// hollowLock is liftedLock with a taller body and a heavier shackle, so
// that the hollow inside the thick outline stays open at 16 px.
var hollowLock = padlock{
	x0: 9, y0: 32, x1: 55, y1: 61, radius: 7,
	cx: 32, cy: 14, r: 10, w: 8, leftEnd: 20, rightEnd: 20,
}

// template turns a coloured icon into a macOS template image: what is
// coloured becomes black, what is white (halos, keyholes, the "!") is cut
// out, so that the menu bar can tint the shape and the cut-outs still
// part the badge from the padlock.
func template(layers func() []layer) func() []layer {
	return func() []layer {
		var out []layer
		for _, l := range layers() {
			if l.fill == white {
				out = append(out, layer{l.shape, color.NRGBA{}})
				continue
			}
			out = append(out, layer{l.shape, black})
		}
		return out
	}
}

// appIconLayers is the locked glyph on a dark rounded tile, 256 units wide.
func appIconLayers() []layer {
	const side, margin = 256, 16
	tile := roundedBox(margin, margin, side-margin, side-margin, 44)
	const k = 2.6 // glyph scale: 64 units become 166 px
	off := (side - trayDesign*k) / 2
	// A lighter top half gives the tile a little depth without a gradient.
	layers := []layer{
		{tile, tileBot},
		{subtract(tile, roundedBox(0, side/2, side, side, 0)), tileTop},
	}
	for _, l := range lockedLayers() {
		layers = append(layers, layer{place(l.shape, k, off, off+4), l.fill})
	}
	return layers
}

// render paints layers into a size×size image whose design square has side
// design units: each layer becomes a mask sampled supersample² times per
// pixel, painted with image/draw, and the result is averaged down.
func render(size int, design float64, layers []layer) *image.RGBA {
	hi := size * supersample
	canvas := image.NewRGBA(image.Rect(0, 0, hi, hi))
	scale := design / float64(hi)
	mask := image.NewAlpha(canvas.Bounds())
	for _, l := range layers {
		for y := 0; y < hi; y++ {
			for x := 0; x < hi; x++ {
				var a uint8
				if l.shape((float64(x)+0.5)*scale, (float64(y)+0.5)*scale) < 0 {
					a = 0xff
				}
				mask.Pix[y*mask.Stride+x] = a
			}
		}
		if l.fill.A == 0 {
			// A transparent fill erases: the cut-outs of template icons.
			for i, m := range mask.Pix {
				if m != 0 {
					copy(canvas.Pix[i*4:i*4+4], []uint8{0, 0, 0, 0})
				}
			}
			continue
		}
		draw.DrawMask(canvas, canvas.Bounds(), image.NewUniform(l.fill), image.Point{}, mask, image.Point{}, draw.Over)
	}
	return shrink(canvas, size)
}

// shrink resamples src to size×size by averaging the area of src each
// output pixel covers, in premultiplied colour so that transparent pixels
// add no dark fringe. It is what a panel does to a large icon, near enough.
func shrink(src *image.RGBA, size int) *image.RGBA {
	sw := src.Bounds().Dx()
	k := float64(sw) / float64(size)
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	for oy := 0; oy < size; oy++ {
		for ox := 0; ox < size; ox++ {
			var sum [4]float64
			y0, y1 := float64(oy)*k, float64(oy+1)*k
			x0, x1 := float64(ox)*k, float64(ox+1)*k
			for sy := int(y0); float64(sy) < y1 && sy < sw; sy++ {
				wy := math.Min(y1, float64(sy+1)) - math.Max(y0, float64(sy))
				for sx := int(x0); float64(sx) < x1 && sx < sw; sx++ {
					wx := math.Min(x1, float64(sx+1)) - math.Max(x0, float64(sx))
					i := src.PixOffset(sx, sy)
					for c := range 4 {
						sum[c] += float64(src.Pix[i+c]) * wx * wy
					}
				}
			}
			j := dst.PixOffset(ox, oy)
			for c := range 4 {
				dst.Pix[j+c] = uint8(math.Round(sum[c] / (k * k)))
			}
		}
	}
	return dst
}

// icon is one generated file.
type icon struct {
	name   string
	size   int
	design float64
	layers func() []layer
}

var icons = []icon{
	{"locked.png", trayDesign, trayDesign, lockedLayers},
	{"locked-badge.png", trayDesign, trayDesign, withBadge(lockedLayers)},
	{"unlocked.png", trayDesign, trayDesign, unlockedLayers},
	{"unlocked-badge.png", trayDesign, trayDesign, withBadge(unlockedLayers)},
	{"neutral.png", trayDesign, trayDesign, neutralLayers},
	{"neutral-badge.png", trayDesign, trayDesign, withBadge(neutralLayers)},
	{"signedout.png", trayDesign, trayDesign, signedOutLayers},
	{"template-locked.png", trayDesign, trayDesign, template(lockedLayers)},
	{"template-locked-badge.png", trayDesign, trayDesign, template(withBadge(lockedLayers))},
	{"template-unlocked.png", trayDesign, trayDesign, template(unlockedLayers)},
	{"template-unlocked-badge.png", trayDesign, trayDesign, template(withBadge(unlockedLayers))},
	{"template-neutral.png", trayDesign, trayDesign, template(neutralLayers)},
	{"template-neutral-badge.png", trayDesign, trayDesign, template(withBadge(neutralLayers))},
	{"template-signedout.png", trayDesign, trayDesign, template(signedOutLayers)},
	{"icon.png", 256, 256, appIconLayers},
}

func main() {
	out := flag.String("o", ".", "folder to write the PNGs to")
	preview := flag.String("preview", "", "also write a preview of the tray icons at 16 and 24 px on light and dark backgrounds to this PNG")
	hicolor := flag.String("hicolor", "", "only draw the app icon, at the hicolor theme's sizes, into this folder")
	appID := flag.String("id", "io.github.utec_tray.utec_tray", "with -hicolor: the icon's name, the app ID")
	flag.Parse()

	if *hicolor != "" {
		if err := writeHicolor(*hicolor, *appID); err != nil {
			log.Fatal(err)
		}
		return
	}

	tray := make([]*image.RGBA, 0, len(icons))
	for _, ic := range icons {
		img := render(ic.size, ic.design, ic.layers())
		if err := writePNG(filepath.Join(*out, ic.name), img); err != nil {
			log.Fatal(err)
		}
		if ic.size == trayDesign {
			tray = append(tray, img)
		}
	}
	if *preview != "" {
		if err := writePNG(*preview, previewSheet(tray)); err != nil {
			log.Fatal(err)
		}
	}
}

// hicolorSizes are the sizes desktops look for in the hicolor theme's
// apps folders, from panels and menus (16-48) to software centres (256,
// 512).
var hicolorSizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

// writeHicolor draws the app icon at each hicolor size into
// dir/NxN/apps/id.png.
func writeHicolor(dir, id string) error {
	for _, size := range hicolorSizes {
		sub := filepath.Join(dir, fmt.Sprintf("%dx%d", size, size), "apps")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		if err := writePNG(filepath.Join(sub, id+".png"), render(size, 256, appIconLayers())); err != nil {
			return err
		}
	}
	return nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return f.Close()
}

// previewSheet lays the tray icons out at 16, 22, 24 and 32 px on a band
// of each of previewPanels, each shown at its real size and magnified, so that one
// look tells whether they read on either kind of panel.
func previewSheet(tray []*image.RGBA) *image.RGBA {
	sizes := []int{16, 22, 24, 32}
	const zoom, gap = 4, 8
	// Each band holds one row per size: real-size icons, then magnified ones.
	rowW := gap
	for range tray {
		rowW += 32 + gap
	}
	width := rowW + len(tray)*(32*zoom+gap) + gap
	rowH := 32*zoom + gap
	bandH := len(sizes)*rowH + gap
	sheet := image.NewRGBA(image.Rect(0, 0, width, len(previewPanels)*bandH))
	for band, bg := range previewPanels {
		top := band * bandH
		draw.Draw(sheet, image.Rect(0, top, width, top+bandH), image.NewUniform(bg), image.Point{}, draw.Src)
		for row, s := range sizes {
			y := top + gap + row*rowH
			for i, img := range tray {
				small := shrink(img, s)
				x := gap + i*(32+gap)
				draw.Draw(sheet, image.Rect(x, y, x+s, y+s), small, image.Point{}, draw.Over)
				big := magnify(small, zoom)
				x = rowW + gap + i*(32*zoom+gap)
				draw.Draw(sheet, image.Rect(x, y, x+s*zoom, y+s*zoom), big, image.Point{}, draw.Over)
			}
		}
	}
	return sheet
}

// magnify enlarges img k times with square pixels, to judge single pixels.
func magnify(img *image.RGBA, k int) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := 0; y < out.Bounds().Dy(); y++ {
		for x := 0; x < out.Bounds().Dx(); x++ {
			out.Set(x, y, img.At(x/k, y/k))
		}
	}
	return out
}
