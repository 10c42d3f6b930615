// Package codes is the guest codes window of one lock: the codes it holds
// (name, kind, whether on the lock yet) with Delete, and a form that gives
// a new one — a name, a generated or typed code, and for a temporary code
// its dates, weekdays, hours and number of uses. The code is shown once,
// when given, with a Copy button; the window keeps it nowhere else. The
// rules are app/codes'; the cloud is reached through Deps, off the UI
// goroutine.
package codes

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/codes"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/utec"
)

// callTimeout bounds one call to the cloud; giving a code waits longer,
// for the new code to be listed.
const (
	callTimeout = 20 * time.Second
	addTimeout  = 45 * time.Second
	// syncEvery is how often the list is read again while a code waits
	// for the lock, up to syncFor.
	syncEvery = 3 * time.Second
	syncFor   = 2 * time.Minute
)

// Deps is what the window needs from the app. List, Add and Delete block
// on the network; the window calls them off the UI goroutine.
type Deps struct {
	Lock    utec.Device
	List    func(ctx context.Context, lock utec.Device) ([]utec.LockUser, error)
	Add     func(ctx context.Context, lock utec.Device, u utec.NewLockUser) (utec.LockUser, error)
	Delete  func(ctx context.Context, lock utec.Device, u utec.LockUser) error
	Confirm func(title, message, okLabel string, yes func())
	// Copy puts text on the clipboard; default Fyne's.
	Copy   func(string)
	Run    uithread.Runner
	Closed func()
}

// Window is the guest codes window; its widgets are fields for tests.
type Window struct {
	Window fyne.Window
	deps   Deps
	ctx    context.Context
	cancel context.CancelFunc

	Codes     *fyne.Container
	ListState *widget.Label
	Name      *widget.Entry
	Code      *widget.Entry
	NewCode   *widget.Button
	Temporary *widget.Check
	From, To  *widget.Entry
	Days      []*widget.Check // Sunday first, as time.Weekday
	Hours     *widget.Entry
	Uses      *widget.Entry
	Give      *widget.Button
	Error     *widget.Label
	// Given shows the code just given, once; Copy copies it.
	Given *widget.Label
	Copy  *widget.Button

	users  []utec.LockUser
	given  string
	busy   bool
	syncer context.CancelFunc
}

// New builds the window for deps.Lock and starts reading its codes.
func New(app fyne.App, deps Deps) *Window {
	if deps.Run == nil {
		deps.Run = uithread.Fyne
	}
	if deps.Copy == nil {
		deps.Copy = func(s string) { app.Clipboard().SetContent(s) }
	}
	w := &Window{Window: app.NewWindow("Guest codes — " + deps.Lock.Name), deps: deps}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.Codes = container.NewVBox()
	w.ListState = widget.NewLabel("Reading the codes…")
	w.Window.SetContent(container.NewVScroll(container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle("Codes on "+deps.Lock.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		w.ListState, w.Codes, widget.NewSeparator(),
		widget.NewLabelWithStyle("Give a code", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		w.form(),
	))))
	w.Window.Resize(fyne.NewSize(560, 620))
	w.Window.SetOnClosed(func() {
		w.cancel()
		if deps.Closed != nil {
			deps.Closed()
		}
	})
	w.Window.CenterOnScreen()
	w.refresh()
	return w
}

// form is the new code's fields and the Give button.
func (w *Window) form() fyne.CanvasObject {
	w.Name = widget.NewEntry()
	w.Name.SetPlaceHolder("Cleaner, Dog walker, Airbnb guest…")
	w.Code = widget.NewEntry()
	w.NewCode = widget.NewButtonWithIcon("New", theme.ViewRefreshIcon(), w.fillCode)
	w.fillCode()
	w.From, w.To, w.Hours, w.Uses = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	w.From.SetPlaceHolder("2026-12-08")
	w.To.SetPlaceHolder("2026-12-20")
	w.Hours.SetPlaceHolder("all day, or 09:00-12:00")
	w.Uses.SetPlaceHolder("no limit")
	days := container.NewHBox()
	for _, name := range []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"} {
		c := widget.NewCheck(name, nil)
		c.SetChecked(true)
		w.Days = append(w.Days, c)
		days.Add(c)
	}
	when := widget.NewForm(widget.NewFormItem("From", w.From), widget.NewFormItem("To", w.To),
		widget.NewFormItem("Days", days), widget.NewFormItem("Hours", w.Hours), widget.NewFormItem("Uses", w.Uses))
	when.Hide()
	w.Temporary = widget.NewCheck("Only for a while (temporary)", func(on bool) { when.Hidden = !on; when.Refresh() })
	w.Give = widget.NewButtonWithIcon("Give code", theme.ConfirmIcon(), w.give)
	w.Give.Importance = widget.HighImportance
	w.Error = widget.NewLabel("")
	w.Error.Importance = widget.DangerImportance
	w.Error.Wrapping = fyne.TextWrapWord
	w.Error.Hide()
	w.Given = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.Given.Wrapping = fyne.TextWrapWord
	w.Copy = widget.NewButtonWithIcon("Copy code", theme.ContentCopyIcon(), func() { w.deps.Copy(w.given) })
	w.Copy.Hide()
	return container.NewVBox(
		widget.NewForm(widget.NewFormItem("Name", w.Name), widget.NewFormItem("Code", container.NewBorder(nil, nil, nil, w.NewCode, w.Code))),
		w.Temporary, when, w.Give, w.Error, w.Given, w.Copy,
		widget.NewLabel("The code is shown here once and kept nowhere: copy it for your guest now."),
	)
}

