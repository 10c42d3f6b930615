package main

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"testing"
)

func TestDistance(t *testing.T) {
	r := image.Rect(100, 100, 200, 150)
	tests := []struct {
		name string
		p    image.Point
		want float64
	}{
		{"inside", image.Pt(150, 120), 0},
		{"on the last column", image.Pt(199, 149), 0},
		{"left of it", image.Pt(90, 120), 10},
		{"above it", image.Pt(150, 60), 40},
		{"off a corner", image.Pt(202, 153), 5}, // 3, 4 past the last pixel
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := distance(tt.p, r); got != tt.want {
				t.Errorf("distance(%v, %v) = %v, want %v", tt.p, r, got, tt.want)
			}
		})
	}
}

// loadRGBA reads a picture the desktop check saved (the notification
// cropped with 8 px around it, as checkNotification saves it).
func loadRGBA(t *testing.T, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, image.Point{}, draw.Src)
	return rgba
}

// paint is a notification drawn by hand: background, a line of text
// and, when button is not empty, a button.
func paint(text, button image.Rectangle) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 300, 120))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(img, text, image.NewUniform(color.Black), image.Point{}, draw.Src)
	draw.Draw(img, button, image.NewUniform(color.Gray{0xc0}), image.Point{}, draw.Src)
	return img
}

func TestFindButton(t *testing.T) {
	tests := []struct {
		name   string
		img    *image.RGBA
		note   image.Rectangle
		inside image.Rectangle // where the button's centre must fall
	}{
		// The pictures saved by make test-desktops; the buttons' places
		// read off them by eye.
		{"xfce4-notifyd", loadRGBA(t, "testdata/xfce-notification.png"), image.Rect(8, 8, 428, 114), image.Rect(330, 70, 414, 100)},
		{"lxqt-notificationd", loadRGBA(t, "testdata/lxqt-notification.png"), image.Rect(8, 8, 281, 165), image.Rect(56, 137, 243, 165)},
		{"a button under two lines of text", paint(image.Rect(20, 62, 200, 75), image.Rect(180, 85, 280, 110)), image.Rect(0, 0, 300, 120), image.Rect(180, 85, 280, 110)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := findButton(tt.img, tt.note)
			c := b.Min.Add(b.Size().Div(2))
			if !c.In(tt.inside) {
				t.Errorf("findButton = %v, centre %v, want a centre in %v", b, c, tt.inside)
			}
		})
	}
	t.Run("no button", func(t *testing.T) {
		img := paint(image.Rect(20, 20, 200, 35), image.Rectangle{})
		if b := findButton(img, img.Bounds()); !b.Empty() {
			t.Errorf("findButton found %v in a notification with text only", b)
		}
	})
}
