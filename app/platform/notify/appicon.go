//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package notify

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"github.com/godbus/dbus/v5"
)

// maxImageSide is the largest side of the image-data hint: servers show
// the image at 48 px or so, and every notification carries it over the
// bus, so the 256 px app icon goes out scaled down.
const maxImageSide = 64

// imageData is the image-data hint's (iiibiiay), from the Desktop
// Notifications Specification: rows of non-premultiplied RGBA bytes.
type imageData struct {
	Width, Height, RowStride int32
	HasAlpha                 bool
	BitsPerSample, Channels  int32
	Data                     []byte
}

// iconHint is the image-data hint to send with every notification, or
// false when the server can find the icon itself: app_icon names a file
// that exists, or a theme icon that is installed. An app run from its
// build folder has no theme icon, and most servers then show none.
func iconHint(opts Options, getenv func(string) string) (dbus.Variant, bool, error) {
	if len(opts.IconPNG) == 0 || iconInstalled(opts.Icon, getenv) {
		return dbus.Variant{}, false, nil
	}
	img, err := png.Decode(bytes.NewReader(opts.IconPNG))
	if err != nil {
		return dbus.Variant{}, false, fmt.Errorf("decode the app icon for the notifications: %w", err)
	}
	return dbus.MakeVariant(toImageData(img, maxImageSide)), true, nil
}

// iconInstalled reports whether icon (app_icon) is a file that exists or
// an icon name found where icon themes live: $XDG_DATA_HOME/icons, each
// of $XDG_DATA_DIRS' icons, ~/.icons (any theme: servers fall back to
// hicolor, and a theme that has it is as good) and the pixmaps folder.
func iconInstalled(icon string, getenv func(string) string) bool {
	if path, ok := strings.CutPrefix(icon, "file://"); ok || filepath.IsAbs(icon) {
		if !ok {
			path = icon
		}
		_, err := os.Stat(path)
		return err == nil
	}
	if icon == "" || strings.ContainsAny(icon, `*?[\/`) {
		// Not a name a glob can look for: trust it rather than bloat
		// every notification.
		return true
	}
	for _, dir := range iconDirs(getenv) {
		for _, pattern := range []string{"*/*/*/" + icon + ".*", "*/*/" + icon + ".*", icon + ".*"} {
			if m, _ := filepath.Glob(filepath.Join(dir, pattern)); len(m) > 0 {
				return true
			}
		}
	}
	return false
}

// iconDirs are the folders icon themes are looked for in, as the Icon
// Theme Specification lists them.
func iconDirs(getenv func(string) string) []string {
	home := getenv("HOME")
	dataHome := getenv("XDG_DATA_HOME")
	if dataHome == "" && home != "" {
		dataHome = filepath.Join(home, ".local", "share")
	}
	dataDirs := getenv("XDG_DATA_DIRS")
	if dataDirs == "" {
		dataDirs = "/usr/local/share:/usr/share"
	}
	var dirs []string
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".icons"))
	}
	for _, d := range append([]string{dataHome}, filepath.SplitList(dataDirs)...) {
		if d != "" {
			dirs = append(dirs, filepath.Join(d, "icons"), filepath.Join(d, "pixmaps"))
		}
	}
	return dirs
}

// toImageData scales img down by a whole factor until no side exceeds
// maxSide, averaging each block by its alpha so that the edges keep
// their colour, and lays it out as the hint wants.
func toImageData(img image.Image, maxSide int) imageData {
	b := img.Bounds()
	src := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	k := max(1, (max(b.Dx(), b.Dy())+maxSide-1)/maxSide)
	w, h := max(1, b.Dx()/k), max(1, b.Dy()/k)
	out := make([]byte, 0, w*h*4)
	for y := range h {
		for x := range w {
			out = append(out, averageBlock(src, x*k, y*k, k)...)
		}
	}
	return imageData{Width: int32(w), Height: int32(h), RowStride: int32(w * 4), HasAlpha: true,
		BitsPerSample: 8, Channels: 4, Data: out}
}

// averageBlock is the k×k block at x0, y0 of src as one RGBA pixel.
func averageBlock(src *image.NRGBA, x0, y0, k int) []byte {
	var r, g, bl, a, n int
	for y := y0; y < y0+k; y++ {
		for x := x0; x < x0+k; x++ {
			p := src.PixOffset(x, y)
			alpha := int(src.Pix[p+3])
			r += int(src.Pix[p]) * alpha
			g += int(src.Pix[p+1]) * alpha
			bl += int(src.Pix[p+2]) * alpha
			a += alpha
			n++
		}
	}
	if a == 0 {
		return []byte{0, 0, 0, 0}
	}
	return []byte{byte(r / a), byte(g / a), byte(bl / a), byte(a / n)}
}
