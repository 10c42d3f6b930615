package dbustest

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/godbus/dbus/v5"
)

// The StatusNotifierWatcher's name, object and interface: what a panel's
// status tray (or an XEmbed bridge such as snixembed) runs.
const (
	watcherName  = "org.kde.StatusNotifierWatcher"
	watcherPath  = dbus.ObjectPath("/StatusNotifierWatcher")
	watcherIface = "org.kde.StatusNotifierWatcher"
)

// TrayWatcher is a fake StatusNotifierWatcher: a desktop with a status
// tray, as tray items see it. It records the items that register, by
// the unique bus name of the connection that registered them.
type TrayWatcher struct {
	conn *dbus.Conn

	mu    sync.Mutex
	items []string
	// changed is closed, and replaced, whenever an item registers.
	changed chan struct{}
}

// StartTrayWatcher exports the watcher on conn and takes its name; it
// fails with ErrNameTaken when a tray runs on the bus already.
func StartTrayWatcher(conn *dbus.Conn) (*TrayWatcher, error) {
	w := &TrayWatcher{conn: conn, changed: make(chan struct{})}
	if err := conn.Export(watcherHandler{w}, watcherPath, watcherIface); err != nil {
		return nil, fmt.Errorf("export %s: %w", watcherPath, err)
	}
	reply, err := conn.RequestName(watcherName, dbus.NameFlagDoNotQueue)
	if err == nil && reply != dbus.RequestNameReplyPrimaryOwner && reply != dbus.RequestNameReplyAlreadyOwner {
		err = ErrNameTaken
	}
	if err != nil {
		_ = conn.Export(nil, watcherPath, watcherIface)
		return nil, fmt.Errorf("request %s: %w", watcherName, err)
	}
	return w, nil
}

// Close gives up the name and the object: the tray went away.
func (w *TrayWatcher) Close() error {
	_, err := w.conn.ReleaseName(watcherName)
	if uerr := w.conn.Export(nil, watcherPath, watcherIface); err == nil {
		err = uerr
	}
	return err
}

// Items returns the unique names that registered an item, oldest first.
func (w *TrayWatcher) Items() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.items)
}

// WaitRegistered waits until the connection with the unique name owner
// has registered an item; it gives up when ctx ends.
func (w *TrayWatcher) WaitRegistered(ctx context.Context, owner string) error {
	for {
		w.mu.Lock()
		found, changed := slices.Contains(w.items, owner), w.changed
		w.mu.Unlock()
		if found {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("wait for %s to register a tray item (registered: %q): %w", owner, w.Items(), ctx.Err())
		}
	}
}

// watcherHandler holds the D-Bus methods, apart from TrayWatcher so that
// its own methods are not exported on the bus.
type watcherHandler struct{ w *TrayWatcher }

// RegisterStatusNotifierItem is the watcher's method of that name; the
// argument is the item's object path or bus name, the sender the item.
func (h watcherHandler) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	h.w.mu.Lock()
	defer h.w.mu.Unlock()
	h.w.items = append(h.w.items, string(sender))
	close(h.w.changed)
	h.w.changed = make(chan struct{})
	return nil
}

// RegisterStatusNotifierHost is the watcher's method of that name: the
// fake is its own host.
func (h watcherHandler) RegisterStatusNotifierHost(service string) *dbus.Error { return nil }
