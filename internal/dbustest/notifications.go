package dbustest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// The notification daemon's well-known name, object and interface, from
// the Desktop Notifications Specification.
const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// Notification is one Notify call the server received.
type Notification struct {
	// ID is what Notify returned: the replaces_id when the call replaced
	// an earlier notification, a new number otherwise.
	ID      uint32
	AppName string
	AppIcon string
	Summary string
	Body    string
	Actions []string
	Hints   map[string]dbus.Variant
	// Time is when the server received the call.
	Time time.Time
}

// NotificationServer is a fake org.freedesktop.Notifications: it shows
// nothing and remembers every notification. It can play a daemon with
// action buttons (ServerWithActions), one that hangs (ServerHangs,
// SetHang), and a person who clicks a button or closes a notification
// (EmitActionInvoked, EmitNotificationClosed).
type NotificationServer struct {
	conn *dbus.Conn

	mu     sync.Mutex
	notes  []Notification
	lastID uint32
	// changed is closed, and replaced, whenever a notification arrives.
	changed chan struct{}
	// actions makes GetCapabilities offer "actions".
	actions bool
	// release is non-nil while the server hangs: Notify calls wait until it
	// is closed (SetHang(false) or Close) and are then refused.
	release chan struct{}
	// hung counts the Notify calls that were held.
	hung int
}

// ServerOption changes how a NotificationServer behaves from the start.
type ServerOption func(*NotificationServer)

// ServerWithActions makes the server offer the "actions" capability, as
// GNOME Shell, KDE Plasma and dunst do; by default it offers plain text
// bodies only, as some minimal daemons do.
func ServerWithActions() ServerOption {
	return func(s *NotificationServer) { s.actions = true }
}

// ServerHangs makes the server hang from the start: see SetHang.
func ServerHangs() ServerOption {
	return func(s *NotificationServer) { s.release = make(chan struct{}) }
}

// StartNotificationServer exports the notification daemon on conn and
// takes its well-known name. It fails if another daemon owns the name
// already, as on a desktop's own session bus.
func StartNotificationServer(conn *dbus.Conn, opts ...ServerOption) (*NotificationServer, error) {
	s := &NotificationServer{conn: conn, changed: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	if err := conn.Export(notifyHandler{s}, notifyPath, notifyIface); err != nil {
		return nil, fmt.Errorf("export %s: %w", notifyPath, err)
	}
	reply, err := conn.RequestName(notifyName, dbus.NameFlagDoNotQueue)
	if err == nil && reply != dbus.RequestNameReplyPrimaryOwner && reply != dbus.RequestNameReplyAlreadyOwner {
		err = ErrNameTaken
	}
	if err != nil {
		_ = conn.Export(nil, notifyPath, notifyIface)
		return nil, fmt.Errorf("request %s: %w", notifyName, err)
	}
	return s, nil
}

// ErrNameTaken means another connection owns a well-known name the helper
// needs, typically a real desktop service on the session bus.
var ErrNameTaken = errors.New("name is owned by another connection")

// Close gives up the name and the object, so that another server can
// start on the bus. Notify calls still held by a hang are refused.
func (s *NotificationServer) Close() error {
	s.SetHang(false)
	_, err := s.conn.ReleaseName(notifyName)
	if uerr := s.conn.Export(nil, notifyPath, notifyIface); err == nil {
		err = uerr
	}
	return err
}

// Notifications returns every notification received so far, oldest first.
func (s *NotificationServer) Notifications() []Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.notes)
}

// WaitFor returns the first notification, received before the call or
// after it, for which match is true. It gives up when ctx ends.
func (s *NotificationServer) WaitFor(ctx context.Context, match func(Notification) bool) (Notification, error) {
	seen := 0
	for {
		s.mu.Lock()
		notes, changed := s.notes[seen:], s.changed
		seen = len(s.notes)
		s.mu.Unlock()
		for _, n := range notes {
			if match(n) {
				return n, nil
			}
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return Notification{}, fmt.Errorf("wait for notification (%d received): %w", seen, ctx.Err())
		}
	}
}

