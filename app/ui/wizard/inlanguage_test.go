package wizard

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/ui/uitexts"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// noEnglishLeft fails the test for each word of the wizard (all its pages,
// the one shown and the others) in English although the language has it.
func noEnglishLeft(t *testing.T, code, when string, w *Wizard) {
	t.Helper()
	shown := append(uitexts.Shown(append([]fyne.CanvasObject{w.Window.Content()}, w.pages...)...), w.Window.Title())
	i18ntest.NoEnglish(t, code, when, shown, 20)
}

// TestWizardPagesInEachLanguage goes through every step in German, French
// and Spanish — each credential error, the sign-in, the devices, a failed
// and an empty device list, the last step with locking on sleep offered
// and unavailable and start at login blocked — and finds no English word
// that the language translates.
func TestWizardPagesInEachLanguage(t *testing.T) {
	for _, code := range []string{"de", "fr", "es"} {
		t.Run(code, func(t *testing.T) {
			i18ntest.In(t, code)
			h := newHarness(t, func(d *Deps) {
				d.Desktop = "ubuntu:GNOME"
				d.Guard = &GuardChoices{Availability: func() sessionwatch.Availability {
					return sessionwatch.Availability{Known: true, Sleep: true}
				}}
				d.SetStartAtLogin = func(bool) {}
				d.StartAtLoginBlocked = "/tmp/utec-tray" // the tray says why, in the language
			})
			w := h.wiz
			noEnglishLeft(t, code, "welcome", w)
			test.Tap(w.Next)
			for _, typed := range [][2]string{{"", ""}, {"id", ""}, {"i d", "s"}, {"id", "s s"}} {
				w.ClientID.SetText(typed[0])
				w.Secret.SetText(typed[1])
				test.Tap(w.Next)
				if !w.CredError.Visible() {
					t.Fatalf("%q accepted", typed)
				}
				noEnglishLeft(t, code, "credentials "+typed[0]+"/"+typed[1], w)
			}
			w.ClientID.SetText(utectest.ClientID)
			w.Secret.SetText(utectest.ClientSecret)
			test.Tap(w.Next)
			h.waitFor("the sign-in step", func() bool { return w.Step() == StepSignIn })
			noEnglishLeft(t, code, "sign-in", w)
			test.Tap(w.SignInBtn)
			h.waitFor("the sign-in", func() bool { return w.user != nil })
			noEnglishLeft(t, code, "signed in", w)
			test.Tap(w.Next)
			h.waitFor("the devices", func() bool { return w.Step() == StepDevices && len(w.DeviceList.Objects) == 5 })
			noEnglishLeft(t, code, "devices", w)
			test.Tap(w.Next)
			h.waitFor("the last step", func() bool { return w.Step() == StepDone })
			noEnglishLeft(t, code, "done", w)
			if len(w.GuardChecks) == 0 {
				t.Error("no guard checks on the last step")
			}

			for _, found := range []struct {
				devices []utec.Device
				err     error
			}{{nil, nil}, {nil, errors.New("boom")}} {
				h := newHarness(t, func(d *Deps) {
					d.Devices = func(context.Context) ([]utec.Device, error) { return found.devices, found.err }
				})
				h.wiz.show(StepDevices)
				h.waitFor("the device list", func() bool { return !h.wiz.busy })
				noEnglishLeft(t, code, "devices "+h.wiz.DeviceState.Text, h.wiz)
			}
		})
	}
}
