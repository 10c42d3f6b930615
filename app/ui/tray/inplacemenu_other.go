//go:build !((linux || freebsd || openbsd || netbsd) && !android)

package tray

// inPlaceMenu is empty here: macOS and Windows get Fyne's menu, whose
// native menus are rebuilt without a bus between.
type inPlaceMenu struct{}
