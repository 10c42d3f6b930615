// Package settingsui is the settings window: account, devices,
// notifications, polling, advanced options and about. Every change applies
// at once through Deps.Apply; nothing secret is shown or copied. Work that
// may block (asking the cloud who is signed in) runs off the UI goroutine.
package settingsui

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/describe"
	"github.com/utec-tray/utec-tray/app/guard"
	"github.com/utec-tray/utec-tray/app/internal/devicelist"
	"github.com/utec-tray/utec-tray/app/internal/opener"
	"github.com/utec-tray/utec-tray/app/internal/uithread"
	"github.com/utec-tray/utec-tray/app/lookup"
	"github.com/utec-tray/utec-tray/utec"
)

// Deps is what the window needs from the app.
type Deps struct {
	Settings config.Settings
	// Devices are the devices known now (the tray's state).
	Devices []utec.Device
	// Apply saves and applies new settings; it must not block.
	Apply func(config.Settings)
	// User asks the cloud who is signed in; nil when signed out. It may
	// block; the window calls it off the UI goroutine.
	User func(ctx context.Context) (*utec.User, error)
	// SignOut and ChangeCredentials are the account buttons.
	SignOut           func()
	ChangeCredentials func()
	// LogDir is the log folder; OpenFolder opens a folder in the file
	// manager.
	LogDir     string
	OpenFolder func(string) error
	// Diagnostics returns the text "Copy diagnostics" copies.
	Diagnostics func() string
	Version     string
	Run         uithread.Runner
	// Guard says whether this desktop lets the app lock on sleep or
	// screen lock; nil: it does not.
	Guard func() guard.Availability
	// Closed is called when the window closes.
	Closed func()
}

// PollChoices are the polling intervals offered, in seconds.
var PollChoices = []int{30, 60, 120, 300, 600}

// Window is the settings window; its widgets are fields for tests.
type Window struct {
	Window fyne.Window
	Tabs   *container.AppTabs
	deps   Deps
	s      config.Settings

	UserLabel   *widget.Label
	SignOut     *widget.Button
	Credentials *widget.Button
	DeviceList  *fyne.Container
	Notify      map[string]*widget.Check
	Battery     *widget.Slider
	BatteryText *widget.Label
	Poll        *widget.Select
	Port        *widget.Entry
	Fallback    *widget.Check
	OAuthURL    *widget.Entry
	APIURL      *widget.Entry
	LogLevel    *widget.Select
	FieldError  *widget.Label
	CopyDiag    *widget.Button
	OpenLogs    *widget.Button

	// Guard is the Devices tab's reminders and lock-on-sleep section.
	Guard GuardWidgets

	list *devicelist.List
}

// New builds the settings window.
func New(app fyne.App, deps Deps) *Window {
	if deps.Run == nil {
		deps.Run = uithread.Fyne
	}
	w := &Window{Window: app.NewWindow("utec-tray Settings"), deps: deps, s: deps.Settings}
	w.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Account", theme.AccountIcon(), w.accountTab()),
		container.NewTabItemWithIcon("Devices", theme.ListIcon(), w.devicesTab()),
		container.NewTabItemWithIcon("Notifications", theme.InfoIcon(), w.notificationsTab()),
		container.NewTabItemWithIcon("Updates", theme.ViewRefreshIcon(), w.updatesTab()),
		container.NewTabItemWithIcon("Advanced", theme.SettingsIcon(), w.advancedTab()),
		container.NewTabItemWithIcon("About", theme.HelpIcon(), w.aboutTab()),
	)
	w.Window.SetContent(w.Tabs)
	w.Window.Resize(fyne.NewSize(640, 460))
	w.Window.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			w.Window.Close()
		}
	})
	if deps.Closed != nil {
		w.Window.SetOnClosed(deps.Closed)
	}
	w.Window.CenterOnScreen()
	w.loadUser()
	return w
}

// Settings returns the settings as the window has them now.
func (w *Window) Settings() config.Settings { return w.s }

