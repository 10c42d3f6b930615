// Package wizard is the first-run wizard: it takes a person who has never
// heard of OAuth from a fresh install to a signed-in tray in five steps
// (welcome, the developer credentials U-Tec requires, the browser
// sign-in, which devices to show, done). Every step can go back; closing
// half way leaves nothing broken, and opening it again resumes at the
// first step not yet done. Network and keyring work runs off the UI
// goroutine; widgets change only through the Runner.
package wizard

import (
	"context"
	"github.com/utec-tray/utec-tray/app/i18n"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/app/ui/devicelist"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/utec"
)

// Deps is what the wizard needs from the app. The functions may block;
// the wizard calls them off the UI goroutine.
type Deps struct {
	// ClientID is the stored client ID, if any; HasSecret and HasToken
	// tell what else is stored, to resume at the right step.
	ClientID  string
	HasSecret bool
	HasToken  bool
	// AtCredentials opens the wizard at the credentials step whatever is
	// stored ("Change credentials…").
	AtCredentials bool
	// Desktop is the desktop's name ($XDG_CURRENT_DESKTOP); the last step
	// mentions GNOME's AppIndicator extension only on GNOME.
	Desktop string
	// RedirectURI is the address to register in the U-home app.
	RedirectURI string
	// SaveCredentials stores the client ID (settings) and secret (keyring).
	SaveCredentials func(clientID, secret string) error
	// SignIn runs the browser sign-in with the stored credentials.
	SignIn func(ctx context.Context) (*utec.User, error)
	// Devices lists the account's devices.
	Devices func(ctx context.Context) ([]utec.Device, error)
	// Hidden and Order are the current device choices; SaveDevices stores
	// new ones.
	Hidden      []string
	Order       []string
	SaveDevices func(hidden, order []string) error
	// Finished is called when the person clicks Finish; Closed whenever
	// the window closes (finished or not).
	Finished func()
	Closed   func()
	// Run is the UI Runner; default fyne.Do.
	Run uithread.Runner
	// Guard, when set, offers locking on sleep and screen lock on the
	// last step.
	Guard *GuardChoices
	// StartAtLogin is the current choice; SetStartAtLogin, when set,
	// offers "Start utec-tray when I log in" on the last step. It must not
	// block.
	StartAtLogin    bool
	SetStartAtLogin func(on bool)
	// StartAtLoginBlocked says why starting at login cannot be turned on
	// for this program (it runs from a temporary folder), "" when it can:
	// the box is then off and disabled, with the reason under it.
	StartAtLoginBlocked string
}

// Step numbers, in order.
const (
	StepWelcome = iota
	StepCredentials
	StepSignIn
	StepDevices
	StepDone
)

// stepTitles are the steps' titles; a function, as the words are in the
// person's language, known once the translations have loaded.
func stepTitles() []string {
	return []string{i18n.T("wizard.step.welcome", "Welcome"), i18n.T("wizard.step.client", "Your U-Tec API client"),
		i18n.T("wizard.step.signIn", "Sign in"), i18n.T("wizard.step.devices", "Devices"), i18n.T("wizard.step.done", "Done")}
}

// Wizard is the wizard window. Its widgets are fields so that tests can
// type and tap them.
type Wizard struct {
	Window fyne.Window
	deps   Deps
	step   int

	Title    *widget.Label
	Progress *widget.Label
	Back     *widget.Button
	Next     *widget.Button
	Cancel   *widget.Button

	ClientID    *widget.Entry
	Secret      *widget.Entry
	CopyURI     *widget.Button
	CredError   *widget.Label
	SignInBtn   *widget.Button
	SignInState *widget.Label
	CancelSign  *widget.Button
	DeviceList  *fyne.Container
	DeviceState *widget.Label
	DoneText    *widget.Label
	// GuardBox holds GuardChecks, keyed "sleep:<id>" and "screen:<id>".
	GuardBox     *fyne.Container
	StartAtLogin *widget.Check
	GuardChecks  map[string]*widget.Check

	pages  []fyne.CanvasObject
	body   *fyne.Container
	busy   bool
	user   *utec.User
	list   *devicelist.List
	hidden map[string]bool
	order  []string

	mu         sync.Mutex
	cancelWork context.CancelFunc
}

