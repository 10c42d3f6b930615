package settingsui

// This file is the Advanced tab's "Keyboard shortcuts" section: for
// "Lock all" and "Open quick panel", a box that turns the shortcut on
// and the keys, typed ("Ctrl+Alt+L") and applied when the entry is left
// or Enter pressed. Keys that do not parse are refused here, next to the
// entry; what the desktop says (keys another program holds, no way to
// grab keys) comes from Deps.Shortcuts after the change was applied.

import (
	"errors"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/hotkey"
	"github.com/utec-tray/utec-tray/app/shortcuts"
)

// ShortcutWidgets are the section's widgets, by action.
type ShortcutWidgets struct {
	On   map[shortcuts.Action]*widget.Check
	Keys map[shortcuts.Action]*CommitEntry
	// Note says how the shortcut stands: held, or why not.
	Note map[shortcuts.Action]*widget.Label
	// typoErr is a refused entry's error, shown until the keys change.
	typoErr map[shortcuts.Action]error
}

// shortcutsSection builds the section.
func (w *Window) shortcutsSection() fyne.CanvasObject {
	sw := &w.Shortcuts
	sw.On, sw.Keys = map[shortcuts.Action]*widget.Check{}, map[shortcuts.Action]*CommitEntry{}
	sw.Note, sw.typoErr = map[shortcuts.Action]*widget.Label{}, map[shortcuts.Action]error{}
	form := widget.NewForm()
	for _, a := range shortcuts.Actions {
		w.addShortcut(form, a)
	}
	box := container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(i18n.T("shortcuts.title", "Keyboard shortcuts"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(i18n.T("shortcuts.intro", "Keys that work in every program, with no utec-tray window open. Off unless you turn them on.")))
	if note := platformNote(); note != "" {
		box.Add(wrapped(note))
	}
	box.Add(form)
	w.showShortcuts()
	return box
}

// platformNote is what this system's shortcuts need saying, "" when
// nothing.
func platformNote() string {
	switch {
	case runtime.GOOS == "darwin":
		return i18n.T("shortcuts.notYetMac", "Global shortcuts are not available on macOS yet.")
	case os.Getenv("WAYLAND_DISPLAY") != "" || os.Getenv("XDG_SESSION_TYPE") == "wayland":
		return i18n.T("shortcuts.wayland", "On Wayland your desktop asks you to confirm the shortcuts, and may give them other keys.")
	}
	return ""
}

// addShortcut adds one action's row: its box, its keys and its note.
func (w *Window) addShortcut(form *widget.Form, a shortcuts.Action) {
	sw := &w.Shortcuts
	check := widget.NewCheck(i18n.T("shortcuts.on", "On"), nil)
	check.Checked = a.Setting(w.s.Shortcuts).On
	check.OnChanged = func(on bool) {
		w.edit(func(s *config.Settings) {
			sc := a.Setting(s.Shortcuts)
			sc.On = on
			a.Set(&s.Shortcuts, sc)
		})
		w.showShortcuts()
	}
	entry := NewCommitEntry()
	entry.SetPlaceHolder(a.Setting(config.Shortcuts{}).Keys)
	entry.SetText(a.Setting(w.s.Shortcuts).Keys)
	entry.OnCommit = func() { w.commitKeys(a) }
	note := wrapped("")
	if runtime.GOOS == "darwin" {
		check.Disable()
		entry.Disable()
	}
	sw.On[a], sw.Keys[a], sw.Note[a] = check, entry, note
	form.Append(a.Label(), container.NewVBox(container.NewBorder(nil, nil, check, nil, entry), note))
}

// commitKeys saves the typed keys, written the canonical way, or shows
// why they cannot be a shortcut.
func (w *Window) commitKeys(a shortcuts.Action) {
	sw := &w.Shortcuts
	entry := sw.Keys[a]
	accel, err := hotkey.Parse(entry.Text)
	if err != nil {
		sw.typoErr[a] = err
		w.showShortcuts()
		return
	}
	delete(sw.typoErr, a)
	keys := accel.String()
	if entry.Text != keys {
		entry.SetText(keys)
	}
	if a.Setting(w.s.Shortcuts).Keys != keys {
		w.edit(func(s *config.Settings) {
			sc := a.Setting(s.Shortcuts)
			sc.Keys = keys
			a.Set(&s.Shortcuts, sc)
		})
	}
	w.showShortcuts()
}

// ShowShortcuts shows how the shortcuts stand now (the app calls it
// when that changed). Call it on the UI goroutine.
func (w *Window) ShowShortcuts() { w.showShortcuts() }

// showShortcuts brings the section in line with the settings and the
// shortcuts' status; an entry being typed in keeps its text.
func (w *Window) showShortcuts() {
	sw := &w.Shortcuts
	if sw.On == nil {
		return // the tab is being built
	}
	var status shortcuts.Status
	if w.deps.Shortcuts != nil {
		status = w.deps.Shortcuts()
	}
	for _, a := range shortcuts.Actions {
		sc := a.Setting(w.s.Shortcuts)
		if c := sw.On[a]; c.Checked != sc.On {
			c.Checked = sc.On // not SetChecked: that would send an edit
			c.Refresh()
		}
		if e := sw.Keys[a]; e.Text != sc.Keys && sw.typoErr[a] == nil && !w.typing(e) {
			e.SetText(sc.Keys)
		}
		text, bad := shortcutNote(sc, status[a], sw.typoErr[a])
		note := sw.Note[a]
		note.Importance = widget.MediumImportance
		if bad {
			note.Importance = widget.DangerImportance
		}
		note.SetText(text)
		note.Hidden = text == ""
		note.Refresh()
	}
}

// typing reports whether e has the focus (its text is the person's).
func (w *Window) typing(e *CommitEntry) bool {
	return w.Window.Canvas().Focused() == e
}

// shortcutNote is the line under a shortcut, and whether it tells of a
// problem: a refused entry first, then the status of the keys the
// settings hold (a status of other keys is stale and not shown).
func shortcutNote(sc config.Shortcut, st shortcuts.State, typo error) (string, bool) {
	switch {
	case typo != nil:
		return ShortcutError(typo), true
	case !sc.On || st.Keys != sc.Keys || !st.On:
		return "", false
	case st.Err != nil:
		return ShortcutError(st.Err), true
	case st.Pending:
		return "", false
	}
	return i18n.T("shortcuts.held", "{{.Keys}} works in every program now.", map[string]any{"Keys": sc.Keys}), false
}

// ShortcutError puts a shortcut's error in the person's words, with what
// to do; "" for none.
func ShortcutError(err error) string {
	if err == nil {
		return ""
	}
	var (
		parse    *hotkey.ParseError
		taken    *hotkey.TakenError
		unmapped *hotkey.UnmappedError
		same     *shortcuts.SameKeysError
	)
	switch {
	case errors.As(err, &parse):
		return parseError(parse)
	case errors.As(err, &taken):
		return i18n.T("shortcuts.taken", "{{.Keys}} is taken by another program; choose another.", map[string]any{"Keys": taken.Accel.String()})
	case errors.As(err, &unmapped):
		return i18n.T("shortcuts.unmapped", "This keyboard has no {{.Key}} key; choose another.", map[string]any{"Key": unmapped.Accel.Key})
	case errors.As(err, &same):
		return i18n.T("shortcuts.same", "{{.Keys}} is already the shortcut for {{.Other}}; choose another.",
			map[string]any{"Keys": same.Keys.String(), "Other": same.Other.Label()})
	case errors.Is(err, hotkey.ErrUnavailable):
		return i18n.T("shortcuts.unavailable", "Global shortcuts are not available on this desktop.")
	case errors.Is(err, hotkey.ErrRefused):
		return i18n.T("shortcuts.refused", "The desktop's dialog turned the shortcut down. Turn it off and on to be asked again.")
	case errors.Is(err, hotkey.ErrNotBound):
		return i18n.T("shortcuts.notBound", "The desktop gave this shortcut no keys; set them in the desktop's keyboard settings.")
	}
	return i18n.T("shortcuts.failed", "The shortcut could not be set ({{.Error}}). Try other keys, or turn it off and on.",
		map[string]any{"Error": err.Error()})
}

// parseError says what is wrong with typed keys.
func parseError(e *hotkey.ParseError) string {
	switch e.Reason {
	case hotkey.Empty, hotkey.NoKey:
		return i18n.T("shortcuts.noKey", "Type modifiers and a key, like Ctrl+Alt+L.")
	case hotkey.UnknownKey:
		return i18n.T("shortcuts.unknownKey", "“{{.Part}}” is not a key utec-tray knows. Type modifiers and a key, like Ctrl+Alt+L.",
			map[string]any{"Part": e.Part})
	case hotkey.TwoKeys:
		return i18n.T("shortcuts.twoKeys", "Type one key after the modifiers, like Ctrl+Alt+L.")
	case hotkey.RepeatedModifier:
		return i18n.T("shortcuts.repeated", "{{.Part}} is there twice.", map[string]any{"Part": e.Part})
	case hotkey.NeedsModifier:
		return i18n.T("shortcuts.needsModifier", "Add Ctrl, Alt or Super: alone, this key would no longer type in other programs.")
	}
	return i18n.T("shortcuts.noKey", "Type modifiers and a key, like Ctrl+Alt+L.")
}