// SetHang makes the server stop answering Notify (true), like a daemon
// stuck in a deadlock: the calls are neither recorded nor answered, and
// the caller waits for its own timeout. SetHang(false) ends the hang: the
// calls held so far are refused with an error (their callers have long
// given up), and later calls are answered as usual. GetCapabilities and
// the other methods keep answering either way.
func (s *NotificationServer) SetHang(hang bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case hang && s.release == nil:
		s.release = make(chan struct{})
	case !hang && s.release != nil:
		close(s.release)
		s.release = nil
	}
}

// HungCalls returns how many Notify calls the server has held without an
// answer so far: proof that a caller did reach the hanging daemon.
func (s *NotificationServer) HungCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hung
}

// SetActions makes GetCapabilities offer "actions" (true) or not.
func (s *NotificationServer) SetActions(offer bool) {
	s.mu.Lock()
	s.actions = offer
	s.mu.Unlock()
}

// EmitActionInvoked plays a person pressing the button with key on
// notification id: it broadcasts the ActionInvoked signal, as a daemon
// does. Like a real daemon, it does not check that id or key exist, so
// that tests can send a client signals it did not ask for.
func (s *NotificationServer) EmitActionInvoked(id uint32, key string) error {
	if err := s.conn.Emit(notifyPath, notifyIface+".ActionInvoked", id, key); err != nil {
		return fmt.Errorf("emit ActionInvoked(%d, %q): %w", id, key, err)
	}
	return nil
}

// Reasons of NotificationClosed, from the specification.
const (
	ClosedExpired   uint32 = 1 // the notification timed out
	ClosedDismissed uint32 = 2 // the person dismissed it
	ClosedByCall    uint32 = 3 // CloseNotification was called
	ClosedUndefined uint32 = 4 // undefined or reserved reasons
)

// EmitNotificationClosed broadcasts NotificationClosed(id, reason), as a
// daemon does when notification id goes away.
func (s *NotificationServer) EmitNotificationClosed(id, reason uint32) error {
	if err := s.conn.Emit(notifyPath, notifyIface+".NotificationClosed", id, reason); err != nil {
		return fmt.Errorf("emit NotificationClosed(%d, %d): %w", id, reason, err)
	}
	return nil
}

func (s *NotificationServer) record(n Notification) uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n.ID == 0 || n.ID > s.lastID {
		s.lastID++
		n.ID = s.lastID
	}
	s.notes = append(s.notes, n)
	close(s.changed)
	s.changed = make(chan struct{})
	return n.ID
}

// notifyHandler holds the D-Bus methods, apart from NotificationServer so
// that its own methods are not exported on the bus.
type notifyHandler struct{ s *NotificationServer }

// Notify is org.freedesktop.Notifications.Notify.
func (h notifyHandler) Notify(appName string, replacesID uint32, appIcon, summary, body string,
	actions []string, hints map[string]dbus.Variant, expireTimeout int32) (uint32, *dbus.Error) {
	h.s.mu.Lock()
	release := h.s.release
	if release != nil {
		h.s.hung++
	}
	h.s.mu.Unlock()
	if release != nil {
		// godbus runs each call in a goroutine of its own, so holding this
		// one holds nothing else.
		<-release
		return 0, dbus.MakeFailedError(errors.New("the test's notification server was hanging"))
	}
	id := h.s.record(Notification{
		ID:      replacesID,
		AppName: appName,
		AppIcon: appIcon,
		Summary: summary,
		Body:    body,
		Actions: actions,
		Hints:   hints,
		Time:    time.Now(),
	})
	return id, nil
}

// GetCapabilities is org.freedesktop.Notifications.GetCapabilities: plain
// text bodies, and action buttons when the server offers them.
func (h notifyHandler) GetCapabilities() ([]string, *dbus.Error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if h.s.actions {
		return []string{"actions", "body"}, nil
	}
	return []string{"body"}, nil
}

// GetServerInformation is
// org.freedesktop.Notifications.GetServerInformation.
func (h notifyHandler) GetServerInformation() (name, vendor, version, spec string, err *dbus.Error) {
	return "dbustest", "utec-tray", "1.0", "1.2", nil
}

// CloseNotification is org.freedesktop.Notifications.CloseNotification: it
// announces the notification closed (reason 3, closed by a call), as the
// specification asks.
func (h notifyHandler) CloseNotification(id uint32) *dbus.Error {
	if err := h.s.EmitNotificationClosed(id, ClosedByCall); err != nil {
		return dbus.MakeFailedError(err)
	}
	return nil
}