// New builds the wizard in a new window of app, at the step to resume at.
// Show the window with Window.Show.
func New(app fyne.App, deps Deps) *Wizard {
	if deps.Run == nil {
		deps.Run = uithread.Fyne
	}
	w := &Wizard{deps: deps, Window: app.NewWindow(i18n.T("wizard.title", "Set up utec-tray")), hidden: map[string]bool{}}
	for _, id := range deps.Hidden {
		w.hidden[id] = true
	}
	w.order = append([]string(nil), deps.Order...)
	w.build()
	switch {
	case deps.AtCredentials:
		w.show(StepCredentials)
	case deps.ClientID != "" && deps.HasSecret && deps.HasToken:
		w.show(StepDevices)
	case deps.ClientID != "" && deps.HasSecret:
		w.show(StepSignIn)
	default:
		w.show(StepWelcome)
	}
	w.Window.Resize(fyne.NewSize(620, 480))
	w.Window.SetOnClosed(func() {
		w.stopWork() // a sign-in under way ends with the window
		if deps.Closed != nil {
			deps.Closed()
		}
	})
	w.Window.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			w.Window.Close()
		case fyne.KeyReturn, fyne.KeyEnter:
			if !w.Next.Disabled() {
				w.Next.OnTapped()
			}
		}
	})
	w.Window.CenterOnScreen()
	return w
}

// Step returns the step shown.
func (w *Wizard) Step() int { return w.step }

func (w *Wizard) build() {
	w.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.Title.SizeName = theme.SizeNameSubHeadingText
	w.Progress = widget.NewLabel("")
	w.Back = widget.NewButtonWithIcon(i18n.T("wizard.back", "Back"), theme.NavigateBackIcon(), func() { w.show(w.step - 1) })
	w.Next = widget.NewButtonWithIcon(i18n.T("wizard.next", "Next"), theme.NavigateNextIcon(), w.next)
	w.Next.Importance = widget.HighImportance
	w.Next.IconPlacement = widget.ButtonIconTrailingText
	w.Cancel = widget.NewButton(i18n.T("wizard.close", "Close"), func() { w.Window.Close() })

	w.pages = []fyne.CanvasObject{w.welcomePage(), w.credentialsPage(), w.signInPage(), w.devicesPage(), w.donePage()}
	w.body = container.NewStack()
	header := container.NewBorder(nil, widget.NewSeparator(), nil, w.Progress, w.Title)
	footer := container.NewBorder(widget.NewSeparator(), nil, w.Cancel, container.NewHBox(w.Back, w.Next))
	w.Window.SetContent(container.NewPadded(container.NewBorder(header, footer, nil, nil, container.NewPadded(w.body))))
}

func paragraph(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (w *Wizard) welcomePage() fyne.CanvasObject {
	return container.NewVBox(
		paragraph(i18n.T("wizard.welcome.intro", "utec-tray puts your U-Tec locks, lights, switches and plugs in the system tray: "+
			"lock the front door with two clicks, and get a notification when a door is unlocked, "+
			"a lock jams, a device goes offline or a battery runs low.")),
		paragraph(i18n.T("wizard.welcome.needs", "It needs three things, and this wizard walks you through them:")),
		paragraph(i18n.T("wizard.welcome.steps", "1. An API client of your own, created in the U-home app (a minute on your phone).\n"+
			"2. Signing in to U-Tec in your browser.\n"+
			"3. Choosing which devices to show.")),
		paragraph(i18n.T("wizard.welcome.keyring", "Your sign-in is kept in this computer's keyring, never in a plain file.")),
	)
}

func (w *Wizard) credentialsPage() fyne.CanvasObject {
	w.ClientID = widget.NewEntry()
	w.ClientID.SetPlaceHolder(i18n.T("wizard.clientID", "Client ID"))
	w.ClientID.SetText(w.deps.ClientID)
	w.Secret = widget.NewPasswordEntry()
	w.Secret.SetPlaceHolder(i18n.T("wizard.clientSecret", "Client secret"))
	w.CredError = widget.NewLabel("")
	w.CredError.Importance = widget.DangerImportance
	w.CredError.Wrapping = fyne.TextWrapWord
	w.CredError.Hide()
	uri := widget.NewLabelWithStyle(w.deps.RedirectURI, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	uri.Selectable = true
	w.CopyURI = widget.NewButtonWithIcon(i18n.T("wizard.copy", "Copy"), theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(w.deps.RedirectURI)
		w.CopyURI.SetText(i18n.T("wizard.copied", "Copied"))
	})
	steps := paragraph(i18n.T("wizard.client.steps", "U-Tec gives every person their own API client. On your phone:\n"+
		"1. Open the U-home (Xthings Home) app, version 3.5.5 or later.\n"+
		"2. Go to My Account > OpenAPI and turn it on.\n"+
		"3. Choose the devices utec-tray may see.\n"+
		"4. Set the Redirect URI to exactly this address:"))
	after := paragraph(i18n.T("wizard.client.copy", "5. Copy the client ID and client secret it shows into the fields below."))
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("wizard.clientID", "Client ID"), w.ClientID),
		widget.NewFormItem(i18n.T("wizard.clientSecret", "Client secret"), w.Secret),
	)
	w.ClientID.OnChanged = func(string) { w.CredError.Hide() }
	w.Secret.OnChanged = func(string) { w.CredError.Hide() }
	return container.NewVScroll(container.NewVBox(steps, container.NewBorder(nil, nil, nil, w.CopyURI, uri), after, form, w.CredError))
}

