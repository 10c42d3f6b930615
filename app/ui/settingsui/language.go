package settingsui

// This file is the Language choice. Fyne fixes the language when the
// translations load at start (fyne #5333), so the choice is saved at once
// and takes effect at the next start, as the note under it says.

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
)

// languageLabel is a choice's name in the list: each language in its own
// words, System in the current one.
func languageLabel(l i18n.Language) string {
	if l.Code == i18n.System {
		return i18n.T("settings.languageSystem", "System")
	}
	return l.Name
}

// languageIndex is the position in i18n.Languages of a setting's code;
// an unknown code shows as System, which is what the start falls back to.
func languageIndex(code string) int {
	return max(slices.IndexFunc(i18n.Languages, func(l i18n.Language) bool { return l.Code == code }), 0)
}

// languageSection is the Language select and its note, for the Checking
// tab (the tabs fill the window's width: no room for a seventh).
func (w *Window) languageSection() fyne.CanvasObject {
	labels := make([]string, len(i18n.Languages))
	for i, l := range i18n.Languages {
		labels[i] = languageLabel(l)
	}
	w.Language = widget.NewSelect(labels, func(choice string) {
		i := slices.Index(labels, choice)
		if i >= 0 && i18n.Languages[i].Code != w.s.Language {
			code := i18n.Languages[i].Code
			w.edit(func(s *config.Settings) { s.Language = code })
		}
	})
	w.Language.SetSelected(labels[languageIndex(w.s.Language)])
	return container.NewVBox(
		widget.NewSeparator(),
		widget.NewForm(widget.NewFormItem(i18n.T("settings.language", "Language"), w.Language)),
		wrapped(i18n.T("settings.languageNote", "A new language applies the next time utec-tray starts.")),
	)
}

// showLanguage shows a Language changed elsewhere (the settings file).
func (w *Window) showLanguage(old, now string) {
	if old != now {
		// Not SetSelected: an unknown code shown as System must not be
		// written back as System.
		w.Language.Selected = w.Language.Options[languageIndex(now)]
		w.Language.Refresh()
	}
}
