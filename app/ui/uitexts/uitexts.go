// Package uitexts collects the words a Fyne window shows — labels, buttons,
// check boxes, choices, placeholders, form labels, tab titles, hidden parts
// and other tabs included — so that a test can ask whether any of them was
// left in English. It reads the widgets' fields, not the drawn lines, so a
// wrapped sentence comes back whole.
package uitexts

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Shown returns the non-empty texts of objs and everything inside them.
func Shown(objs ...fyne.CanvasObject) []string {
	var c collector
	for _, o := range objs {
		c.walk(o)
	}
	return c.texts
}

type collector struct{ texts []string }

func (c *collector) add(texts ...string) {
	for _, t := range texts {
		if t != "" {
			c.texts = append(c.texts, t)
		}
	}
}

// walk adds o's texts and walks what it holds; a widget it does not know
// (one of the app's own, such as a button that Enter presses) is walked
// through its renderer.
func (c *collector) walk(o fyne.CanvasObject) {
	switch o := o.(type) {
	case nil:
	case *fyne.Container:
		for _, child := range o.Objects {
			c.walk(child)
		}
	case *widget.Label:
		c.add(o.Text)
	case *widget.Button:
		c.add(o.Text)
	case *widget.Check:
		c.add(o.Text)
	case *widget.Hyperlink:
		c.add(o.Text)
	case *widget.Select:
		c.add(o.PlaceHolder, o.Selected)
		c.add(o.Options...)
	case *widget.Entry:
		c.add(o.PlaceHolder)
	case *widget.RichText:
		c.add(o.String())
	case *widget.Form:
		for _, item := range o.Items {
			c.add(item.Text, item.HintText)
			c.walk(item.Widget)
		}
	case *container.AppTabs:
		for _, item := range o.Items {
			c.add(item.Text)
			c.walk(item.Content)
		}
	case *container.Scroll:
		c.walk(o.Content)
	case *canvas.Text:
		c.add(o.Text)
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(o).Objects() {
			c.walk(child)
		}
	}
}
