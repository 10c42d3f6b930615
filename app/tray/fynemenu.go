package tray

import (
	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/app/traymenu"
	"github.com/utec-tray/utec-tray/assets"
)

// toFyneMenu turns the menu model into a Fyne menu whose items report
// their action to onClick. Fyne adds its own Quit item unless one is
// marked IsQuit; ours is, so that its label says what it quits.
func toFyneMenu(m traymenu.Menu, onClick func(traymenu.Action)) *fyne.Menu {
	return fyne.NewMenu("utec-tray", toFyneItems(m.Items, onClick)...)
}

func toFyneItems(items []traymenu.Item, onClick func(traymenu.Action)) []*fyne.MenuItem {
	out := make([]*fyne.MenuItem, 0, len(items))
	for _, it := range items {
		if it.Separator {
			out = append(out, fyne.NewMenuItemSeparator())
			continue
		}
		var action func()
		if it.Action.Kind != traymenu.NoAction {
			a := it.Action
			action = func() { onClick(a) }
		}
		mi := fyne.NewMenuItem(it.Label, action)
		mi.Disabled = it.Disabled || (action == nil && len(it.Children) == 0)
		if len(it.Children) > 0 {
			mi.ChildMenu = fyne.NewMenu("", toFyneItems(it.Children, onClick)...)
		}
		mi.IsQuit = it.Action.Kind == traymenu.Quit
		out = append(out, mi)
	}
	return out
}

// iconFor picks the tray icon resource.
func iconFor(i traymenu.Icon) fyne.Resource {
	switch i {
	case traymenu.IconLocked:
		return assets.IconLocked
	case traymenu.IconUnlocked:
		return assets.IconUnlocked
	case traymenu.IconAttention:
		return assets.IconAttention
	}
	return assets.IconSignedOut
}
