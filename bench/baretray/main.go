// Command baretray is the yardstick for utec-tray's idle cost: a Fyne app
// with a tray icon, a one-item menu and no window, built from the same
// Fyne module as the app (third_party/fyne). bench/traybench runs it
// beside the app and reports their idle figures side by side.
//
//	go build -o bin/baretray ./bench/baretray
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

func main() {
	a := app.NewWithID("io.github.utec-tray.baretray")
	desk, ok := a.(desktop.App)
	if !ok {
		panic("baretray needs a desktop driver")
	}
	desk.SetSystemTrayIcon(theme.InfoIcon())
	desk.SetSystemTrayMenu(fyne.NewMenu("baretray", fyne.NewMenuItem("Hello", func() {})))
	a.Run()
}
