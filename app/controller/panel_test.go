package controller

import "testing"

// TestOpenQuickPanelItem: where the tray cannot tell the clicks apart, the
// menu offers the quick panel and the click reaches the desktop.
func TestOpenQuickPanelItem(t *testing.T) {
	f := startWith(t, true, func(o *Options) { o.QuickPanelItem = true })
	f.home()
	f.click("Open quick panel", "")
	f.waitFor("the panel", func() bool { f.desk.mu.Lock(); defer f.desk.mu.Unlock(); return f.desk.panels == 1 })
}

func TestNoQuickPanelItemUnlessAsked(t *testing.T) {
	f := start(t, true)
	f.home()
	if f.hasLabel("Open quick panel") {
		t.Errorf("menu offers the quick panel on a tray that opens it on a left click: %q", f.desk.labels())
	}
}

// TestOpenPanelFromOutside: the command line's wish (`utec-tray panel`)
// opens the panel once per wish, whether the menu offers the item or not.
func TestOpenPanelFromOutside(t *testing.T) {
	f := start(t, true)
	f.home()
	f.ctrl.OpenPanel()
	f.ctrl.OpenPanel()
	f.ctrl.sync()
	f.desk.mu.Lock()
	defer f.desk.mu.Unlock()
	if f.desk.panels != 2 {
		t.Errorf("two wishes opened the panel %d times", f.desk.panels)
	}
}
