//go:build e2e

package fyneloop

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// xclient is a second X client, as another program on the desktop is.
type xclient struct {
	conn *xgb.Conn
	root xproto.Window
}

func dial(t *testing.T) *xclient {
	t.Helper()
	conn, err := xgb.NewConn()
	if err != nil {
		t.Fatalf("connect to the X server: %v", err)
	}
	t.Cleanup(conn.Close)
	return &xclient{conn: conn, root: xproto.Setup(conn).DefaultScreen(conn).Root}
}

func (x *xclient) mapped(t *testing.T, win uintptr) bool {
	t.Helper()
	attrs, err := xproto.GetWindowAttributes(x.conn, xproto.Window(win)).Reply()
	if err != nil {
		t.Fatalf("window attributes: %v", err)
	}
	return attrs.MapState == xproto.MapStateViewable
}

func (x *xclient) atom(t *testing.T, name string) xproto.Atom {
	t.Helper()
	r, err := xproto.InternAtom(x.conn, false, uint16(len(name)), name).Reply()
	if err != nil {
		t.Fatalf("atom %s: %v", name, err)
	}
	return r.Atom
}

// TestRestingAppAnswersAPaste: while no window shows, another program
// pastes what the app put on the clipboard. The app owns the selection
// and must answer the server's SelectionRequest, which only the watch on
// the X connection reads while the loop rests (it does not tick).
func TestRestingAppAnswersAPaste(t *testing.T) {
	const text = "fyneloop clipboard text"
	fyne.DoAndWait(func() { fyne.CurrentApp().Clipboard().SetContent(text) })
	settle()

	x := dial(t)
	win, err := xproto.NewWindowId(x.conn)
	if err != nil {
		t.Fatal(err)
	}
	screen := xproto.Setup(x.conn).DefaultScreen(x.conn)
	if err := xproto.CreateWindowChecked(x.conn, screen.RootDepth, win, x.root, 0, 0, 1, 1, 0,
		xproto.WindowClassInputOutput, screen.RootVisual, 0, nil).Check(); err != nil {
		t.Fatalf("create the requestor window: %v", err)
	}
	clipboard, utf8, prop := x.atom(t, "CLIPBOARD"), x.atom(t, "UTF8_STRING"), x.atom(t, "FYNELOOP_PASTE")
	if err := xproto.ConvertSelectionChecked(x.conn, win, clipboard, utf8, prop, xproto.TimeCurrentTime).Check(); err != nil {
		t.Fatalf("ask for the clipboard: %v", err)
	}
	notified := make(chan xproto.SelectionNotifyEvent, 1)
	go func() {
		for {
			ev, err := x.conn.WaitForEvent()
			if ev == nil && err == nil {
				return // connection closed
			}
			if n, ok := ev.(xproto.SelectionNotifyEvent); ok {
				notified <- n
				return
			}
		}
	}()
	select {
	case n := <-notified:
		if n.Property != prop {
			t.Fatalf("the app refused the paste (property %d)", n.Property)
		}
	case <-time.After(within):
		t.Fatal("the resting app never answered the paste")
	}
	reply, err := xproto.GetProperty(x.conn, true, win, prop, xproto.AtomAny, 0, 1024).Reply()
	if err != nil {
		t.Fatalf("read the pasted text: %v", err)
	}
	if got := string(reply.Value); got != text {
		t.Errorf("pasted %q, want %q", got, text)
	}
}
