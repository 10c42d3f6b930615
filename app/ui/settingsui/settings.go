// Package settingsui is the settings window: account, devices, how often
// they are checked, notifications, advanced options and about. A choice
// applies at once as an edit sent through Deps.Edit; a typed value applies
// when it is committed (the port) or saved (the addresses), never
// half-typed. The window owns no settings: it shows what the app last
// published (SetState) and sends edits, never a whole copy, so that what
// the wizard saves meanwhile is not written back. Nothing secret is shown
// or copied. Work that may block (asking the cloud who is signed in) runs
// off the UI goroutine.
package settingsui

import (
	"context"
	"github.com/utec-tray/utec-tray/app/i18n"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/platform/netwatch"
	"github.com/utec-tray/utec-tray/app/platform/opener"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/shortcuts"
	"github.com/utec-tray/utec-tray/app/ui/devicelist"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/utec"
)

// Deps is what the window needs from the app.
type Deps struct {
	// State is the tray's state when the window opens; SetState brings
	// later ones.
	State State
	// Edit sends a change of the settings to their owner, which applies
	// and saves it and publishes the result (SetState). It must not block;
	// edit runs later on another goroutine, so it must not touch the
	// window.
	Edit func(edit func(*config.Settings))
	// User asks the cloud who is signed in. It may block; the window calls
	// it off the UI goroutine, and only while signed in.
	User func(ctx context.Context) (*utec.User, error)
	// SignIn starts the browser sign-in; it must not block.
	SignIn func()
	// SignOut signs out and ForgetClient signs out and forgets the API
	// client. Both return at once and call done with the result once
	// finished, on any goroutine. The window asks the person first.
	SignOut      func(done func(error))
	ForgetClient func(done func(error))
	// ChangeCredentials opens the wizard at its credentials step.
	ChangeCredentials func()
	// Confirm asks a yes/no question; yes runs on the UI goroutine only on
	// a yes. Default: a dialog in the settings window.
	Confirm func(title, message, okLabel string, yes func())
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
	Guard func() sessionwatch.Availability
	// Network is what the network watcher reads now, for the Home
	// network section; nil: nothing watches it.
	Network func() netwatch.State
	// StartAtLoginBlocked says why starting at login cannot be turned on
	// for this program (it runs from a temporary folder), "" when it can:
	// the box is then off and disabled, with the reason under it.
	StartAtLoginBlocked string
	// Closed is called when the window closes.
	Closed func()
	// Shortcuts says how the global shortcuts stand; it must not block.
	// nil: none is held.
	Shortcuts func() shortcuts.Status
}

// PollChoices are the polling intervals offered, in seconds.
var PollChoices = []int{30, 60, 120, 300, 600}

// Window is the settings window; its widgets are fields for tests.
type Window struct {
	Window fyne.Window
	Tabs   *container.AppTabs
	deps   Deps
	// s is the settings as last published, with the window's own edits
	// applied at once so that its widgets never lag behind a click.
	s     config.Settings
	state State

	UserLabel    *widget.Label
	ClientID     *widget.Label
	SignIn       *widget.Button
	SignOut      *widget.Button
	Credentials  *widget.Button
	ForgetClient *widget.Button
	StartAtLogin *widget.Check
	DevicesIntro *widget.Label
	DeviceList   *fyne.Container
	Notify       map[string]*widget.Check
	Battery      *widget.Slider
	BatteryText  *widget.Label
	Poll         *widget.Select
	Port         *CommitEntry
	PortError    *widget.Label
	Fallback     *widget.Check
	OAuthURL     *widget.Entry
	OAuthError   *widget.Label
	APIURL       *widget.Entry
	APIError     *widget.Label
	SaveAdvanced *widget.Button
	Saved        *widget.Label
	LogLevel     *widget.Select
	Language     *widget.Select
	FieldError   *widget.Label
	CopyDiag     *widget.Button
	OpenLogs     *widget.Button
	// Shortcuts is the Advanced tab's keyboard shortcuts section.
	Shortcuts ShortcutWidgets

	// Guard is the Devices tab's reminders and lock-on-sleep section.
	Guard GuardWidgets
	// Lights are the same section's rows for lights following the house.
	Lights LightsWidgets
	// Home is the Devices tab's Home network section (home.go).
	Home HomeWidgets
	// Pace is the Checking tab's pace section (pace.go).
	Pace PaceWidgets

	list *devicelist.List
	// online says which listed devices answer, for their labels.
	online map[string]bool
	// busy is set while a sign-out runs; note is what the last one said.
	busy bool
	note string
	// user is who the cloud said is signed in; asking is set while asked.
	user   *utec.User
	userOK bool
	asking bool
}

