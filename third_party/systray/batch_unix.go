//go:build (linux || freebsd || openbsd || netbsd) && !android

package systray

// Added for utec-tray (see third_party/systray.patch): one update of the
// menu, however many items it touches, sends at most one LayoutUpdated,
// and none when only properties changed; and the app learns when the
// host opens and closes the menu, so that it can hold structural changes
// while a person is in it.

import (
	"sync"

	"github.com/godbus/dbus/v5"

	"fyne.io/systray/internal/generated/menu"
)

// batchState is what a Batch collected: whether the layout changed, and
// the last properties of each item whose properties changed.
type batchState struct {
	layout bool
	props  map[int32]map[string]dbus.Variant
}

var (
	batchMu sync.Mutex
	// batch is non-nil while Batch runs.
	batch *batchState
	// onMenuShown is told when the host opens (true) or closes the menu.
	onMenuShown func(open bool)
)

// batching runs note on the batch under way and reports whether there is
// one; the signal is then sent when Batch ends.
func batching(note func(*batchState)) bool {
	batchMu.Lock()
	defer batchMu.Unlock()
	if batch == nil {
		return false
	}
	note(batch)
	return true
}

// Batch runs f, which changes the menu, and then sends what changed as
// one signal: a single LayoutUpdated if items were added or removed, else
// a single ItemsPropertiesUpdated with every item whose properties
// changed, and no LayoutUpdated. Batches do not nest.
func Batch(f func()) {
	batchMu.Lock()
	batch = &batchState{props: map[int32]map[string]dbus.Variant{}}
	batchMu.Unlock()
	defer func() {
		batchMu.Lock()
		b := batch
		batch = nil
		batchMu.Unlock()
		switch {
		case b.layout:
			refresh()
		case len(b.props) > 0:
			emitPropsOf(b.props)
		}
	}()
	f()
}

// SetOnMenuShown sets what is told when the host opens (true) and closes
// (false) the menu, from the dbusmenu Event "opened" and "closed" on the
// root. Hosts that send neither never call it.
func SetOnMenuShown(f func(open bool)) {
	batchMu.Lock()
	onMenuShown = f
	batchMu.Unlock()
}

func menuShown(open bool) {
	batchMu.Lock()
	f := onMenuShown
	batchMu.Unlock()
	if f != nil {
		f(open)
	}
}

// refreshProps is the LayoutUpdated that property-only changes send for
// hosts that only watch it, except inside Batch.
func refreshProps() {
	if batching(func(*batchState) {}) {
		return
	}
	refresh()
}

func copyProps(in map[string]dbus.Variant) map[string]dbus.Variant {
	out := make(map[string]dbus.Variant, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// emitPropsOf sends one ItemsPropertiesUpdated for every item in props.
func emitPropsOf(props map[int32]map[string]dbus.Variant) {
	instance.lock.Lock()
	conn := instance.conn
	instance.lock.Unlock()
	if conn == nil {
		return
	}
	updated := make([]struct {
		V0 int32
		V1 map[string]dbus.Variant
	}, 0, len(props))
	for id, p := range props {
		updated = append(updated, struct {
			V0 int32
			V1 map[string]dbus.Variant
		}{id, p})
	}
	_ = menu.Emit(conn, &menu.Dbusmenu_ItemsPropertiesUpdatedSignal{
		Path: menuPath,
		Body: &menu.Dbusmenu_ItemsPropertiesUpdatedSignalBody{UpdatedProps: updated},
	})
}
