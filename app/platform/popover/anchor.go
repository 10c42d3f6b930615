package popover

// EdgesRect is a rectangle given by its edges, as Windows' RECT has it:
// left and top inside, right and bottom just outside.
func EdgesRect(left, top, right, bottom int32) Rect {
	return Rect{int(left), int(top), int(right) - int(left), int(bottom) - int(top)}
}

// Anchor is the point a panel opens at for a click on a tray icon whose
// rectangle the system knows: the icon's centre, which lies on the
// taskbar even where the click fell on the icon's rim. Where the icon's
// place is unknown (an empty icon: in the overflow flyout, or the system
// would not say), the click point stands in; (0, 0) still means "ask the
// pointer".
func Anchor(icon Rect, click Point) Point {
	if icon.empty() {
		return click
	}
	return Point{icon.X + icon.W/2, icon.Y + icon.H/2}
}
