package dbustest

import (
	"errors"
	"testing"
	"time"
)

// TestTrayWatcher: an item's registration is recorded by its unique
// name, and a second watcher cannot take the name.
func TestTrayWatcher(t *testing.T) {
	conn := sessionBus(t)
	w, err := StartTrayWatcher(conn)
	if errors.Is(err, ErrNameTaken) {
		t.Skip("a tray already runs on this session bus: run under dbus-run-session")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if _, err := StartTrayWatcher(sessionBus(t)); !errors.Is(err, ErrNameTaken) {
		t.Errorf("a second watcher: %v, want ErrNameTaken", err)
	}
	item := sessionBus(t)
	ctx := timeout(t, 10*time.Second)
	if err := item.Object(watcherName, watcherPath).CallWithContext(ctx, watcherIface+".RegisterStatusNotifierItem", 0,
		"/StatusNotifierItem").Err; err != nil {
		t.Fatal(err)
	}
	if err := w.WaitRegistered(ctx, item.Names()[0]); err != nil {
		t.Fatal(err)
	}
}
