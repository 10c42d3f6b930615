//go:build linux && !android

package notify

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestIconInstalled(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	put := func(rel string) string {
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	file := put("files/icon.png")
	put("share/icons/hicolor/scalable/apps/svg-icon.svg")
	put("share/icons/Papirus/apps/48/context-first.svg")
	put("share/pixmaps/pixmap-icon.png")
	put("home/.icons/mine/32x32/apps/home-icon.png")
	env := map[string]string{"HOME": filepath.Join(root, "home"), "XDG_DATA_DIRS": filepath.Join(root, "share")}
	getenv := func(k string) string { return env[k] }
	for icon, want := range map[string]bool{
		file: true, "file://" + file: true, filepath.Join(root, "missing.png"): false, "file:///nowhere.png": false,
		"svg-icon": true, "context-first": true, "pixmap-icon": true, "home-icon": true,
		"io.github.utec_tray.utec_tray": false, "odd*name": true,
	} {
		if got := iconInstalled(icon, getenv); got != want {
			t.Errorf("iconInstalled(%q) = %v, want %v", icon, got, want)
		}
	}
}

// TestToImageData: a block is averaged by alpha, so a half-transparent
// edge keeps its colour instead of darkening towards the transparent
// black beside it.
func TestToImageData(t *testing.T) {
	t.Parallel()
	img := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	img.SetNRGBA(0, 0, color.NRGBA{200, 100, 0, 255})
	img.SetNRGBA(1, 1, color.NRGBA{200, 100, 0, 255})
	for x := 2; x < 4; x++ {
		for y := range 2 {
			img.SetNRGBA(x, y, color.NRGBA{0, 0, 255, 255})
		}
	}
	got := toImageData(img, 2)
	if got.Width != 2 || got.Height != 1 || got.RowStride != 8 || got.Channels != 4 {
		t.Fatalf("%dx%d stride %d channels %d, want 2x1 stride 8 channels 4", got.Width, got.Height, got.RowStride, got.Channels)
	}
	if want := []byte{200, 100, 0, 127, 0, 0, 255, 255}; !slices.Equal(got.Data, want) {
		t.Errorf("pixels %v, want %v", got.Data, want)
	}
	if small := toImageData(image.NewNRGBA(image.Rect(0, 0, 3, 3)), 64); small.Width != 3 || len(small.Data) != 36 {
		t.Errorf("a small image was scaled: %dx%d", small.Width, small.Height)
	}
}
