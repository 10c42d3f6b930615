//go:build windows

package autostart

import (
	"errors"

	"golang.org/x/sys/windows/registry"
)

// Path names the registry value. Not tested on Windows here; the value's
// data is unit-tested.
func Path() (string, error) { return `HKCU\` + RunKey + `\` + RunValueName, nil }

func enable(exe string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, RunKey, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	return k.SetStringValue(RunValueName, RunValue(exe))
}

func disable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, RunKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer k.Close()
	if err := k.DeleteValue(RunValueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return err
	}
	return nil
}
