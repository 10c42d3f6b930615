package settingsui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
)

// A program in a temporary folder cannot be started at login: the box is
// off and disabled even when the settings say on, the window says why,
// and nothing is sent when it is tapped or when the settings are redrawn.
func TestStartAtLoginUnavailableSaysWhy(t *testing.T) {
	const why = "/tmp/go-build1/exe/utec-tray is in the temporary folder /tmp"
	s := config.Default()
	s.StartAtLogin = true
	edits := 0
	w := New(test.NewTempApp(t), Deps{
		State:               State{Account: SignedOut, Settings: s},
		Edit:                func(func(*config.Settings)) { edits++ },
		Run:                 uithread.NewQueue().Run,
		StartAtLoginBlocked: why,
	})
	if c := w.StartAtLogin; c.Checked || !c.Disabled() {
		t.Fatalf("the box: checked %v, disabled %v; want off and disabled", c.Checked, c.Disabled())
	}
	test.Tap(w.StartAtLogin)
	w.SetState(State{Account: SignedOut, Settings: s})
	if edits != 0 || w.StartAtLogin.Checked {
		t.Errorf("%d edits sent, box checked %v", edits, w.StartAtLogin.Checked)
	}
	said := false
	for _, o := range test.LaidOutObjects(w.Window.Content()) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, why) {
			said = true
		}
	}
	if !said {
		t.Error("the window does not say why start at login is unavailable")
	}
}
