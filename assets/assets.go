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
)

// Image is one embedded PNG and the file name it was drawn to. It is plain
// bytes, so that only the windows' wing (app/ui) needs Fyne to show it.
type Image struct {
	Name string
	PNG  []byte
}

var (
	//go:embed locked.png
	lockedPNG []byte
	//go:embed locked-badge.png
	lockedBadgePNG []byte
	//go:embed unlocked.png
	unlockedPNG []byte
	//go:embed unlocked-badge.png
	unlockedBadgePNG []byte
	//go:embed neutral.png
	neutralPNG []byte
	//go:embed neutral-badge.png
	neutralBadgePNG []byte
	//go:embed signedout.png
	signedOutPNG []byte
	//go:embed template-locked.png
	templateLockedPNG []byte
	//go:embed template-locked-badge.png
	templateLockedBadgePNG []byte
	//go:embed template-unlocked.png
	templateUnlockedPNG []byte
	//go:embed template-unlocked-badge.png
	templateUnlockedBadgePNG []byte
	//go:embed template-neutral.png
	templateNeutralPNG []byte
	//go:embed template-neutral-badge.png
	templateNeutralBadgePNG []byte
	//go:embed template-signedout.png
	templateSignedOutPNG []byte
	//go:embed icon.png
	appIconPNG []byte
)

// The tray icons are 64×64 PNGs with a transparent background: a padlock in
// a mid-tone colour with a light outline, so that it reads on light and dark
// panels alike. The padlock says how the locks are; a red "!" badge on it
// says that something else needs the person, and never replaces it.
var (
	// IconLocked is a closed green padlock: every lock is locked.
	IconLocked = Image{"locked.png", lockedPNG}
	// IconLockedBadge is the closed padlock with a badge.
	IconLockedBadge = Image{"locked-badge.png", lockedBadgePNG}
	// IconUnlocked is an open orange padlock: a lock is unlocked or a
	// door open.
	IconUnlocked = Image{"unlocked.png", unlockedPNG}
	// IconUnlockedBadge is the open padlock with a badge.
	IconUnlockedBadge = Image{"unlocked-badge.png", unlockedBadgePNG}
	// IconNeutral is a blue-grey padlock with its shackle lifted clear of
	// the body: nothing to say about the locks (connecting, no locks, a
	// lock whose state is unknown).
	IconNeutral = Image{"neutral.png", neutralPNG}
	// IconNeutralBadge is the neutral padlock with a badge.
	IconNeutralBadge = Image{"neutral-badge.png", neutralBadgePNG}
	// IconSignedOut is a grey line-drawn padlock: no account is signed in.
	IconSignedOut = Image{"signedout.png", signedOutPNG}
)

// The template icons are the same shapes in black on transparent, with
// the white parts (keyholes, outlines, the "!") cut out, for menu bars that
// colour template icons themselves (macOS).
var (
	TemplateLocked        = Image{"template-locked.png", templateLockedPNG}
	TemplateLockedBadge   = Image{"template-locked-badge.png", templateLockedBadgePNG}
	TemplateUnlocked      = Image{"template-unlocked.png", templateUnlockedPNG}
	TemplateUnlockedBadge = Image{"template-unlocked-badge.png", templateUnlockedBadgePNG}
	TemplateNeutral       = Image{"template-neutral.png", templateNeutralPNG}
	TemplateNeutralBadge  = Image{"template-neutral-badge.png", templateNeutralBadgePNG}
	TemplateSignedOut     = Image{"template-signedout.png", templateSignedOutPNG}
)

// AppIcon is the 256×256 app icon: the locked padlock on a dark rounded
// tile. FyneApp.toml points fyne package at the same file.
var AppIcon = Image{"icon.png", appIconPNG}
