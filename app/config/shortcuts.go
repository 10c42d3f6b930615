package config

// Shortcut is one global keyboard shortcut: off unless turned on; Keys
// is the accelerator as Settings writes it ("Ctrl+Alt+L"), "" for the
// action's default.
type Shortcut struct {
	On   bool   `json:"on,omitempty"`
	Keys string `json:"keys,omitempty"`
}

// Shortcuts are the actions that may have a global shortcut.
type Shortcuts struct {
	LockAll   Shortcut `json:"lockAll,omitzero"`
	OpenPanel Shortcut `json:"openPanel,omitzero"`
}

// The keys an action's shortcut has until the person types others; with
// Shift, as desktops take Ctrl+Alt+L themselves (Xfce's screen lock).
const (
	DefaultLockAllKeys   = "Ctrl+Alt+Shift+L"
	DefaultOpenPanelKeys = "Ctrl+Alt+Shift+P"
)

// AnyOn reports whether some shortcut is on.
func (s Shortcuts) AnyOn() bool { return s.LockAll.On || s.OpenPanel.On }