func (w *Window) fillCode() {
	code, err := codes.Generate()
	if err != nil {
		w.showError(err.Error())
		return
	}
	w.Code.SetText(code)
}

func (w *Window) showError(msg string) {
	w.Error.SetText(msg)
	w.Error.Show()
}

// newUser reads the form.
func (w *Window) newUser() (utec.NewLockUser, error) {
	u := utec.NewLockUser{Name: strings.TrimSpace(w.Name.Text), Code: strings.TrimSpace(w.Code.Text)}
	if !w.Temporary.Checked {
		return u, u.Validate()
	}
	s := &utec.Schedule{}
	var err error
	if s.From, err = codes.ParseDate(w.From.Text, time.Local, false); err != nil {
		return u, err
	}
	if s.To, err = codes.ParseDate(w.To.Text, time.Local, true); err != nil {
		return u, err
	}
	for day, c := range w.Days {
		if c.Checked {
			s.Weekdays = append(s.Weekdays, time.Weekday(day))
		}
	}
	if len(s.Weekdays) == 0 {
		return u, fmt.Errorf("choose at least one day")
	}
	if h := strings.TrimSpace(w.Hours.Text); h != "" {
		if s.DailyFrom, s.DailyTo, err = codes.ParseHours(h); err != nil {
			return u, err
		}
	}
	if n := strings.TrimSpace(w.Uses.Text); n != "" {
		if s.Uses, err = strconv.Atoi(n); err != nil || s.Uses < 1 {
			return u, fmt.Errorf("uses: give a number of times, 1 or more, or leave it empty for no limit")
		}
	}
	u.Schedule = s
	return u, u.Validate()
}

// give sends the new code, then shows it once and follows it onto the
// lock.
func (w *Window) give() {
	w.Error.Hide()
	u, err := w.newUser()
	if err != nil {
		w.showError(err.Error())
		return
	}
	w.setBusy(true)
	go func() {
		ctx, cancel := context.WithTimeout(w.ctx, addTimeout)
		defer cancel()
		added, err := w.deps.Add(ctx, w.deps.Lock, u)
		w.deps.Run(func() {
			w.setBusy(false)
			if err != nil {
				w.showError("The code was not given: " + devices.DescribeError(w.deps.Lock.Name, err))
				return
			}
			w.given = u.Code
			w.Given.SetText(fmt.Sprintf("Code for %s: %s", added.Name, u.Code))
			w.Copy.Show()
			w.Name.SetText("")
			w.fillCode()
			w.follow()
		})
	}()
}

func (w *Window) setBusy(on bool) {
	w.busy = on
	if on {
		w.Give.Disable()
		w.Give.SetText("Giving…")
		return
	}
	w.Give.Enable()
	w.Give.SetText("Give code")
}

// refresh reads the codes again.
func (w *Window) refresh() {
	go func() {
		ctx, cancel := context.WithTimeout(w.ctx, callTimeout)
		defer cancel()
		users, err := w.deps.List(ctx, w.deps.Lock)
		w.deps.Run(func() { w.showUsers(users, err) })
	}()
}

// follow reads the list until no code waits for the lock, or syncFor
// passes, or the window closes.
func (w *Window) follow() {
	if w.syncer != nil {
		w.syncer()
	}
	ctx, cancel := context.WithTimeout(w.ctx, syncFor)
	w.syncer = cancel
	go func() {
		defer cancel()
		for {
			users, err := w.deps.List(ctx, w.deps.Lock)
			if ctx.Err() != nil {
				return
			}
			waiting := false
			for _, u := range users {
				waiting = waiting || !u.Synced
			}
			w.deps.Run(func() { w.showUsers(users, err) })
			if err == nil && !waiting {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(syncEvery):
			}
		}
	}()
}

// showUsers draws the list of codes, or says why there is none.
func (w *Window) showUsers(users []utec.LockUser, err error) {
	w.Codes.Objects = nil
	switch {
	case err != nil:
		w.ListState.SetText("The codes could not be read: " + devices.DescribeError(w.deps.Lock.Name, err))
	case len(users) == 0:
		w.ListState.SetText("No codes yet.")
	default:
		w.ListState.SetText(fmt.Sprintf("%s:", devices.Count(len(users), "code")))
	}
	if err == nil {
		w.users = users
	}
	for _, u := range w.users {
		w.Codes.Add(w.row(u))
	}
	w.Codes.Refresh()
}

func (w *Window) row(u utec.LockUser) fyne.CanvasObject {
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() {
		w.deps.Confirm("Take back the code of "+u.Name+"?",
			"The code stops opening "+w.deps.Lock.Name+" once the lock hears of it.", "Delete", func() { w.delete(u) })
	})
	text := widget.NewLabel(fmt.Sprintf("%s · %s · %s", u.Name, codes.Kind(u), codes.Sync(u)))
	return container.NewBorder(nil, nil, nil, del, text)
}

func (w *Window) delete(u utec.LockUser) {
	go func() {
		ctx, cancel := context.WithTimeout(w.ctx, callTimeout)
		defer cancel()
		err := w.deps.Delete(ctx, w.deps.Lock, u)
		w.deps.Run(func() {
			if err != nil {
				w.showError("The code was not taken back: " + devices.DescribeError(w.deps.Lock.Name, err))
				return
			}
			w.refresh()
		})
	}()
}