func (w *Window) apply() {
	if w.deps.Apply != nil {
		w.deps.Apply(w.s)
	}
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (w *Window) accountTab() fyne.CanvasObject {
	w.UserLabel = wrapped("Not signed in.")
	w.SignOut = widget.NewButtonWithIcon("Sign out", theme.LogoutIcon(), func() {
		w.SignOut.Disable()
		w.UserLabel.SetText("Signing out…")
		if w.deps.SignOut != nil {
			w.deps.SignOut()
		}
		w.UserLabel.SetText("Signed out. The sign-in and client secret were removed from the keyring.")
	})
	w.Credentials = widget.NewButtonWithIcon("Change credentials…", theme.DocumentCreateIcon(), func() {
		if w.deps.ChangeCredentials != nil {
			w.deps.ChangeCredentials()
		}
	})
	clientID := w.s.ClientID
	if clientID == "" {
		clientID = "not set"
	}
	return container.NewVBox(
		w.UserLabel,
		widget.NewForm(widget.NewFormItem("Client ID", widget.NewLabel(clientID))),
		container.NewHBox(w.SignOut, w.Credentials),
	)
}

// loadUser asks the cloud who is signed in, off the UI goroutine.
func (w *Window) loadUser() {
	if w.deps.User == nil {
		w.SignOut.Disable()
		return
	}
	w.UserLabel.SetText("Asking U-Tec who is signed in…")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		user, err := w.deps.User(ctx)
		w.deps.Run(func() {
			if err != nil {
				w.UserLabel.SetText("Signed in, but U-Tec did not say who: " + describe.Error("", err))
				return
			}
			w.UserLabel.SetText(fmt.Sprintf("Signed in as %s.", user.DisplayName()))
		})
	}()
}

func (w *Window) devicesTab() fyne.CanvasObject {
	w.list = devicelist.New(lookup.Sorted(w.deps.Devices, w.s.Order), devicelist.Options{
		Shown:    func(id string) bool { return !w.s.IsHidden(id) },
		SetShown: func(id string, on bool) { w.s.SetHidden(id, !on); w.apply() },
		Asks:     w.s.AsksBeforeUnlock,
		SetAsks:  func(id string, ask bool) { w.s.SetAskBeforeUnlock(id, ask); w.apply() },
		Moved:    func(order []string) { w.s.Order = order; w.apply() },
	})
	w.DeviceList = w.list.Box
	intro := wrapped("Choose which devices the tray shows and in which order. Locks ask before unlocking unless you turn that off.")
	if len(w.deps.Devices) == 0 {
		intro.SetText("No devices yet: sign in, and choose devices in the U-home app's OpenAPI screen.")
	}
	return container.NewBorder(intro, nil, nil, nil, container.NewVScroll(container.NewVBox(w.DeviceList, w.guardSection())))
}

func (w *Window) notificationsTab() fyne.CanvasObject {
	n := &w.s.Notify
	choices := []struct {
		key, label string
		field      *bool
	}{
		{"lockChanged", "A lock is locked or unlocked by someone else", &n.LockChanged},
		{"jammed", "A lock jams", &n.Jammed},
		{"offline", "A device goes offline or comes back", &n.Offline},
		{"batteryLow", "A battery runs low", &n.BatteryLow},
		{"signIn", "The sign-in needs renewing", &n.SignIn},
		{"failures", "My command did not go through", &n.Failures},
		{"ownActions", "My own command succeeded", &n.OwnActions},
	}
	w.Notify = map[string]*widget.Check{}
	box := container.NewVBox(wrapped("Show a notification when:"))
	for _, c := range choices {
		field := c.field
		check := widget.NewCheck(c.label, func(on bool) { *field = on; w.apply() })
		check.SetChecked(*field)
		w.Notify[c.key] = check
		box.Add(check)
	}
	w.BatteryText = widget.NewLabel("")
	w.Battery = widget.NewSlider(5, 50)
	w.Battery.Step = 5
	w.Battery.SetValue(float64(w.s.BatteryThreshold))
	w.BatteryText.SetText(fmt.Sprintf("Battery counts as low at %d%% or less", w.s.BatteryThreshold))
	w.Battery.OnChanged = func(v float64) {
		w.BatteryText.SetText(fmt.Sprintf("Battery counts as low at %d%% or less", int(v)))
	}
	w.Battery.OnChangeEnded = func(v float64) { w.s.BatteryThreshold = int(v); w.apply() }
	box.Add(widget.NewSeparator())
	box.Add(w.BatteryText)
	box.Add(w.Battery)
	return container.NewVScroll(box)
}

func pollLabel(secs int) string {
	if secs < 60 {
		return fmt.Sprintf("Every %d seconds", secs)
	}
	if secs == 60 {
		return "Every minute"
	}
	return fmt.Sprintf("Every %d minutes", secs/60)
}

func (w *Window) updatesTab() fyne.CanvasObject {
	labels := make([]string, len(PollChoices))
	for i, s := range PollChoices {
		labels[i] = pollLabel(s)
	}
	w.Poll = widget.NewSelect(labels, func(choice string) {
		i := slices.Index(labels, choice)
		if i >= 0 && PollChoices[i] != w.s.PollSeconds {
			w.s.PollSeconds = PollChoices[i]
			w.apply()
		}
	})
	w.Poll.SetSelected(pollLabel(closest(PollChoices, w.s.PollSeconds)))
	return container.NewVBox(
		widget.NewForm(widget.NewFormItem("Check the devices", w.Poll)),
		wrapped("After you lock, unlock or switch something, the tray checks every few seconds for a minute or two, whatever this says. "+
			"U-Tec publishes no rate limit, so the tray never asks more often than every 30 seconds when idle."),
	)
}

