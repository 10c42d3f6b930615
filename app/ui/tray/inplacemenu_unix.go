//go:build (linux || freebsd || openbsd || netbsd) && !android

package tray

import (
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/systray"

	"github.com/utec-tray/utec-tray/app/view"
)

// inPlaceMenu shows the tray menu through fyne.io/systray itself rather
// than Fyne's SetSystemTrayMenu, which rebuilds the whole menu with new
// item ids on every change: some 70 LayoutUpdated signals for one state
// change, the open submenu and highlight lost, and once a crash of
// plasmashell on a deleted action. Here a change that keeps the menu's
// shape updates the items in place (same ids, one ItemsPropertiesUpdated,
// no LayoutUpdated: systray.Batch, in the patched copy in third_party/);
// a change of shape rebuilds it with one LayoutUpdated. While the menu is
// open, a change of shape or one that makes a label longer waits for it
// to close: hosts place an open menu for the width it had. Its methods run on the UI goroutine.
type inPlaceMenu struct {
	shape string
	nodes []*menuNode
	// stop ends the click listeners of the items shown; closed when they
	// are replaced.
	stop    chan struct{}
	onClick func(view.Action)
	// ui runs the host's events on the UI goroutine; default fyne.Do.
	ui     func(func())
	hooked bool
	// open is set while the host shows the menu; pending is the newest
	// menu of another shape, held until it closes.
	open    bool
	pending []view.Item
}

// menuNode is one item shown (nil item for a separator), with what was
// last sent to it.
type menuNode struct {
	item     *systray.MenuItem
	label    string
	checked  bool
	disabled bool
	action   atomic.Pointer[view.Action]
	children []*menuNode
}

// show shows items, in place when only labels and states changed.
func (m *inPlaceMenu) show(items []view.Item, onClick func(view.Action)) {
	m.onClick = onClick
	if !m.hooked {
		m.hooked = true
		// Fyne sets the Title once the tray is ready, which can fall
		// between systray reading it and exporting it (the item then has
		// none); set before the tray starts, it is exported with the rest.
		systray.SetTitle(AppName)
		// The host's events arrive on a D-Bus goroutine.
		if m.ui == nil {
			m.ui = fyne.Do
		}
		systray.SetOnMenuShown(func(open bool) { m.ui(func() { m.shown(open) }) })
	}
	shape := menuShape(items)
	switch {
	case shape == m.shape && m.open && labelsGrow(m.nodes, items):
		// The host placed the open menu for its labels' width; a longer
		// label would run it off the screen's edge (seen in Plasma).
		m.pending = items
	case shape == m.shape:
		m.pending = nil
		systray.Batch(func() { updateNodes(m.nodes, items) })
	case m.open:
		m.pending = items
	default:
		m.rebuild(items, shape)
	}
}

// labelsGrow is whether any of items' labels is longer than the one shown
// in its place (nodes has items' shape).
func labelsGrow(nodes []*menuNode, items []view.Item) bool {
	for i, n := range nodes {
		if n.item == nil {
			continue
		}
		if utf8.RuneCountInString(items[i].Label) > utf8.RuneCountInString(n.label) || labelsGrow(n.children, items[i].Children) {
			return true
		}
	}
	return false
}

// shown follows the host opening and closing the menu; a change held
// meanwhile (of shape, or of longer labels) applies on closing (or on an
// opening after a closing the host never sent), in place when it can.
func (m *inPlaceMenu) shown(open bool) {
	if m.pending != nil && (!open || m.open) {
		items := m.pending
		m.pending = nil
		if shape := menuShape(items); shape == m.shape {
			systray.Batch(func() { updateNodes(m.nodes, items) })
		} else {
			m.rebuild(items, shape)
		}
	}
	m.open = open
}

func (m *inPlaceMenu) rebuild(items []view.Item, shape string) {
	systray.Batch(func() {
		if m.stop != nil {
			close(m.stop)
		}
		systray.ResetMenu()
		m.stop = make(chan struct{})
		m.nodes = m.build(items, nil)
	})
	m.shape = shape
}