// New builds the settings window.
func New(app fyne.App, deps Deps) *Window {
	if deps.Run == nil {
		deps.Run = uithread.Fyne
	}
	w := &Window{Window: app.NewWindow(i18n.T("settings.title", "utec-tray Settings")), deps: deps, s: deps.State.Settings.Clone(), state: deps.State}
	w.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("settings.tab.account", "Account"), theme.AccountIcon(), w.accountTab()),
		container.NewTabItemWithIcon(i18n.T("settings.tab.devices", "Devices"), theme.ListIcon(), w.devicesTab()),
		container.NewTabItemWithIcon(i18n.T("settings.tab.checking", "Checking"), theme.ViewRefreshIcon(), w.checkingTab()),
		container.NewTabItemWithIcon(i18n.T("settings.tab.notifications", "Notifications"), theme.InfoIcon(), w.notificationsTab()),
		container.NewTabItemWithIcon(i18n.T("settings.tab.advanced", "Advanced"), theme.SettingsIcon(), w.advancedTab()),
		container.NewTabItemWithIcon(i18n.T("settings.tab.about", "About"), theme.HelpIcon(), w.aboutTab()),
	)
	w.Window.SetContent(w.Tabs)
	// Wide enough for all six tabs, About included, without an overflow
	// menu, in the longest of the languages (Spanish).
	w.Window.Resize(fyne.NewSize(800, 480))
	w.Window.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			w.Window.Close()
		}
	})
	if deps.Closed != nil {
		w.Window.SetOnClosed(deps.Closed)
	}
	w.Window.CenterOnScreen()
	w.renderAccount()
	return w
}

// Settings returns the settings as the window has them now.
func (w *Window) Settings() config.Settings { return w.s }

// SetState shows a new state of the tray: the account's and the devices'.
// Call it on the UI goroutine.
func (w *Window) SetState(s State) {
	if s.Account != SignedIn {
		w.user, w.userOK = nil, false
	}
	if s.Account != SignedOut {
		w.note = ""
	}
	old := w.state
	oldSettings := w.s
	w.state = s
	w.s = s.Settings.Clone()
	w.showSettings(oldSettings)
	w.renderAccount()
	if !sameDevices(old.Devices, s.Devices) || !sameDeviceChoices(oldSettings, w.s) {
		w.setDevices(s.Devices)
	}
	w.DevicesIntro.SetText(devicesIntro(w.state))
	w.refreshHome()
}

// showSettings redraws what changed between old and the settings now
// published, elsewhere (the wizard) or by an edit of this window. A widget
// whose value did not change is left alone, so that nothing moves under
// the person's pointer, and none sends its value back.
func (w *Window) showSettings(old config.Settings) {
	now := &w.s
	w.setClientID(now.ClientID)
	w.showShortcuts()
	setCheck := func(c *widget.Check, on bool) {
		if c.Checked != on {
			c.Checked = on // not SetChecked: that would send an edit
			c.Refresh()
		}
	}
	setCheck(w.StartAtLogin, now.StartAtLogin && w.deps.StartAtLoginBlocked == "")
	setCheck(w.Fallback, now.AllowPortFallback)
	for _, c := range notifyChoices {
		setCheck(w.Notify[c.key], *c.field(&now.Notify))
	}
	// The selects' callbacks compare with w.s, already the new value:
	// SetSelected sends nothing back.
	if old.PollSeconds != now.PollSeconds {
		w.Poll.SetSelected(pollLabel(closest(PollChoices, now.PollSeconds)))
	}
	w.showPace(old)
	if old.LogLevel != now.LogLevel {
		w.LogLevel.SetSelected(now.LogLevel)
	}
	w.showLanguage(old.Language, now.Language)
	if old.BatteryThreshold != now.BatteryThreshold {
		w.Battery.Value = float64(now.BatteryThreshold)
		w.Battery.Refresh()
		w.BatteryText.SetText(batteryText(now.BatteryThreshold))
	}
	if !sameGuardChoices(old, *now) {
		w.fillGuard(w.list.Devices())
	}
	if !sameHomeChoices(old, *now) {
		w.fillHome()
	}
}

