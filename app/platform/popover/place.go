// Package popover places the quick panel like a popover at the tray
// icon: the decision (Place) is plain arithmetic on screen rectangles,
// table-tested; the X11 side (x11.go, Linux) reads the monitors, the
// work area (made from the docks' struts, struts.go, where no window
// manager sets _NET_WORKAREA) and the pointer from the X server and
// moves the window; on Windows (windows.go) the shell says where the
// notification icon is. Hosts that cannot place a window (native
// Wayland, and for now macOS) leave the window where the toolkit puts
// it: centred.
package popover

// Gap is how far the panel stays off the panel bar and the work area's
// sides, in pixels: close enough to read as the icon's, apart enough not
// to look glued on.
const Gap = 4

// Point is a position in root-window (global) pixels.
type Point struct{ X, Y int }

// Size is a window's width and height in pixels.
type Size struct{ W, H int }

// Rect is a screen rectangle in root-window pixels: a monitor, or the
// work area (the screen less the panel bars).
type Rect struct{ X, Y, W, H int }

func (r Rect) right() int  { return r.X + r.W }
func (r Rect) bottom() int { return r.Y + r.H }
func (r Rect) empty() bool { return r.W <= 0 || r.H <= 0 }

// intersect is the part of r inside o; empty when they do not meet.
func (r Rect) intersect(o Rect) Rect {
	x, y := max(r.X, o.X), max(r.Y, o.Y)
	w, h := min(r.right(), o.right())-x, min(r.bottom(), o.bottom())-y
	if w <= 0 || h <= 0 {
		return Rect{}
	}
	return Rect{x, y, w, h}
}

// distance is how far p lies outside r (0 inside), in the max norm,
// which is enough to pick the nearest monitor.
func (r Rect) distance(p Point) int {
	dx := max(r.X-p.X, 0, p.X-(r.right()-1))
	dy := max(r.Y-p.Y, 0, p.Y-(r.bottom()-1))
	return max(dx, dy)
}

// Edge is a side of a monitor.
type Edge int

// The edges, in the order Place prefers them when a point is as near to
// two (a corner): panels sit at the bottom and top more often than at
// the sides.
const (
	Bottom Edge = iota
	Top
	Left
	Right
)

// Place is where the top-left corner of a window of size goes for a
// click at point: on the monitor holding the point (the nearest when
// none does), against the edge of that monitor nearest the point (or
// the one whose reserved strip holds the point), Gap
// pixels off the panel bar there, centred on the point along that edge,
// and kept inside the monitor's part of the work area. An empty
// workArea (no _NET_WORKAREA) means the whole monitor; no monitors
// means the work area alone.
func Place(point Point, size Size, monitors []Rect, workArea Rect) Point {
	mon := monitorAt(point, monitors, workArea)
	area := mon
	if !workArea.empty() {
		if a := mon.intersect(workArea); !a.empty() {
			area = a
		}
	}
	var at Point
	switch anchorEdge(point, mon, area) {
	case Bottom:
		// min: where no bar reserves space (an auto-hidden or
		// floating one), the point itself is where the panel bar is.
		at = Point{point.X - size.W/2, min(area.bottom(), point.Y) - Gap - size.H}
	case Top:
		at = Point{point.X - size.W/2, max(area.Y, point.Y+1) + Gap}
	case Left:
		at = Point{max(area.X, point.X+1) + Gap, point.Y - size.H/2}
	case Right:
		at = Point{min(area.right(), point.X) - Gap - size.W, point.Y - size.H/2}
	}
	return Point{clamp(at.X, area.X, area.right(), size.W), clamp(at.Y, area.Y, area.bottom(), size.H)}
}

// monitorAt is the monitor holding p, else the nearest one; the work
// area stands in for a screen without monitors.
func monitorAt(p Point, monitors []Rect, workArea Rect) Rect {
	best, bestDist := workArea, -1
	for _, m := range monitors {
		if m.empty() {
			continue
		}
		if d := m.distance(p); bestDist < 0 || d < bestDist {
			best, bestDist = m, d
		}
	}
	return best
}

// anchorEdge is the side the panel bar holding p is on: the reserved
// strip of the monitor p lies in (outside the work area), else the edge
// of the monitor nearest p. The strip comes first because a click near
// a corner of a top bar is nearer the left edge than the top.
func anchorEdge(p Point, mon, area Rect) Edge {
	switch {
	case p.Y >= area.bottom():
		return Bottom
	case p.Y < area.Y:
		return Top
	case p.X < area.X:
		return Left
	case p.X >= area.right():
		return Right
	}
	return nearestEdge(p, mon)
}

// nearestEdge is the edge of mon nearest p; ties go to the earlier Edge.
func nearestEdge(p Point, mon Rect) Edge {
	dists := [...]int{
		Bottom: mon.bottom() - 1 - p.Y,
		Top:    p.Y - mon.Y,
		Left:   p.X - mon.X,
		Right:  mon.right() - 1 - p.X,
	}
	best := Bottom
	for e, d := range dists {
		if d < dists[best] {
			best = Edge(e)
		}
	}
	return best
}

// clamp keeps a span of length n starting at v inside [lo, hi), Gap off
// both ends where it fits; a span longer than the room starts at lo, so
// that the panel's top or left (its summary) stays on screen.
func clamp(v, lo, hi, n int) int {
	if n+2*Gap <= hi-lo {
		lo, hi = lo+Gap, hi-Gap
	}
	if v > hi-n {
		v = hi - n
	}
	if v < lo {
		v = lo
	}
	return v
}