func (m *inPlaceMenu) build(items []view.Item, parent *systray.MenuItem) []*menuNode {
	nodes := make([]*menuNode, len(items))
	for i, it := range items {
		if it.Separator {
			if parent != nil {
				parent.AddSeparator()
			} else {
				systray.AddSeparator()
			}
			nodes[i] = &menuNode{}
			continue
		}
		n := &menuNode{label: it.Label, checked: it.Checked, disabled: itemDisabled(it)}
		switch {
		case checkable(it) && parent != nil:
			n.item = parent.AddSubMenuItemCheckbox(it.Label, "", it.Checked)
		case checkable(it):
			n.item = systray.AddMenuItemCheckbox(it.Label, "", it.Checked)
		case parent != nil:
			n.item = parent.AddSubMenuItem(it.Label, "")
		default:
			n.item = systray.AddMenuItem(it.Label, "")
		}
		if n.disabled {
			n.item.Disable()
		}
		a := it.Action
		n.action.Store(&a)
		n.children = m.build(it.Children, n.item)
		go listen(n, m.stop, m.onClick)
		nodes[i] = n
	}
	return nodes
}

// listen reports the clicks on n's item until stop is closed, or the
// item is removed: systray closes its ClickedCh then, and a receive from
// the closed channel is no click (taken for one, a rebuild clicked every
// item whose listener had not yet seen stop: lights switched, doors
// locked, as a global shortcut's Lock all showed in the e2e test).
func listen(n *menuNode, stop <-chan struct{}, onClick func(view.Action)) {
	for {
		select {
		case _, open := <-n.item.ClickedCh:
			if !open {
				return
			}
			if a := n.action.Load(); a.Kind != view.NoAction {
				onClick(*a)
			}
		case <-stop:
			return
		}
	}
}

// updateNodes sends what changed to the items of the same shape.
func updateNodes(nodes []*menuNode, items []view.Item) {
	for i, n := range nodes {
		it := items[i]
		if n.item == nil {
			continue
		}
		if it.Label != n.label {
			n.label = it.Label
			n.item.SetTitle(it.Label)
		}
		if d := itemDisabled(it); d != n.disabled {
			n.disabled = d
			if d {
				n.item.Disable()
			} else {
				n.item.Enable()
			}
		}
		if it.Checked != n.checked {
			n.checked = it.Checked
			if it.Checked {
				n.item.Check()
			} else {
				n.item.Uncheck()
			}
		}
		a := it.Action
		n.action.Store(&a)
		updateNodes(n.children, it.Children)
	}
}

// checkable is whether an item carries a checkmark, on or off: a
// device's states (view.Item.Checkable) and anything checked. It is part
// of the shape, so that a checkmark moving is an update; a one-click
// "Lock Front Door" has no box.
func checkable(it view.Item) bool { return it.Checked || it.Checkable }

// itemDisabled is as in toFyneItems: an item that does nothing and opens
// nothing is greyed out.
func itemDisabled(it view.Item) bool {
	return it.Disabled || (it.Action.Kind == view.NoAction && len(it.Children) == 0)
}

// menuShape is what an update in place keeps: the items' kinds and
// nesting, not their words or states.
func menuShape(items []view.Item) string {
	var b strings.Builder
	writeShape(&b, items)
	return b.String()
}

func writeShape(b *strings.Builder, items []view.Item) {
	for _, it := range items {
		switch {
		case it.Separator:
			b.WriteByte('-')
		case checkable(it):
			b.WriteByte('c')
		default:
			b.WriteByte('i')
		}
		if len(it.Children) > 0 {
			b.WriteByte('[')
			writeShape(b, it.Children)
			b.WriteByte(']')
		}
	}
}

// ShowMenuItems shows the menu model in place (ItemsSurface).
func (s *systraySurface) ShowMenuItems(items []view.Item, onClick func(view.Action)) {
	s.menu.show(items, onClick)
}