func closest(choices []int, v int) int {
	best := choices[0]
	for _, c := range choices {
		if abs(c-v) < abs(best-v) {
			best = c
		}
	}
	return best
}

func abs(n int) int { return max(n, -n) }

func (w *Window) advancedTab() fyne.CanvasObject {
	w.FieldError = widget.NewLabel("")
	w.FieldError.Importance = widget.DangerImportance
	w.FieldError.Wrapping = fyne.TextWrapWord
	w.FieldError.Hide()
	w.Port = widget.NewEntry()
	w.Port.SetText(strconv.Itoa(w.s.RedirectPort))
	w.Port.OnChanged = func(text string) {
		port, err := strconv.Atoi(text)
		if err != nil || port < 1 || port > 65535 {
			w.fieldError("The redirect port is a number from 1 to 65535.")
			return
		}
		w.FieldError.Hide()
		w.s.RedirectPort = port
		w.apply()
	}
	w.Fallback = widget.NewCheck("If the port is busy, use another one (then register that redirect URI too)", func(on bool) {
		w.s.AllowPortFallback = on
		w.apply()
	})
	w.Fallback.SetChecked(w.s.AllowPortFallback)
	w.OAuthURL = w.urlEntry(w.s.OAuthURL, utec.DefaultOAuthURL, func(u string) { w.s.OAuthURL = u })
	w.APIURL = w.urlEntry(w.s.APIURL, utec.DefaultAPIURL, func(u string) { w.s.APIURL = u })
	w.LogLevel = widget.NewSelect([]string{"debug", "info", "warn", "error"}, func(l string) {
		if l != w.s.LogLevel {
			w.s.LogLevel = l
			w.apply()
		}
	})
	w.LogLevel.SetSelected(w.s.LogLevel)
	w.OpenLogs = widget.NewButtonWithIcon("Open log folder", theme.FolderOpenIcon(), func() {
		if w.deps.OpenFolder != nil {
			if err := w.deps.OpenFolder(w.deps.LogDir); err != nil {
				w.fieldError("Could not open " + w.deps.LogDir + ": " + err.Error())
			}
		}
	})
	w.CopyDiag = widget.NewButtonWithIcon("Copy diagnostics", theme.ContentCopyIcon(), func() {
		if w.deps.Diagnostics != nil {
			fyne.CurrentApp().Clipboard().SetContent(w.deps.Diagnostics())
			w.CopyDiag.SetText("Copied (no secrets included)")
		}
	})
	form := widget.NewForm(
		widget.NewFormItem("Redirect port", w.Port),
		widget.NewFormItem("", w.Fallback),
		widget.NewFormItem("OAuth URL", w.OAuthURL),
		widget.NewFormItem("API URL", w.APIURL),
		widget.NewFormItem("Log level", w.LogLevel),
	)
	return container.NewVScroll(container.NewVBox(
		form, w.FieldError,
		wrapped("The URLs are for testing against another server; leave them empty for U-Tec's."),
		container.NewHBox(w.OpenLogs, w.CopyDiag),
	))
}

// urlEntry is an entry for a base URL that applies valid values at once
// and leaves the setting alone while the text is not a URL.
func (w *Window) urlEntry(value, placeholder string, set func(string)) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.SetText(value)
	e.OnChanged = func(text string) {
		if text != "" {
			u, err := url.Parse(text)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				w.fieldError("A URL starts with https:// (or http:// for a local test server).")
				return
			}
		}
		w.FieldError.Hide()
		set(text)
		w.apply()
	}
	return e
}

func (w *Window) fieldError(msg string) {
	w.FieldError.SetText(msg)
	w.FieldError.Show()
}

func (w *Window) aboutTab() fyne.CanvasObject {
	fyneURL, _ := url.Parse("https://fyne.io")
	return container.NewVBox(
		widget.NewLabelWithStyle("utec-tray "+w.deps.Version, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped("Your U-Tec locks, lights, switches and plugs in the system tray."),
		wrapped("Licence: MIT. utec-tray is not made or endorsed by U-Tec."),
		container.NewHBox(widget.NewLabel("Built with"), w.link("Fyne", fyneURL)),
		layout.NewSpacer(),
	)
}

// link is a hyperlink opened with the app's opener rather than Fyne's
// OpenURL, which would hand the whole environment (UTEC_CLIENT_SECRET
// included) to xdg-open and the browser.
func (w *Window) link(text string, u *url.URL) *widget.Hyperlink {
	h := widget.NewHyperlink(text, u)
	h.OnTapped = func() {
		if err := opener.Open(u.String()); err != nil {
			w.fieldError("Could not open " + u.String() + ": " + err.Error())
		}
	}
	return h
}
