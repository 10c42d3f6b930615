// Package shortcuts decides which global keyboard shortcuts the app holds
// and runs them: Plan turns the settings into bindings (pure), and a
// Manager, on a goroutine of its own, holds them through the platform's
// grabber (app/platform/hotkey), says how each fared (Status, for the
// Settings window) and fires the action when its keys are pressed. It
// owns the grabber and the shortcuts' status; the controller owns the
// settings and does what the actions ask.
package shortcuts

import (
	"fmt"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/hotkey"
)

// Action is what a shortcut does; its value is the binding's ID.
type Action string

// The actions a shortcut may have.
const (
	// LockAll locks every unlocked lock, as the menu's "Lock all" does.
	LockAll Action = "lock-all"
	// OpenPanel opens the quick panel.
	OpenPanel Action = "open-panel"
)

// Actions lists them in the order Settings shows them.
var Actions = []Action{LockAll, OpenPanel}

// Setting is the action's shortcut in s, with its default keys filled in.
func (a Action) Setting(s config.Shortcuts) config.Shortcut {
	var sc config.Shortcut
	var keys string
	switch a {
	case LockAll:
		sc, keys = s.LockAll, config.DefaultLockAllKeys
	case OpenPanel:
		sc, keys = s.OpenPanel, config.DefaultOpenPanelKeys
	}
	if sc.Keys == "" {
		sc.Keys = keys
	}
	return sc
}

// Set stores the action's shortcut in s.
func (a Action) Set(s *config.Shortcuts, sc config.Shortcut) {
	switch a {
	case LockAll:
		s.LockAll = sc
	case OpenPanel:
		s.OpenPanel = sc
	}
}

// Label is the action's name, as Settings and the desktop's list of
// shortcuts show it.
func (a Action) Label() string {
	switch a {
	case LockAll:
		return i18n.T("menu.lockAll", "Lock all")
	case OpenPanel:
		return i18n.T("menu.openQuickPanel", "Open quick panel")
	}
	return string(a)
}

// SameKeysError says two actions were given the same keys; the second
// in Actions' order is refused.
type SameKeysError struct {
	Keys  hotkey.Accel
	Other Action
}

func (e *SameKeysError) Error() string {
	return fmt.Sprintf("%s is already the shortcut for %s; choose another", e.Keys, e.Other.Label())
}

// Plan is the bindings the shortcuts turned on ask for, and the error of
// each that cannot be asked for (keys that do not parse, keys another
// action has).
func Plan(s config.Shortcuts) ([]hotkey.Binding, map[Action]error) {
	var bindings []hotkey.Binding
	errs := map[Action]error{}
	owner := map[hotkey.Accel]Action{}
	for _, a := range Actions {
		sc := a.Setting(s)
		if !sc.On {
			continue
		}
		accel, err := hotkey.Parse(sc.Keys)
		if err != nil {
			errs[a] = err
			continue
		}
		if other, taken := owner[accel]; taken {
			errs[a] = &SameKeysError{Keys: accel, Other: other}
			continue
		}
		owner[accel] = a
		bindings = append(bindings, hotkey.Binding{ID: string(a), Accel: accel, Description: a.Label()})
	}
	return bindings, errs
}
