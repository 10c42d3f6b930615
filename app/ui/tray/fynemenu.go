package tray

import (
	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/app/ui/icons"
	"github.com/utec-tray/utec-tray/app/view"
)

// toFyneMenu turns the menu model into a Fyne menu whose items report
// their action to onClick. Fyne adds its own Quit item unless one is
// marked IsQuit; ours is, so that its label says what it quits.
func toFyneMenu(m view.Menu, onClick func(view.Action)) *fyne.Menu {
	return fyne.NewMenu("utec-tray", toFyneItems(m.Items, onClick)...)
}

func toFyneItems(items []view.Item, onClick func(view.Action)) []*fyne.MenuItem {
	out := make([]*fyne.MenuItem, 0, len(items))
	for _, it := range items {
		if it.Separator {
			out = append(out, fyne.NewMenuItemSeparator())
			continue
		}
		var action func()
		if it.Action.Kind != view.NoAction {
			a := it.Action
			action = func() { onClick(a) }
		}
		mi := fyne.NewMenuItem(it.Label, action)
		mi.Disabled = it.Disabled || (action == nil && len(it.Children) == 0)
		// Fyne's systray shows a checked item as a dbusmenu checkmark
		// (toggle-type "checkmark", toggle-state 1).
		mi.Checked = it.Checked
		if len(it.Children) > 0 {
			mi.ChildMenu = fyne.NewMenu("", toFyneItems(it.Children, onClick)...)
		}
		mi.IsQuit = it.Action.Kind == view.Quit
		out = append(out, mi)
	}
	return out
}

// trayIcon is one tray icon: in colour for panels, and as a template
// image for menu bars that colour it themselves (macOS).
type trayIcon struct {
	colour, template fyne.Resource
}

// iconFor picks the tray icon for the model's icon.
func iconFor(i view.Icon) trayIcon {
	switch {
	case i.Glyph == view.GlyphSignedOut:
		return trayIcon{icons.IconSignedOut, icons.TemplateSignedOut}
	case i.Glyph == view.GlyphLocked && i.Badge:
		return trayIcon{icons.IconLockedBadge, icons.TemplateLockedBadge}
	case i.Glyph == view.GlyphLocked:
		return trayIcon{icons.IconLocked, icons.TemplateLocked}
	case i.Glyph == view.GlyphUnlocked && i.Badge:
		return trayIcon{icons.IconUnlockedBadge, icons.TemplateUnlockedBadge}
	case i.Glyph == view.GlyphUnlocked:
		return trayIcon{icons.IconUnlocked, icons.TemplateUnlocked}
	case i.Badge:
		return trayIcon{icons.IconNeutralBadge, icons.TemplateNeutralBadge}
	}
	return trayIcon{icons.IconNeutral, icons.TemplateNeutral}
}