func (w *Wizard) signInPage() fyne.CanvasObject {
	w.SignInState = paragraph(i18n.T("wizard.signIn.intro", "Click the button: your browser opens U-Tec's sign-in page. "+
		"Sign in there and allow access; then come back here."))
	w.SignInBtn = widget.NewButtonWithIcon(i18n.T("wizard.signIn.button", "Sign in with U-Tec"), theme.LoginIcon(), w.startSignIn)
	w.SignInBtn.Importance = widget.HighImportance
	w.CancelSign = widget.NewButton(i18n.T("wizard.cancel", "Cancel"), w.stopWork)
	w.CancelSign.Hide()
	return container.NewVBox(w.SignInState, container.NewHBox(w.SignInBtn, w.CancelSign))
}

func (w *Wizard) devicesPage() fyne.CanvasObject {
	w.DeviceState = paragraph("")
	w.list = devicelist.New(nil, devicelist.Options{
		Label:    func(d utec.Device) string { return d.Name + " (" + devices.KindWord(d.Kind()) + ")" },
		Shown:    func(id string) bool { return !w.hidden[id] },
		SetShown: func(id string, on bool) { w.hidden[id] = !on },
	})
	w.DeviceList = w.list.Box
	return container.NewBorder(w.DeviceState, nil, nil, nil, container.NewVScroll(w.DeviceList))
}

func (w *Wizard) donePage() fyne.CanvasObject {
	w.DoneText = paragraph("")
	box := container.NewVBox(w.DoneText)
	if w.deps.SetStartAtLogin != nil {
		// The callback is set after the box is checked: showing the step
		// changes nothing.
		w.StartAtLogin = widget.NewCheck(i18n.T("wizard.startAtLogin", "Start utec-tray when I log in"), nil)
		if blocked := w.deps.StartAtLoginBlocked; blocked != "" {
			w.StartAtLogin.Disable()
			box.Add(w.StartAtLogin)
			box.Add(paragraph(i18n.T("wizard.notAvailable", "Not available: {{.Reason}}", map[string]any{"Reason": blocked})))
		} else {
			w.StartAtLogin.SetChecked(w.deps.StartAtLogin)
			w.StartAtLogin.OnChanged = w.deps.SetStartAtLogin
			box.Add(w.StartAtLogin)
		}
	}
	box.Add(w.guardBox())
	return box
}

// show switches to step n and sets the buttons for it.
func (w *Wizard) show(n int) {
	if n < StepWelcome || n > StepDone {
		return
	}
	w.stopWork()
	w.step = n
	titles := stepTitles()
	w.Title.SetText(titles[n])
	w.Progress.SetText(i18n.T("wizard.progress", "Step {{.N}} of {{.Of}}", map[string]any{"N": n + 1, "Of": len(titles)}))
	w.body.Objects = []fyne.CanvasObject{w.pages[n]}
	w.body.Refresh()
	w.Back.Enable()
	if n == StepWelcome {
		w.Back.Disable()
	}
	w.Next.SetText(i18n.T("wizard.next", "Next"))
	w.Next.Enable()
	w.Cancel.Show()
	w.CredError.Hide()
	switch n {
	case StepCredentials:
		w.Window.Canvas().Focus(w.ClientID)
	case StepSignIn:
		w.resetSignIn()
	case StepDevices:
		w.loadDevices()
	case StepDone:
		// One way to finish: Finish. Closing the window does the same,
		// so the Close button would be a second name for it.
		w.Next.SetText(i18n.T("wizard.finish", "Finish"))
		w.Cancel.Hide()
		w.DoneText.SetText(w.doneText())
		w.fillGuard()
	}
}

