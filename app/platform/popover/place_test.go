package popover

import "testing"

// A 1920x1080 monitor with a 30 px bar at the bottom, a second monitor
// of 1280x1024 to its right; _NET_WORKAREA is one rectangle over both,
// as EWMH has it, less the bar.
var (
	left   = Rect{0, 0, 1920, 1080}
	right  = Rect{1920, 0, 1280, 1024}
	panel  = Size{380, 300}
	bottom = Rect{0, 0, 3200, 1050}
)

func TestPlace(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		point    Point
		monitors []Rect
		work     Rect
		want     Point
	}{
		{"bottom bar: above it, Gap off, centred on the click",
			Point{1000, 1065}, []Rect{left}, Rect{0, 0, 1920, 1050}, Point{810, 1050 - Gap - 300}},
		{"bottom bar at the right corner: kept Gap inside the work area",
			Point{1900, 1065}, []Rect{left}, Rect{0, 0, 1920, 1050}, Point{1920 - Gap - 380, 1050 - Gap - 300}},
		{"top bar: below it",
			Point{1500, 10}, []Rect{left}, Rect{0, 28, 1920, 1052}, Point{1500 - 190, 28 + Gap}},
		{"top bar at the left corner, nearer the left edge: still under the bar",
			Point{5, 10}, []Rect{left}, Rect{0, 28, 1920, 1052}, Point{Gap, 28 + Gap}},
		{"left bar: beside it, centred on the click's height",
			Point{20, 500}, []Rect{left}, Rect{48, 0, 1872, 1080}, Point{48 + Gap, 350}},
		{"right bar near the bottom, nearer the bottom edge: still beside the bar",
			Point{1900, 1070}, []Rect{left}, Rect{0, 0, 1872, 1080}, Point{1872 - Gap - 380, 1080 - Gap - 300}},
		{"no work area: the monitor's edge",
			Point{1000, 1079}, []Rect{left}, Rect{}, Point{810, 1079 - Gap - 300}},
		{"bar reserves no space (floating, auto-hidden): off the point",
			Point{1000, 1060}, []Rect{left}, left, Point{810, 1060 - Gap - 300}},
		{"second monitor: its own edge and its own bottom, not the first's",
			Point{2500, 1023}, []Rect{left, right}, bottom, Point{2500 - 190, 1023 - Gap - 300}},
		{"second monitor's right end: clamped to it, not to the work area's",
			Point{3180, 1023}, []Rect{left, right}, bottom, Point{3200 - Gap - 380, 1023 - Gap - 300}},
		{"point off every monitor: the nearest monitor",
			Point{2500, 1060}, []Rect{left, right}, bottom, Point{2500 - 190, 1024 - Gap - 300}},
		{"no monitors: the work area stands in",
			Point{1000, 1065}, nil, Rect{0, 0, 1920, 1050}, Point{810, 1050 - Gap - 300}},
		{"a corner as near to the bottom as to the left: the bottom",
			Point{0, 1079}, []Rect{left}, Rect{}, Point{Gap, 1079 - Gap - 300}},
		{"screen lower than the panel: its top stays on screen",
			Point{100, 190}, []Rect{{0, 0, 800, 200}}, Rect{}, Point{Gap, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Place(tt.point, panel, tt.monitors, tt.work); got != tt.want {
				t.Errorf("Place(%v) = %v, want %v", tt.point, got, tt.want)
			}
		})
	}
}

func TestNearestEdge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Point
		want Edge
	}{
		{Point{960, 1079}, Bottom},
		{Point{960, 0}, Top},
		{Point{0, 540}, Left},
		{Point{1919, 540}, Right},
		{Point{1900, 10}, Top},
		{Point{1910, 10}, Right},
	}
	for _, tt := range tests {
		if got := nearestEdge(tt.p, left); got != tt.want {
			t.Errorf("nearestEdge(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

// FuzzPlace: wherever the click and whatever the screens, a panel that
// fits lands wholly inside the work area of one monitor (the X server's
// numbers come from the window manager and the panel bars, which Place
// does not trust to be sane).
func FuzzPlace(f *testing.F) {
	f.Add(1000, 1065, 0, 0, 1920, 1080, 0, 0, 1920, 1050)
	f.Add(5, 10, 0, 0, 1920, 1080, 0, 28, 1920, 1052)
	f.Add(-50, 5000, 1920, 0, 1280, 1024, 0, 0, 3200, 1050)
	f.Fuzz(func(t *testing.T, px, py, mx, my, mw, mh, wx, wy, ww, wh int) {
		const lim = 1 << 16 // X11 coordinates are 16-bit
		for _, v := range []int{px, py, mx, my, mw, mh, wx, wy, ww, wh} {
			if v < -lim || v > lim {
				t.Skip()
			}
		}
		mon, work := Rect{mx, my, mw, mh}, Rect{wx, wy, ww, wh}
		if mon.empty() {
			t.Skip()
		}
		area := mon
		if a := mon.intersect(work); !work.empty() && !a.empty() {
			area = a
		}
		if area.W < panel.W || area.H < panel.H {
			t.Skip()
		}
		at := Place(Point{px, py}, panel, []Rect{mon}, work)
		if at.X < area.X || at.Y < area.Y || at.X+panel.W > area.right() || at.Y+panel.H > area.bottom() {
			t.Errorf("Place(%d,%d) = %v: the panel %v leaves the area %v", px, py, at, panel, area)
		}
	})
}
