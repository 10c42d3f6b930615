package main

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// solidPixmap is a w×h pixmap of one opaque colour inside a transparent
// border of one pixel.
func solidPixmap(w, h int, c color.RGBA) dbustest.Pixmap {
	data := make([]byte, 4*w*h)
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := 4 * (y*w + x)
			data[i], data[i+1], data[i+2], data[i+3] = 0xff, c.R, c.G, c.B
		}
	}
	return dbustest.Pixmap{Width: int32(w), Height: int32(h), Data: data}
}

func TestMostAlike(t *testing.T) {
	// A light panel with three icons: two grey symbolic ones (Breeze's)
	// around a green one.
	panel := image.NewRGBA(image.Rect(0, 0, 120, 30))
	draw.Draw(panel, panel.Bounds(), image.NewUniform(color.RGBA{0xef, 0xf0, 0xf1, 0xff}), image.Point{}, draw.Src)
	grey := color.RGBA{0x23, 0x26, 0x27, 0xff}
	green := color.RGBA{0x2e, 0x9d, 0x4f, 0xff}
	icons := []image.Rectangle{image.Rect(10, 5, 30, 25), image.Rect(50, 5, 70, 25), image.Rect(90, 5, 110, 25)}
	draw.Draw(panel, icons[0].Inset(4), image.NewUniform(grey), image.Point{}, draw.Src)
	draw.Draw(panel, icons[1].Inset(3), image.NewUniform(green), image.Point{}, draw.Src)
	draw.Draw(panel, icons[2].Inset(5), image.NewUniform(grey), image.Point{}, draw.Src)

	tests := []struct {
		name    string
		offered []dbustest.Pixmap
		want    image.Rectangle
	}{
		{"the green icon among grey ones", []dbustest.Pixmap{solidPixmap(22, 22, green)}, icons[1]},
		{"the largest pixmap counts", []dbustest.Pixmap{solidPixmap(16, 16, grey), solidPixmap(64, 64, green)}, icons[1]},
		{"a grey icon: the first grey one", []dbustest.Pixmap{solidPixmap(22, 22, grey)}, icons[0]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, ok := pixmapMean(tt.offered)
			if !ok {
				t.Fatal("pixmapMean found no opaque pixel")
			}
			got, ok := mostAlike(panel, icons, want)
			if !ok || got != tt.want {
				t.Errorf("mostAlike = %v, %v; want %v", got, ok, tt.want)
			}
		})
	}
	t.Run("a transparent or short pixmap has no colour", func(t *testing.T) {
		short := dbustest.Pixmap{Width: 4, Height: 4, Data: make([]byte, 8)}
		if _, ok := pixmapMean([]dbustest.Pixmap{{Width: 2, Height: 2, Data: make([]byte, 16)}, short}); ok {
			t.Error("pixmapMean found a colour")
		}
	})
	t.Run("flat candidates are skipped", func(t *testing.T) {
		flat := image.Rect(35, 5, 45, 25)
		if got, ok := mostAlike(panel, []image.Rectangle{flat}, green); ok {
			t.Errorf("mostAlike picked %v, a flat area", got)
		}
	})
}

func TestOffPanel(t *testing.T) {
	screen := image.Rect(0, 0, 1280, 800)
	tests := []struct {
		name        string
		panel, want image.Rectangle
		isBar       bool
	}{
		{"Xfce's bar at the top", image.Rect(0, 0, 1280, 26), image.Rect(0, 26, 1280, 800), true},
		{"Plasma's bar at the bottom", image.Rect(0, 756, 1280, 800), image.Rect(0, 0, 1280, 756), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := offPanel(screen, tt.panel); got != tt.want {
				t.Errorf("offPanel = %v, want %v", got, tt.want)
			}
			if got := isBar(tt.panel, screen); got != tt.isBar {
				t.Errorf("isBar = %v, want %v", got, tt.isBar)
			}
		})
	}
	for _, r := range []image.Rectangle{screen, image.Rect(0, 300, 1280, 330), image.Rect(0, 0, 1280, 10)} {
		if isBar(r, screen) {
			t.Errorf("isBar(%v) = true: the desktop window, a window mid-screen and a sliver are not bars", r)
		}
	}
}