// next validates the step and moves on.
func (w *Wizard) next() {
	if w.busy {
		return
	}
	switch w.step {
	case StepCredentials:
		w.saveCredentials()
	case StepDevices:
		w.saveDevices()
	case StepDone:
		w.Window.Close()
		if w.deps.Finished != nil {
			w.deps.Finished()
		}
	default:
		w.show(w.step + 1)
	}
}

// CredentialsProblem checks what a person typed (not empty, no spaces: a
// copy from a phone often brings one along) and says what to fix, or
// returns "" when all is well.
func CredentialsProblem(clientID, secret string) string {
	switch {
	case clientID == "":
		return i18n.T("wizard.cred.noID", "Enter the client ID from the OpenAPI screen.")
	case secret == "":
		return i18n.T("wizard.cred.noSecret", "Enter the client secret from the OpenAPI screen.")
	case strings.ContainsAny(clientID, " \t\r\n"):
		return i18n.T("wizard.cred.idSpaces", "The client ID contains spaces; copy it again without them.")
	case strings.ContainsAny(secret, " \t\r\n"):
		return i18n.T("wizard.cred.secretSpaces", "The client secret contains spaces; copy it again without them.")
	}
	return ""
}

func (w *Wizard) saveCredentials() {
	id, secret := w.ClientID.Text, w.Secret.Text
	if secret == "" && w.deps.HasSecret && id == w.deps.ClientID {
		w.show(StepSignIn) // unchanged and already stored
		return
	}
	if problem := CredentialsProblem(id, secret); problem != "" {
		w.showCredError(problem)
		return
	}
	w.setBusy(true, i18n.T("wizard.saving", "Saving…"))
	go func() {
		err := w.deps.SaveCredentials(id, secret)
		w.deps.Run(func() {
			w.setBusy(false, "")
			if err != nil {
				w.showCredError(i18n.T("wizard.cred.notSaved", "Could not save the credentials: {{.Reason}}", map[string]any{"Reason": tokenstore.Said(err)}))
				return
			}
			w.deps.ClientID, w.deps.HasSecret, w.deps.HasToken = id, true, false
			w.show(StepSignIn)
		})
	}()
}

func (w *Wizard) showCredError(msg string) {
	w.CredError.SetText(msg)
	w.CredError.Show()
}

// setBusy disables the navigation while work runs, so that nothing is
// pressed twice.
func (w *Wizard) setBusy(busy bool, label string) {
	w.busy = busy
	if busy {
		w.Next.Disable()
		w.Back.Disable()
		if label != "" {
			w.Next.SetText(label)
		}
		return
	}
	w.Next.SetText(i18n.T("wizard.next", "Next"))
	w.Next.Enable()
	if w.step != StepWelcome {
		w.Back.Enable()
	}
}

func (w *Wizard) resetSignIn() {
	if w.user != nil {
		w.SignInState.SetText(i18n.T("cli.signedIn", "Signed in as {{.Name}}.", map[string]any{"Name": w.user.DisplayName()}))
		w.SignInBtn.SetText(i18n.T("wizard.signInAgain", "Sign in again"))
		w.Next.Enable()
		return
	}
	w.SignInState.SetText(i18n.T("wizard.signIn.intro", "Click the button: your browser opens U-Tec's sign-in page. "+
		"Sign in there and allow access; then come back here."))
	w.SignInBtn.SetText(i18n.T("wizard.signIn.button", "Sign in with U-Tec"))
	w.SignInBtn.Enable()
	w.CancelSign.Hide()
	if !w.deps.HasToken {
		w.Next.Disable()
	}
}

func (w *Wizard) startSignIn() {
	ctx, cancel := context.WithCancel(context.Background())
	w.mu.Lock()
	w.cancelWork = cancel
	w.mu.Unlock()
	w.SignInBtn.Disable()
	w.CancelSign.Show()
	w.Next.Disable()
	w.Back.Disable()
	w.SignInState.SetText(i18n.T("wizard.signIn.waiting", "Waiting for the browser… Sign in on U-Tec's page and allow access."))
	go func() {
		user, err := w.deps.SignIn(ctx)
		cancel()
		w.deps.Run(func() {
			w.CancelSign.Hide()
			w.SignInBtn.Enable()
			w.Back.Enable()
			if err != nil {
				w.SignInState.SetText(devices.DescribeSignInError(err, w.deps.RedirectURI, i18n.T("wizard.clickTryAgain", "Click Try again.")))
				w.SignInBtn.SetText(i18n.T("wizard.tryAgain", "Try again"))
				return
			}
			w.user = user
			w.deps.HasToken = true
			w.SignInState.SetText(i18n.T("wizard.signedInNext", "Signed in as {{.Name}}. Click Next.", map[string]any{"Name": user.DisplayName()}))
			w.SignInBtn.SetText(i18n.T("wizard.signInAgain", "Sign in again"))
			w.Next.Enable()
		})
	}()
}

