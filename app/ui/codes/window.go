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
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/codes"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/i18n"
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
	lock := map[string]any{"Name": deps.Lock.Name}
	w := &Window{Window: app.NewWindow(i18n.T("codes.title", "Guest codes — {{.Name}}", lock)), deps: deps}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.Codes = container.NewVBox()
	w.ListState = widget.NewLabel(i18n.T("codes.reading", "Reading the codes…"))
	w.Window.SetContent(container.NewVScroll(container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle(i18n.T("codes.on", "Codes on {{.Name}}", lock), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		w.ListState, w.Codes, widget.NewSeparator(),
		widget.NewLabelWithStyle(i18n.T("codes.giveHeading", "Give a code"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
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
	w.Name.SetPlaceHolder(i18n.T("codes.namePlaceholder", "Cleaner, Dog walker, Airbnb guest…"))
	w.Code = widget.NewEntry()
	w.NewCode = widget.NewButtonWithIcon(i18n.T("codes.new", "New"), theme.ViewRefreshIcon(), w.fillCode)
	w.fillCode()
	w.From, w.To, w.Hours, w.Uses = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	w.From.SetPlaceHolder("2026-12-08")
	w.To.SetPlaceHolder("2026-12-20")
	w.Hours.SetPlaceHolder(i18n.T("codes.hoursPlaceholder", "all day, or 09:00-12:00"))
	w.Uses.SetPlaceHolder(i18n.T("codes.usesPlaceholder", "no limit"))
	days := container.NewHBox()
	for _, name := range dayNames() {
		c := widget.NewCheck(name, nil)
		c.SetChecked(true)
		w.Days = append(w.Days, c)
		days.Add(c)
	}
	when := widget.NewForm(widget.NewFormItem(i18n.T("codes.from", "From"), w.From), widget.NewFormItem(i18n.T("codes.to", "To"), w.To),
		widget.NewFormItem(i18n.T("codes.days", "Days"), days), widget.NewFormItem(i18n.T("codes.hours", "Hours"), w.Hours),
		widget.NewFormItem(i18n.T("codes.uses", "Uses"), w.Uses))
	when.Hide()
	w.Temporary = widget.NewCheck(i18n.T("codes.temporary", "Only for a while (temporary)"), func(on bool) { when.Hidden = !on; when.Refresh() })
	w.Give = widget.NewButtonWithIcon(giveLabel(), theme.ConfirmIcon(), w.give)
	w.Give.Importance = widget.HighImportance
	w.Error = widget.NewLabel("")
	w.Error.Importance = widget.DangerImportance
	w.Error.Wrapping = fyne.TextWrapWord
	w.Error.Hide()
	w.Given = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.Given.Wrapping = fyne.TextWrapWord
	w.Copy = widget.NewButtonWithIcon(i18n.T("codes.copy", "Copy code"), theme.ContentCopyIcon(), func() { w.deps.Copy(w.given) })
	w.Copy.Hide()
	once := widget.NewLabel(i18n.T("codes.shownOnce", "The code is shown here once and kept nowhere: copy it for your guest now."))
	once.Wrapping = fyne.TextWrapWord
	return container.NewVBox(
		widget.NewForm(widget.NewFormItem(i18n.T("codes.name", "Name"), w.Name),
			widget.NewFormItem(i18n.T("codes.code", "Code"), container.NewBorder(nil, nil, nil, w.NewCode, w.Code))),
		w.Temporary, when, w.Give, w.Error, w.Given, w.Copy, once,
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

// newUser reads the form; what is wrong with it is said in the person's
// language (utec's own checks, in English, come last and should find
// nothing more).
func (w *Window) newUser() (utec.NewLockUser, string) {
	u := utec.NewLockUser{Name: strings.TrimSpace(w.Name.Text), Code: strings.TrimSpace(w.Code.Text)}
	switch {
	case u.Name == "":
		return u, i18n.T("codes.needsName", "The code needs a name, such as the guest's.")
	case errors.Is(utec.NewLockUser{Name: u.Name, Code: u.Code}.Validate(), utec.ErrBadCode):
		return u, i18n.T("codes.badCode", "The code must be 4 to 8 digits and not start with 0.")
	}
	if w.Temporary.Checked {
		s, problem := w.schedule()
		if problem != "" {
			return u, problem
		}
		u.Schedule = s
	}
	if err := u.Validate(); err != nil {
		return u, err.Error()
	}
	return u, ""
}

// schedule reads a temporary code's dates, days, hours and uses.
func (w *Window) schedule() (*utec.Schedule, string) {
	s := &utec.Schedule{}
	var err error
	for _, f := range []struct {
		entry    *widget.Entry
		into     *time.Time
		endOfDay bool
	}{{w.From, &s.From, false}, {w.To, &s.To, true}} {
		if *f.into, err = codes.ParseDate(f.entry.Text, time.Local, f.endOfDay); err != nil {
			return nil, i18n.T("codes.badDate", "{{.Text}} is not a date: use YYYY-MM-DD, or YYYY-MM-DD HH:MM.", map[string]any{"Text": strconv.Quote(strings.TrimSpace(f.entry.Text))})
		}
	}
	if !s.To.After(s.From) {
		return nil, i18n.T("codes.endBeforeStart", "The code's end must come after its start.")
	}
	for day, c := range w.Days {
		if c.Checked {
			s.Weekdays = append(s.Weekdays, time.Weekday(day))
		}
	}
	if len(s.Weekdays) == 0 {
		return nil, i18n.T("codes.noDay", "Choose at least one day.")
	}
	if h := strings.TrimSpace(w.Hours.Text); h != "" {
		if s.DailyFrom, s.DailyTo, err = codes.ParseHours(h); err != nil {
			return nil, i18n.T("codes.badHours", "{{.Text}} is not a span of hours: use HH:MM-HH:MM, the end after the start.", map[string]any{"Text": strconv.Quote(h)})
		}
	}
	if n := strings.TrimSpace(w.Uses.Text); n != "" {
		if s.Uses, err = strconv.Atoi(n); err != nil || s.Uses < 1 {
			return nil, i18n.T("codes.badUses", "Uses: give a number of times, 1 or more, or leave it empty for no limit.")
		}
	}
	return s, ""
}

// dayNames are the weekdays' short names, Sunday first, as time.Weekday.
func dayNames() []string {
	return []string{i18n.T("codes.day.sun", "Sun"), i18n.T("codes.day.mon", "Mon"), i18n.T("codes.day.tue", "Tue"),
		i18n.T("codes.day.wed", "Wed"), i18n.T("codes.day.thu", "Thu"), i18n.T("codes.day.fri", "Fri"), i18n.T("codes.day.sat", "Sat")}
}

func giveLabel() string { return i18n.T("codes.give", "Give code") }

// give sends the new code, then shows it once and follows it onto the
// lock.
func (w *Window) give() {
	w.Error.Hide()
	u, problem := w.newUser()
	if problem != "" {
		w.showError(problem)
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
				w.showError(i18n.T("codes.notGiven", "The code was not given: {{.Reason}}", map[string]any{"Reason": devices.DescribeError(w.deps.Lock.Name, err)}))
				return
			}
			w.given = u.Code
			w.Given.SetText(i18n.T("codes.given", "Code for {{.Name}}: {{.Code}}", map[string]any{"Name": added.Name, "Code": u.Code}))
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
		w.Give.SetText(i18n.T("codes.giving", "Giving…"))
		return
	}
	w.Give.Enable()
	w.Give.SetText(giveLabel())
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
		w.ListState.SetText(i18n.T("codes.notRead", "The codes could not be read: {{.Reason}}", map[string]any{"Reason": devices.DescribeError(w.deps.Lock.Name, err)}))
	case len(users) == 0:
		w.ListState.SetText(i18n.T("codes.none", "No codes yet."))
	default:
		w.ListState.SetText(i18n.Plural("codes.count", "{{.Count}} codes:", len(users), map[string]any{"Count": len(users)}))
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
	del := widget.NewButtonWithIcon(i18n.T("codes.delete", "Delete"), theme.DeleteIcon(), func() {
		w.deps.Confirm(i18n.T("codes.deleteTitle", "Take back the code of {{.Name}}?", map[string]any{"Name": u.Name}),
			i18n.T("codes.deleteMessage", "The code stops opening {{.Lock}} once the lock hears of it.", map[string]any{"Lock": w.deps.Lock.Name}),
			i18n.T("codes.delete", "Delete"), func() { w.delete(u) })
	})
	text := widget.NewLabel(u.Name + " · " + codes.KindWord(u) + " · " + codes.SyncWord(u))
	return container.NewBorder(nil, nil, nil, del, text)
}

func (w *Window) delete(u utec.LockUser) {
	go func() {
		ctx, cancel := context.WithTimeout(w.ctx, callTimeout)
		defer cancel()
		err := w.deps.Delete(ctx, w.deps.Lock, u)
		w.deps.Run(func() {
			if err != nil {
				w.showError(i18n.T("codes.notTakenBack", "The code was not taken back: {{.Reason}}", map[string]any{"Reason": devices.DescribeError(w.deps.Lock.Name, err)}))
				return
			}
			w.refresh()
		})
	}()
}
