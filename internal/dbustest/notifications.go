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
// nothing and remembers every notification.
type NotificationServer struct {
	conn *dbus.Conn

	mu     sync.Mutex
	notes  []Notification
	lastID uint32
	// changed is closed, and replaced, whenever a notification arrives.
	changed chan struct{}
}

// StartNotificationServer exports the notification daemon on conn and
// takes its well-known name. It fails if another daemon owns the name
// already, as on a desktop's own session bus.
func StartNotificationServer(conn *dbus.Conn) (*NotificationServer, error) {
	s := &NotificationServer{conn: conn, changed: make(chan struct{})}
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
// start on the bus.
func (s *NotificationServer) Close() error {
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
// text bodies, nothing more.
func (h notifyHandler) GetCapabilities() ([]string, *dbus.Error) {
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
	if err := h.s.conn.Emit(notifyPath, notifyIface+".NotificationClosed", id, uint32(3)); err != nil {
		return dbus.MakeFailedError(err)
	}
	return nil
}
