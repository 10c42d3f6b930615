// Package apptheme is utec-tray's Fyne theme: Fyne's own, with the
// outlines of unchecked boxes and the slider's track given enough contrast
// with the window to be seen (Fyne's nearly vanish, in the light variant
// and the dark one alike).
package apptheme

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colours that replace Fyne's. The border reaches a 3:1 contrast with the
// background (what WCAG asks of a control's outline); the input
// background is a shade further from the window's than Fyne's, so that
// the slider's track, drawn in it, shows, while entries stay quiet.
var (
	lightInputBorder     = color.NRGBA{R: 0x8a, G: 0x8a, B: 0x8a, A: 0xff}
	lightInputBackground = color.NRGBA{R: 0xd6, G: 0xd6, B: 0xd6, A: 0xff}
	darkInputBorder      = color.NRGBA{R: 0x76, G: 0x76, B: 0x7a, A: 0xff}
	darkInputBackground  = color.NRGBA{R: 0x36, G: 0x36, B: 0x3b, A: 0xff}
)

type appTheme struct{ fyne.Theme }

// New returns the theme; set it with app.Settings().SetTheme.
func New() fyne.Theme { return appTheme{theme.DefaultTheme()} }

// Color returns Fyne's colour but for the two this theme changes.
func (t appTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	light := v == theme.VariantLight
	switch {
	case name == theme.ColorNameInputBorder && light:
		return lightInputBorder
	case name == theme.ColorNameInputBackground && light:
		return lightInputBackground
	case name == theme.ColorNameInputBorder:
		return darkInputBorder
	case name == theme.ColorNameInputBackground:
		return darkInputBackground
	}
	return t.Theme.Color(name, v)
}
