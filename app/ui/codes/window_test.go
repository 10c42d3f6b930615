package codes

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// These tests drive the window with Fyne's test app over a real client of
// the fake cloud on real HTTP.

type harness struct {
	w         *Window
	ui        *uithread.Queue
	cloud     *utectest.Server
	copied    string
	questions []string
	yes       func()
}

func open(t *testing.T) *harness {
	t.Helper()
	cloud := utectest.NewForTest(t, utectest.WithCommandDelay(100*time.Millisecond))
	access, refresh := cloud.IssueTokens()
	cfg := utec.OAuthConfig(utectest.ClientID, utectest.ClientSecret, "http://127.0.0.1:9501/callback", cloud.URL())
	ts := utec.NewTokenSource(cfg, &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		Expiry: time.Now().Add(time.Hour)}, utec.TokenSourceOptions{})
	client := utec.NewTokenClient(ts, utec.WithBaseURL(cloud.URL()))
	ds, err := client.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var door utec.Device
	for _, d := range ds {
		if d.ID == utectest.FrontDoorID {
			door = d
		}
	}
	h := &harness{ui: uithread.NewQueue(), cloud: cloud}
	h.w = New(test.NewTempApp(t), Deps{
		Lock: door, List: client.LockUsers,
		Add: func(ctx context.Context, lock utec.Device, u utec.NewLockUser) (utec.LockUser, error) {
			return client.AddLockUser(ctx, lock, u, 5*time.Second)
		},
		Delete: func(ctx context.Context, lock utec.Device, u utec.LockUser) error {
			return client.DeleteLockUser(ctx, lock, u.ID)
		},
		Confirm: func(title, _, _ string, yes func()) {
			h.questions = append(h.questions, title)
			h.yes = yes
		},
		Copy: func(s string) { h.copied = s },
		Run:  h.ui.Run,
	})
	t.Cleanup(h.w.Window.Close)
	// In the language loaded: the tests in other languages open it too.
	h.drain(t, "the first list", func() bool { return h.w.ListState.Text == i18n.T("codes.none", "No codes yet.") })
	return h
}

func (h *harness) drain(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !h.ui.DrainUntil(5*time.Second, cond) {
		t.Fatalf("timed out waiting for %s; the list says %q, the error %q", what, h.w.ListState.Text, h.w.Error.Text)
	}
}

// TestGiveACode: a temporary code is given, shown once with Copy, followed
// until it is on the lock, and taken back after a question.
func TestGiveACode(t *testing.T) {
	h := open(t)
	w := h.w
	if len(w.Code.Text) != 6 {
		t.Fatalf("the form offers code %q, want six generated digits", w.Code.Text)
	}
	w.Name.SetText("Cleaner")
	w.Code.SetText("482913")
	test.Tap(w.Temporary)
	w.From.SetText("2026-12-08")
	w.To.SetText("2026-12-20")
	w.Hours.SetText("09:00-12:00")
	w.Uses.SetText("10")
	test.Tap(w.Days[0]) // not on Sundays
	test.Tap(w.Give)
	h.drain(t, "the code", func() bool { return w.Given.Text != "" })
	if w.Given.Text != "Code for Cleaner: 482913" || !w.Copy.Visible() {
		t.Errorf("shown %q, copy visible %v", w.Given.Text, w.Copy.Visible())
	}
	if w.Code.Text == "482913" || w.Name.Text != "" {
		t.Errorf("the form kept the code %q or the name %q", w.Code.Text, w.Name.Text)
	}
	test.Tap(w.Copy)
	if h.copied != "482913" {
		t.Errorf("copied %q", h.copied)
	}
	held := h.cloud.LockUsers(utectest.FrontDoorID)
	if len(held) != 1 || held[0].Kind != int(utec.LockUserTemporary) || held[0].Code != 482913 {
		t.Fatalf("the lock holds %+v", held)
	}
	h.drain(t, "the code on the lock", func() bool {
		return len(w.Codes.Objects) == 1 && strings.Contains(rowText(w), "on the lock")
	})
	if strings.Contains(rowText(w), "482913") {
		t.Error("the list shows the code")
	}
	tapDelete(w)
	if len(h.questions) != 1 || h.questions[0] != "Take back the code of Cleaner?" {
		t.Fatalf("asked %q", h.questions)
	}
	h.yes()
	h.drain(t, "the code gone", func() bool { return w.ListState.Text == "No codes yet." })
}

func TestFormMistakesAreSaid(t *testing.T) {
	h := open(t)
	w := h.w
	for _, tc := range []struct {
		name, code string
		temporary  bool
		says       string
	}{
		{"", "482913", false, "needs a name"},
		{"Ann", "0123", false, "not start with 0"},
		{"Ann", "482913", true, "not a date"},
	} {
		w.Name.SetText(tc.name)
		w.Code.SetText(tc.code)
		w.Temporary.SetChecked(tc.temporary)
		test.Tap(w.Give)
		if !w.Error.Visible() || !strings.Contains(w.Error.Text, tc.says) {
			t.Errorf("%+v: the window says %q", tc, w.Error.Text)
		}
	}
	if n := len(h.cloud.LockUsers(utectest.FrontDoorID)); n != 0 {
		t.Errorf("%d codes given from bad forms", n)
	}
}

// rowText is the text of the list's rows.
func rowText(w *Window) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			out = append(out, o.Text)
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		}
	}
	for _, o := range w.Codes.Objects {
		walk(o)
	}
	return strings.Join(out, "\n")
}

// tapDelete presses the first row's Delete.
func tapDelete(w *Window) {
	var walk func(o fyne.CanvasObject) bool
	walk = func(o fyne.CanvasObject) bool {
		switch o := o.(type) {
		case *widget.Button:
			if o.Text == "Delete" {
				test.Tap(o)
				return true
			}
		case *fyne.Container:
			for _, c := range o.Objects {
				if walk(c) {
					return true
				}
			}
		}
		return false
	}
	walk(w.Codes.Objects[0])
}
