// Package assets holds the app's icons, embedded in the binary: the tray
// icons that show the state of the locks at a glance and the app icon used
// for windows, notifications and packaging.
//
// The PNGs are drawn by gen/main.go and committed; after changing the
// drawing, run go generate in this folder and look at the preview it
// writes to /tmp/icon-preview.png.
package assets

//go:generate go run gen/main.go -preview /tmp/icon-preview.png

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

var (
	//go:embed locked.png
	lockedPNG []byte
	//go:embed unlocked.png
	unlockedPNG []byte
	//go:embed attention.png
	attentionPNG []byte
	//go:embed signedout.png
	signedOutPNG []byte
	//go:embed template.png
	templatePNG []byte
	//go:embed icon.png
	appIconPNG []byte
)

// The tray icons are 64×64 PNGs with a transparent background: a padlock in
// a mid-tone colour with a light outline, so that it reads on light and dark
// panels alike.
var (
	// IconLocked is a closed green padlock: every lock is locked.
	IconLocked fyne.Resource = fyne.NewStaticResource("locked.png", lockedPNG)
	// IconUnlocked is an open orange padlock: at least one lock is unlocked.
	IconUnlocked fyne.Resource = fyne.NewStaticResource("unlocked.png", unlockedPNG)
	// IconAttention is a padlock with a red "!" badge: something needs the
	// person (a jammed or offline lock, a low battery, a sign-in to renew).
	IconAttention fyne.Resource = fyne.NewStaticResource("attention.png", attentionPNG)
	// IconSignedOut is a grey line-drawn padlock: no account is signed in.
	IconSignedOut fyne.Resource = fyne.NewStaticResource("signedout.png", signedOutPNG)
	// IconTemplate is a black closed padlock on transparent, for menu bars
	// that colour template icons themselves (macOS).
	IconTemplate fyne.Resource = fyne.NewStaticResource("template.png", templatePNG)
)

// AppIcon is the 256×256 app icon: the locked padlock on a dark rounded
// tile. FyneApp.toml points fyne package at the same file.
var AppIcon fyne.Resource = fyne.NewStaticResource("icon.png", appIconPNG)
