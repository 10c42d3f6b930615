package tray

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestWithName: a plain go build's empty metadata gets the name and ID;
// a packaged build's stays as packaged.
func TestWithName(t *testing.T) {
	m, changed := withName(fyne.AppMetadata{Version: "0.0.1"})
	if !changed || m.Name != AppName || m.ID != AppID || m.Version != "0.0.1" {
		t.Errorf("empty metadata became %+v (changed %v), want the name %q and ID %q", m, changed, AppName, AppID)
	}
	packaged := fyne.AppMetadata{Name: "utec-tray", ID: AppID, Version: "0.1.0", Build: 3, Release: true}
	if m, changed := withName(packaged); changed || m.Build != 3 || !m.Release {
		t.Errorf("packaged metadata became %+v (changed %v)", m, changed)
	}
}