// stopWork cancels a sign-in or device load under way.
func (w *Wizard) stopWork() {
	w.mu.Lock()
	cancel := w.cancelWork
	w.cancelWork = nil
	w.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

func (w *Wizard) loadDevices() {
	w.DeviceState.SetText(i18n.T("wizard.loadingDevices", "Loading your devices…"))
	w.list.Set(nil)
	w.setBusy(true, "")
	ctx, cancel := context.WithCancel(context.Background())
	w.mu.Lock()
	w.cancelWork = cancel
	w.mu.Unlock()
	go func() {
		found, err := w.deps.Devices(ctx)
		cancel()
		w.deps.Run(func() {
			w.setBusy(false, "")
			if err != nil {
				w.DeviceState.SetText(i18n.T("wizard.devicesFailed", "Could not list the devices: {{.Reason}} Go back and sign in again, or click Next to choose later in Settings.",
					map[string]any{"Reason": devices.DescribeError("", err)}))
				return
			}
			w.list.Set(devices.Sorted(found, w.order))
			if len(found) == 0 {
				w.DeviceState.SetText(i18n.T("wizard.noDevices", "U-Tec shares no devices with this app yet. "+
					"In the U-home app's OpenAPI screen, choose the devices, then come back (Back, then Next)."))
			} else {
				w.DeviceState.SetText(i18n.T("wizard.chooseDevices", "Choose what the tray shows, and in which order."))
			}
		})
	}()
}

// Choices returns the hidden ids and the order as chosen.
func (w *Wizard) Choices() (hidden, order []string) {
	for _, d := range w.list.Devices() {
		if w.hidden[d.ID] {
			hidden = append(hidden, d.ID)
		}
	}
	return hidden, w.list.Order()
}

func (w *Wizard) saveDevices() {
	hidden, order := w.Choices()
	w.setBusy(true, i18n.T("wizard.saving", "Saving…"))
	go func() {
		err := w.deps.SaveDevices(hidden, order)
		w.deps.Run(func() {
			w.setBusy(false, "")
			if err != nil {
				w.DeviceState.SetText(i18n.T("wizard.choiceNotSaved", "Could not save the choice: {{.Reason}}", map[string]any{"Reason": err.Error()}))
				return
			}
			w.show(StepDone)
		})
	}()
}

func (w *Wizard) doneText() string {
	shown := 0
	for _, d := range w.list.Devices() {
		if !w.hidden[d.ID] {
			shown++
		}
	}
	count := map[string]any{"Count": shown}
	text := i18n.Plural("wizard.done.signedIn", "You are signed in, {{.Count}} devices in the tray.", shown, count)
	if w.user != nil {
		count["Name"] = w.user.DisplayName()
		text = i18n.Plural("wizard.done.signedInAs", "Signed in as {{.Name}}, {{.Count}} devices in the tray.", shown, count)
	}
	text += "\n\n" + i18n.T("wizard.done.where", "utec-tray lives in the system tray: the top bar on most Linux desktops, the menu bar on macOS, "+
		"the taskbar's notification area on Windows. Click its padlock to lock, unlock and switch.")
	if IsGNOME(w.deps.Desktop) {
		text += "\n\n" + i18n.T("wizard.done.gnome", "GNOME shows tray icons only with the AppIndicator extension "+
			"(package gnome-shell-extension-appindicator): install and turn it on if you do not see the padlock.")
	}
	return text
}

// IsGNOME reports whether desktop ($XDG_CURRENT_DESKTOP, a colon-separated
// list such as "ubuntu:GNOME") names GNOME.
func IsGNOME(desktop string) bool {
	for _, d := range strings.Split(desktop, ":") {
		if strings.EqualFold(strings.TrimSpace(d), "GNOME") {
			return true
		}
	}
	return false
}