// edit applies a change to the window's settings and sends it to their
// owner.
func (w *Window) edit(edit func(*config.Settings)) {
	edit(&w.s)
	if w.deps.Edit != nil {
		w.deps.Edit(edit)
	}
}

func (w *Window) confirm(title, message, okLabel string, yes func()) {
	if w.deps.Confirm != nil {
		w.deps.Confirm(title, message, okLabel, yes)
		return
	}
	// A modal pop-up over the window (Fyne's dialog package would pull in
	// a file-system dependency for nothing). Cancel is focused first, so
	// Enter does not confirm by accident.
	var pop *widget.PopUp
	cancel := widget.NewButton(i18n.T("settings.cancel", "Cancel"), func() { pop.Hide() })
	ok := widget.NewButton(okLabel, func() { pop.Hide(); yes() })
	ok.Importance = widget.DangerImportance
	msg := wrapped(message)
	body := container.NewVBox(
		widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		msg,
		container.NewHBox(layout.NewSpacer(), cancel, ok),
	)
	pop = widget.NewModalPopUp(container.NewPadded(body), w.Window.Canvas())
	pop.Resize(fyne.NewSize(460, 220))
	pop.Show()
	w.Window.Canvas().Focus(cancel)
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// signOutQuestion and forgetQuestion are the texts of the account
// questions.
func signOutQuestion() string {
	return i18n.T("settings.signOutQuestion", "The tray stops showing your devices until you sign in again. "+
		"Your API client (client ID and secret) stays on this computer, so signing in again takes only the browser.")
}

func forgetQuestion() string {
	return i18n.T("settings.forgetQuestion", "utec-tray signs out and removes the client ID and client secret from this computer. "+
		"To sign in again, you will copy both again from the U-home app (My Account > OpenAPI).")
}

func (w *Window) accountTab() fyne.CanvasObject {
	w.UserLabel = wrapped("")
	w.ClientID = widget.NewLabel("")
	w.setClientID(w.s.ClientID)
	w.SignIn = widget.NewButtonWithIcon(i18n.T("settings.signIn", "Sign in"), theme.LoginIcon(), func() {
		if w.deps.SignIn != nil {
			w.deps.SignIn()
		}
		w.state.Account, w.note = SigningIn, ""
		w.renderAccount()
	})
	w.SignIn.Importance = widget.HighImportance
	w.SignOut = widget.NewButtonWithIcon(i18n.T("settings.signOut", "Sign out"), theme.LogoutIcon(), func() {
		w.confirm(i18n.T("settings.signOutTitle", "Sign out?"), signOutQuestion(), i18n.T("settings.signOut", "Sign out"), func() { w.signOut(false) })
	})
	w.Credentials = widget.NewButtonWithIcon(i18n.T("settings.changeCredentials", "Change credentials…"), theme.DocumentCreateIcon(), func() {
		if w.deps.ChangeCredentials != nil {
			w.deps.ChangeCredentials()
		}
	})
	w.ForgetClient = widget.NewButtonWithIcon(i18n.T("settings.forgetClient", "Forget API client…"), theme.DeleteIcon(), func() {
		w.confirm(i18n.T("settings.forgetTitle", "Forget the API client?"), forgetQuestion(), i18n.T("settings.forget", "Forget"), func() { w.signOut(true) })
	})
	return container.NewVBox(
		w.UserLabel,
		container.NewHBox(w.SignIn, w.SignOut),
		widget.NewSeparator(),
		widget.NewLabelWithStyle(i18n.T("settings.apiClient", "API client"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewForm(widget.NewFormItem(i18n.T("settings.clientID", "Client ID"), w.ClientID)),
		wrapped(i18n.T("settings.clientHint", "The client ID and secret come from the U-home app (My Account > OpenAPI). "+
			"Signing out keeps them; forgetting the client removes them from this computer.")),
		container.NewHBox(w.Credentials, w.ForgetClient),
		widget.NewSeparator(),
		w.startAtLoginCheck(),
	)
}

// startAtLoginCheck is "Start utec-tray when I log in".
func (w *Window) startAtLoginCheck() fyne.CanvasObject {
	// The callback is set after the box is checked: opening the window
	// applies nothing.
	w.StartAtLogin = widget.NewCheck(i18n.T("wizard.startAtLogin", "Start utec-tray when I log in"), nil)
	if blocked := w.deps.StartAtLoginBlocked; blocked != "" {
		// An entry pointing into a temporary folder would start nothing
		// once it is cleaned, or another user's program.
		w.StartAtLogin.Disable()
		return container.NewVBox(w.StartAtLogin, wrapped(i18n.T("wizard.notAvailable", "Not available: {{.Reason}}", map[string]any{"Reason": blocked})))
	}
	w.StartAtLogin.SetChecked(w.s.StartAtLogin)
	w.StartAtLogin.OnChanged = func(on bool) { w.edit(func(s *config.Settings) { s.StartAtLogin = on }) }
	return w.StartAtLogin
}

// setClientID shows the client ID; the settings hold it.
func (w *Window) setClientID(id string) {
	if id == "" {
		id = i18n.T("settings.notSet", "not set")
	}
	w.ClientID.SetText(id)
}

// signOut signs out (and forgets the client), and says how it went once
// it finished.
func (w *Window) signOut(forgetClient bool) {
	run := w.deps.SignOut
	if forgetClient {
		run = w.deps.ForgetClient
	}
	if run == nil {
		return
	}
	w.busy = true
	w.renderAccount()
	run(func(err error) {
		w.deps.Run(func() {
			w.busy = false
			w.user, w.userOK = nil, false
			w.state.Account = SignedOut
			switch {
			case err != nil:
				w.note = i18n.T("settings.signOutFailed", "Signing out did not finish: {{.Reason}}", map[string]any{"Reason": describe(err)})
			case forgetClient:
				// The controller clears it too, and publishes that.
				w.s.ClientID = ""
				w.setClientID("")
				w.note = i18n.T("settings.forgotten", "Signed out, and the API client is forgotten. "+
					"To sign in again, choose Change credentials… and enter the client ID and secret from the U-home app.")
			default:
				w.note = i18n.T("settings.signedOutKept", "Signed out. Your API client is kept: Sign in uses it again.")
			}
			w.renderAccount()
			w.DevicesIntro.SetText(devicesIntro(w.state))
		})
	})
}

// renderAccount shows the account's state: the words and which buttons.
func (w *Window) renderAccount() {
	signedIn := w.state.Account == SignedIn
	w.SignIn.Hidden = signedIn || w.state.Account == Connecting
	w.SignOut.Hidden = !w.SignIn.Hidden
	setEnabled(w.SignIn, !w.busy && w.state.Account == SignedOut)
	setEnabled(w.SignOut, !w.busy && signedIn)
	setEnabled(w.Credentials, !w.busy)
	setEnabled(w.ForgetClient, !w.busy && w.s.ClientID != "")
	w.SignIn.Refresh()
	w.SignOut.Refresh()
	switch {
	case w.busy:
		w.UserLabel.SetText(i18n.T("settings.signingOut", "Signing out…"))
	case w.state.Account == Connecting:
		w.UserLabel.SetText(i18n.T("summary.connecting", "Connecting to U-Tec…"))
	case w.state.Account == SigningIn:
		w.UserLabel.SetText(i18n.T("settings.signingIn", "Signing in: finish in your browser."))
	case w.state.Account == SignedOut && w.note != "":
		w.UserLabel.SetText(w.note)
	case w.state.Account == SignedOut:
		w.UserLabel.SetText(i18n.T("settings.notSignedIn", "Not signed in."))
	case w.userOK:
		w.UserLabel.SetText(i18n.T("settings.signedInAs", "Signed in as {{.Name}}.", map[string]any{"Name": w.user.DisplayName()}))
	default:
		w.loadUser()
	}
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// loadUser asks the cloud who is signed in, off the UI goroutine.
func (w *Window) loadUser() {
	if w.deps.User == nil {
		w.UserLabel.SetText(i18n.T("settings.signedIn", "Signed in."))
		return
	}
	if w.asking {
		return
	}
	w.asking = true
	w.UserLabel.SetText(i18n.T("settings.askingUser", "Asking U-Tec who is signed in…"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		user, err := w.deps.User(ctx)
		w.deps.Run(func() {
			w.asking = false
			if w.state.Account != SignedIn || w.busy {
				return // signed out meanwhile
			}
			if err != nil {
				w.UserLabel.SetText(i18n.T("settings.userUnknown", "Signed in, but U-Tec did not say who: {{.Reason}}",
					map[string]any{"Reason": describe(err)}))
				return
			}
			w.user, w.userOK = user, true
			w.renderAccount()
		})
	}()
}

func (w *Window) devicesTab() fyne.CanvasObject {
	w.online = map[string]bool{}
	w.list = devicelist.New(nil, devicelist.Options{
		Label:    func(d utec.Device) string { return deviceLabel(Device{Device: d, Online: w.online[d.ID]}) },
		Shown:    func(id string) bool { return !w.s.IsHidden(id) },
		SetShown: func(id string, on bool) { w.edit(func(s *config.Settings) { s.SetHidden(id, !on) }) },
		Asks:     func(id string) bool { return w.s.AsksBeforeUnlock(id) },
		SetAsks:  func(id string, ask bool) { w.edit(func(s *config.Settings) { s.SetAskBeforeUnlock(id, ask) }) },
		Moved: func(order []string) {
			order = slices.Clone(order)
			w.edit(func(s *config.Settings) { s.Order = slices.Clone(order) })
		},
		// A muted device still shows in the menu and the activity
		// history; only its notifications stop.
		Notifies:    func(id string) bool { return !w.s.IsMuted(id) },
		SetNotifies: func(id string, on bool) { w.edit(func(s *config.Settings) { s.SetMuted(id, !on) }) },
	})
	w.DeviceList = w.list.Box
	w.setDevices(w.state.Devices)
	w.DevicesIntro = wrapped(devicesIntro(w.state))
	return container.NewBorder(w.DevicesIntro, nil, nil, nil, container.NewVScroll(container.NewVBox(w.DeviceList, w.guardSection(), w.homeSection())))
}

func (w *Window) setDevices(known []Device) {
	plain := make([]utec.Device, len(known))
	w.online = make(map[string]bool, len(known))
	for i, d := range known {
		plain[i] = d.Device
		w.online[d.Device.ID] = d.Online
	}
	w.list.Set(devices.Sorted(plain, w.s.Order))
	w.fillGuard(plain)
}

// notifyChoices are the Notifications tab's boxes: a key for tests, the
// label in the person's language, and the setting each turns on.
var notifyChoices = []struct {
	key   string
	label func() string
	field func(*config.Notifications) *bool
}{
	{"lockChanged", func() string {
		return i18n.T("settings.notify.lockChanged", "A lock is locked or unlocked by someone else")
	}, func(n *config.Notifications) *bool { return &n.LockChanged }},
	{"jammed", func() string { return i18n.T("settings.notify.jammed", "A lock jams") },
		func(n *config.Notifications) *bool { return &n.Jammed }},
	{"offline", func() string { return i18n.T("settings.notify.offline", "A device goes offline or comes back") },
		func(n *config.Notifications) *bool { return &n.Offline }},
	{"batteryLow", func() string { return i18n.T("settings.notify.batteryLow", "A battery runs low") },
		func(n *config.Notifications) *bool { return &n.BatteryLow }},
	{"signIn", func() string { return i18n.T("settings.notify.signIn", "The sign-in needs renewing") },
		func(n *config.Notifications) *bool { return &n.SignIn }},
	{"failures", func() string { return i18n.T("settings.notify.failures", "My command did not go through") },
		func(n *config.Notifications) *bool { return &n.Failures }},
	{"ownActions", func() string { return i18n.T("settings.notify.ownActions", "My own command succeeded") },
		func(n *config.Notifications) *bool { return &n.OwnActions }},
	{"doorOpen", func() string {
		return i18n.T("settings.notify.doorOpen", "A door stays open on a locked lock (after the reminder delay)")
	}, func(n *config.Notifications) *bool { return &n.DoorOpen }},
}

// batteryText is the line above the battery threshold's slider.
func batteryText(percent int) string {
	return i18n.T("settings.batteryLow", "Battery counts as low at {{.Percent}}% or less", map[string]any{"Percent": percent})
}

func (w *Window) notificationsTab() fyne.CanvasObject {
	w.Notify = map[string]*widget.Check{}
	box := container.NewVBox(wrapped(i18n.T("settings.notifyWhen", "Show a notification when:")))
	for _, c := range notifyChoices {
		field := c.field
		// The callback is set after the box is checked: opening the window
		// applies nothing.
		check := widget.NewCheck(c.label(), nil)
		check.SetChecked(*field(&w.s.Notify))
		check.OnChanged = func(on bool) { w.edit(func(s *config.Settings) { *field(&s.Notify) = on }) }
		w.Notify[c.key] = check
		box.Add(check)
	}
	w.BatteryText = widget.NewLabel("")
	w.Battery = widget.NewSlider(5, 50)
	w.Battery.Step = 5
	w.Battery.SetValue(float64(w.s.BatteryThreshold))
	w.BatteryText.SetText(batteryText(w.s.BatteryThreshold))
	w.Battery.OnChanged = func(v float64) { w.BatteryText.SetText(batteryText(int(v))) }
	w.Battery.OnChangeEnded = func(v float64) { w.edit(func(s *config.Settings) { s.BatteryThreshold = int(v) }) }
	box.Add(widget.NewSeparator())
	box.Add(w.BatteryText)
	box.Add(w.Battery)
	return container.NewVScroll(box)
}

func (w *Window) checkingTab() fyne.CanvasObject {
	labels := make([]string, len(PollChoices))
	for i, s := range PollChoices {
		labels[i] = pollLabel(s)
	}
	w.Poll = widget.NewSelect(labels, func(choice string) {
		i := slices.Index(labels, choice)
		if i >= 0 && PollChoices[i] != w.s.PollSeconds {
			w.edit(func(s *config.Settings) { s.PollSeconds = PollChoices[i] })
		}
	})
	w.Poll.SetSelected(pollLabel(closest(PollChoices, w.s.PollSeconds)))
	return container.NewVBox(
		wrapped(i18n.T("settings.pollIntro", "utec-tray asks U-Tec how your devices are from time to time. "+
			"A change made elsewhere (a door unlocked with a key, a light switched in the U-home app) shows in the tray, "+
			"and is notified, within this time.")),
		w.paceSection(),
		w.languageSection(),
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

func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func (w *Window) advancedTab() fyne.CanvasObject {
	w.FieldError = errorLabel()
	w.PortError = errorLabel()
	w.OAuthError = errorLabel()
	w.APIError = errorLabel()
	w.Saved = widget.NewLabel("")
	w.Port = NewCommitEntry()
	w.Port.SetText(strconv.Itoa(w.s.RedirectPort))
	w.Port.OnChanged = func(string) { w.PortError.Hide(); w.Saved.SetText("") }
	// The port applies when the edit is done, not at every keystroke:
	// "9" and "95" on the way to "9501" are ports too.
	w.Port.OnCommit = func() {
		if port, ok := w.port(); ok && port != w.s.RedirectPort {
			w.edit(func(s *config.Settings) { s.RedirectPort = port })
		}
	}
	w.Fallback = widget.NewCheck(i18n.T("settings.portFallback", "If the port is busy, use another one (then register that redirect URI too)"), nil)
	w.Fallback.SetChecked(w.s.AllowPortFallback)
	w.Fallback.OnChanged = func(on bool) { w.edit(func(s *config.Settings) { s.AllowPortFallback = on }) }
	w.OAuthURL = w.urlEntry(w.s.OAuthURL, utec.DefaultOAuthURL, w.OAuthError)
	w.APIURL = w.urlEntry(w.s.APIURL, utec.DefaultAPIURL, w.APIError)
	// The addresses apply only on Save: applied at each keystroke, the
	// sign-in would go to every half-typed host ("http://a", "http://ap"…).
	w.SaveAdvanced = widget.NewButtonWithIcon(i18n.T("settings.save", "Save"), theme.DocumentSaveIcon(), w.saveAdvanced)
	w.SaveAdvanced.Importance = widget.HighImportance
	w.LogLevel = widget.NewSelect([]string{"debug", "info", "warn", "error"}, func(l string) {
		if l != w.s.LogLevel {
			w.edit(func(s *config.Settings) { s.LogLevel = l })
		}
	})
	w.LogLevel.SetSelected(w.s.LogLevel)
	w.OpenLogs = widget.NewButtonWithIcon(i18n.T("settings.openLogs", "Open log folder"), theme.FolderOpenIcon(), func() {
		if w.deps.OpenFolder != nil {
			if err := w.deps.OpenFolder(w.deps.LogDir); err != nil {
				w.couldNotOpen(w.deps.LogDir, err)
			}
		}
	})
	w.CopyDiag = widget.NewButtonWithIcon(i18n.T("settings.copyDiagnostics", "Copy diagnostics"), theme.ContentCopyIcon(), func() {
		if w.deps.Diagnostics != nil {
			fyne.CurrentApp().Clipboard().SetContent(w.deps.Diagnostics())
			w.CopyDiag.SetText(i18n.T("settings.diagnosticsCopied", "Copied (no secrets included)"))
		}
	})
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("settings.redirectPort", "Redirect port"), container.NewVBox(w.Port, w.PortError)),
		widget.NewFormItem("", w.Fallback),
		widget.NewFormItem(i18n.T("settings.oauthURL", "OAuth URL"), container.NewVBox(w.OAuthURL, w.OAuthError)),
		widget.NewFormItem(i18n.T("settings.apiURL", "API URL"), container.NewVBox(w.APIURL, w.APIError)),
		widget.NewFormItem("", container.NewHBox(w.SaveAdvanced, w.Saved)),
		widget.NewFormItem(i18n.T("settings.logLevel", "Log level"), w.LogLevel),
	)
	return container.NewVScroll(container.NewVBox(
		form, w.FieldError,
		wrapped(i18n.T("settings.addressesHint", "The addresses are for testing against another server; leave them empty for U-Tec's. "+
			"Only https:// is accepted, or http:// on this computer.")),
		container.NewHBox(w.OpenLogs, w.CopyDiag),
		w.shortcutsSection(),
	))
}

// port reads the port field, showing what is wrong when it is not a port.
func (w *Window) port() (int, bool) {
	port, err := strconv.Atoi(strings.TrimSpace(w.Port.Text))
	if err != nil || port < 1 || port > 65535 {
		w.PortError.SetText(i18n.T("settings.portInvalid", "The redirect port is a number from 1 to 65535."))
		w.PortError.Show()
		return 0, false
	}
	w.PortError.Hide()
	return port, true
}

// saveAdvanced applies the port and the addresses, once, if all are
// valid; otherwise it shows each problem next to its field and applies
// nothing.
func (w *Window) saveAdvanced() {
	port, ok := w.port()
	oauthURL, apiURL := strings.TrimSpace(w.OAuthURL.Text), strings.TrimSpace(w.APIURL.Text)
	for _, f := range []struct {
		url string
		msg *widget.Label
	}{{oauthURL, w.OAuthError}, {apiURL, w.APIError}} {
		if err := config.ValidateServiceURL(f.url); err != nil {
			f.msg.SetText(urlProblem(err))
			f.msg.Show()
			ok = false
		}
	}
	if !ok {
		w.Saved.SetText("")
		return
	}
	w.edit(func(s *config.Settings) { s.RedirectPort, s.OAuthURL, s.APIURL = port, oauthURL, apiURL })
	w.Saved.SetText(i18n.T("settings.saved", "Saved."))
}

// urlEntry is an entry for a base URL; typing only clears its error, and
// Save applies it.
func (w *Window) urlEntry(value, placeholder string, errLabel *widget.Label) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.SetText(value)
	e.OnChanged = func(string) { errLabel.Hide(); w.Saved.SetText("") }
	return e
}

func (w *Window) fieldError(msg string) {
	w.FieldError.SetText(msg)
	w.FieldError.Show()
}

// couldNotOpen says that a folder or an address did not open, and why.
func (w *Window) couldNotOpen(what string, err error) {
	w.fieldError(i18n.T("settings.couldNotOpen", "Could not open {{.What}}: {{.Reason}}", map[string]any{"What": what, "Reason": err.Error()}))
}

func (w *Window) aboutTab() fyne.CanvasObject {
	fyneURL, _ := url.Parse("https://fyne.io")
	return container.NewVBox(
		widget.NewLabelWithStyle("utec-tray "+w.deps.Version, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(i18n.T("settings.aboutWhat", "Your U-Tec locks, lights, switches and plugs in the system tray.")),
		wrapped(i18n.T("settings.aboutLicence", "Licence: MIT. utec-tray is not made or endorsed by U-Tec.")),
		container.NewHBox(widget.NewLabel(i18n.T("settings.builtWith", "Built with")), w.link("Fyne", fyneURL)),
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
			w.couldNotOpen(u.String(), err)
		}
	}
	return h
}
