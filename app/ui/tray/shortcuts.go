package tray

import (
	"github.com/utec-tray/utec-tray/app/controller"
	"github.com/utec-tray/utec-tray/app/shortcuts"
	"github.com/utec-tray/utec-tray/app/view"
)

// FireShortcut does what a global shortcut's action asks, through the
// controller's usual paths: "Lock all" is the menu's (and `utec-tray
// lock --all`'s) with its notifications; the panel opens as a launcher's
// "Open quick panel" opens it. It returns at once.
func FireShortcut(ctrl *controller.Controller, a shortcuts.Action) {
	switch a {
	case shortcuts.LockAll:
		ctrl.Click(view.Action{Kind: view.LockAll})
	case shortcuts.OpenPanel:
		ctrl.OpenPanel()
	}
}

// shortcutHolder is what the tray reads of the shortcuts' manager.
type shortcutHolder interface{ Status() shortcuts.Status }

// UseShortcuts gives the tray the shortcuts' manager, whose status the
// settings window shows, kept up to date. Call it before the app runs.
func (t *Tray) UseShortcuts(m *shortcuts.Manager) {
	t.shortcuts = m
	m.OnChange(t.ShortcutsChanged)
}

// ShortcutsChanged shows the shortcuts' new status in the open settings
// window. It returns at once.
func (t *Tray) ShortcutsChanged() {
	t.ui(func() {
		if t.settings != nil {
			t.settings.ShowShortcuts()
		}
	})
}

// shortcutStatus is how the shortcuts stand, for the settings window.
func (t *Tray) shortcutStatus() shortcuts.Status {
	if t.shortcuts == nil {
		return shortcuts.Status{}
	}
	return t.shortcuts.Status()
}
