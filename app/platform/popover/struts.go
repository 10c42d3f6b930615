package popover

// Strut is the space a dock (a panel bar) reserves at the screen's edges,
// as EWMH's _NET_WM_STRUT_PARTIAL has it: how many pixels it takes from
// each edge of the root window, and along which span of that edge, in
// root pixels, both ends inclusive. A window manager subtracts the docks'
// struts from the screen to make _NET_WORKAREA; without one, StrutArea
// does the same.
type Strut struct {
	Left, Right, Top, Bottom int
	// The spans: rows for the side edges, columns for the top and bottom.
	LeftStartY, LeftEndY     int
	RightStartY, RightEndY   int
	TopStartX, TopEndX       int
	BottomStartX, BottomEndX int
}

// StrutFromProperty reads a dock's strut from the values of its
// _NET_WM_STRUT_PARTIAL (12 cardinals) or, failing that, _NET_WM_STRUT
// (4: left, right, top, bottom, each along the whole edge of a root
// window of size root). Anything else, or a strut that reserves nothing,
// is no strut: false.
func StrutFromProperty(v []uint32, root Size) (Strut, bool) {
	// Sizes past the screen are clipped: a value that large says nothing
	// more, and it keeps the arithmetic from overflowing.
	c := make([]int, len(v))
	for i, x := range v {
		c[i] = int(min(x, 1<<24))
	}
	var s Strut
	switch len(c) {
	case 12:
		s = Strut{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]}
	case 4:
		s = Strut{Left: c[0], Right: c[1], Top: c[2], Bottom: c[3],
			LeftEndY: root.H - 1, RightEndY: root.H - 1, TopEndX: root.W - 1, BottomEndX: root.W - 1}
	default:
		return Strut{}, false
	}
	return s, s.Left > 0 || s.Right > 0 || s.Top > 0 || s.Bottom > 0
}

// StrutArea is the work area of monitor mon on a root window of size
// root: the monitor less what the docks' struts reserve on it. A strut
// counts on mon where its span meets the monitor's edge: a bar along the
// top of one monitor leaves the monitor beside it whole. A strut that
// would leave nothing of the monitor is ignored, as a misbehaving dock.
func StrutArea(mon Rect, root Size, struts []Strut) Rect {
	x0, y0, x1, y1 := mon.X, mon.Y, mon.right(), mon.bottom()
	meets := func(start, end, lo, hi int) bool { return start < hi && end >= lo }
	for _, s := range struts {
		l, t := s.Left, s.Top
		r, b := root.W-s.Right, root.H-s.Bottom
		if s.Left > 0 && meets(s.LeftStartY, s.LeftEndY, mon.Y, mon.bottom()) && l > x0 && l < x1 {
			x0 = l
		}
		if s.Right > 0 && meets(s.RightStartY, s.RightEndY, mon.Y, mon.bottom()) && r < x1 && r > x0 {
			x1 = r
		}
		if s.Top > 0 && meets(s.TopStartX, s.TopEndX, mon.X, mon.right()) && t > y0 && t < y1 {
			y0 = t
		}
		if s.Bottom > 0 && meets(s.BottomStartX, s.BottomEndX, mon.X, mon.right()) && b < y1 && b > y0 {
			y1 = b
		}
	}
	return Rect{x0, y0, x1 - x0, y1 - y0}
}
