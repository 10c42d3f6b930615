package shortcuts

import (
	"errors"
	"testing"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/platform/hotkey"
)

func TestMain(m *testing.M) { i18ntest.MainInEnglish(m) }

func TestPlan(t *testing.T) {
	t.Parallel()
	on := func(keys string) config.Shortcut { return config.Shortcut{On: true, Keys: keys} }
	cases := []struct {
		name string
		in   config.Shortcuts
		want map[Action]string // the keys bound
		errs map[Action]error
	}{
		{name: "off by default", in: config.Shortcuts{}, want: map[Action]string{}},
		{name: "defaults", in: config.Shortcuts{LockAll: on(""), OpenPanel: on("")},
			want: map[Action]string{LockAll: "Ctrl+Alt+Shift+L", OpenPanel: "Ctrl+Alt+Shift+P"}},
		{name: "typed keys, written the canonical way", in: config.Shortcuts{LockAll: on("super+shift+l"), OpenPanel: config.Shortcut{Keys: "F9"}},
			want: map[Action]string{LockAll: "Super+Shift+L"}},
		{name: "the same keys twice", in: config.Shortcuts{LockAll: on("Ctrl+Alt+K"), OpenPanel: on("alt+ctrl+k")},
			want: map[Action]string{LockAll: "Ctrl+Alt+K"}, errs: map[Action]error{OpenPanel: &SameKeysError{}}},
		{name: "keys that do not parse", in: config.Shortcuts{LockAll: on("Ctrl+Alt"), OpenPanel: on("Ctrl+Alt+P")},
			want: map[Action]string{OpenPanel: "Ctrl+Alt+P"}, errs: map[Action]error{LockAll: hotkey.ErrBadAccel}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bindings, errs := Plan(c.in)
			got := map[Action]string{}
			for _, b := range bindings {
				got[Action(b.ID)] = b.Accel.String()
				if b.Description != Action(b.ID).Label() {
					t.Errorf("%s described as %q", b.ID, b.Description)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("bound %v, want %v", got, c.want)
			}
			for a, k := range c.want {
				if got[a] != k {
					t.Errorf("%s bound to %q, want %q", a, got[a], k)
				}
			}
			if len(errs) != len(c.errs) {
				t.Errorf("errors %v, want %v", errs, c.errs)
			}
			for a, want := range c.errs {
				var same *SameKeysError
				if errors.As(want, &same) {
					if !errors.As(errs[a], &same) || same.Other != LockAll {
						t.Errorf("%s: %v, want the same keys as Lock all", a, errs[a])
					}
					continue
				}
				if !errors.Is(errs[a], want) {
					t.Errorf("%s: %v, want %v", a, errs[a], want)
				}
			}
		})
	}
}

func TestSameKeysMessage(t *testing.T) {
	t.Parallel()
	_, errs := Plan(config.Shortcuts{LockAll: config.Shortcut{On: true}, OpenPanel: config.Shortcut{On: true, Keys: "ctrl+shift+alt+l"}})
	if got, want := errs[OpenPanel].Error(), "Ctrl+Alt+Shift+L is already the shortcut for Lock all; choose another"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestSettingAndSet(t *testing.T) {
	t.Parallel()
	var s config.Shortcuts
	if got := OpenPanel.Setting(s); got.On || got.Keys != config.DefaultOpenPanelKeys {
		t.Errorf("unset: %+v, want off with the default keys", got)
	}
	LockAll.Set(&s, config.Shortcut{On: true, Keys: "F1"})
	OpenPanel.Set(&s, config.Shortcut{Keys: "F2"})
	if got := LockAll.Setting(s); got != (config.Shortcut{On: true, Keys: "F1"}) {
		t.Errorf("Lock all: %+v", got)
	}
	if got := OpenPanel.Setting(s); got != (config.Shortcut{Keys: "F2"}) {
		t.Errorf("Open quick panel: %+v", got)
	}
}
