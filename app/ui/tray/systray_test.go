package tray

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/app/ui/icons"
)

// countingDesktop counts what reaches Fyne's tray. It stands in for
// Fyne's desktop driver, which needs the GL main thread and a display
// (the real one is measured in make bench and driven in e2e/).
type countingDesktop struct {
	icons []fyne.Resource
}

func (d *countingDesktop) SetSystemTrayMenu(*fyne.Menu)    {}
func (d *countingDesktop) SetSystemTrayWindow(fyne.Window) {}
func (d *countingDesktop) SetSystemTrayIcon(r fyne.Resource) {
	d.icons = append(d.icons, r)
}

// TestSurfaceSetsAnIconOnce: every frame sets the icon, and a frame whose
// icon did not change (a poll that changed a label) must not send it to
// the tray host again; a change must.
func TestSurfaceSetsAnIconOnce(t *testing.T) {
	saved := reapplyAfter
	reapplyAfter = nil // no re-sets from a goroutine in this test
	t.Cleanup(func() { reapplyAfter = saved })
	d := &countingDesktop{}
	s := &systraySurface{App: d}
	frames := []fyne.Resource{icons.IconLocked, icons.IconLocked, icons.IconLocked, icons.IconUnlocked,
		icons.IconUnlocked, icons.IconLocked}
	for _, icon := range frames {
		s.SetSystemTrayIcon(icon)
		s.SetSystemTrayTemplateIcon(icons.TemplateLocked, icon)
		s.SetSystemTrayTooltip("utec-tray: all locked")
	}
	want := []fyne.Resource{icons.IconLocked, icons.IconUnlocked, icons.IconLocked}
	if len(d.icons) != len(want) {
		t.Fatalf("icons set %d times (%v), want %d", len(d.icons), names(d.icons), len(want))
	}
	for i := range want {
		if d.icons[i] != want[i] {
			t.Errorf("icon %d: %s, want %s", i, d.icons[i].Name(), want[i].Name())
		}
	}
	if s.tooltip != "utec-tray: all locked" || s.colour != icons.IconLocked || s.template != icons.TemplateLocked {
		t.Errorf("kept tooltip %q colour %v template %v", s.tooltip, s.colour, s.template)
	}
}

func names(rs []fyne.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name())
	}
	return out
}
