package popover

import "testing"

func TestAnchor(t *testing.T) {
	t.Parallel()
	// A 1920x1080 monitor with a 48 px taskbar at the bottom; the icon is
	// 24 px square in it.
	icon := EdgesRect(1800, 1044, 1824, 1068)
	tests := []struct {
		name  string
		icon  Rect
		click Point
		want  Point
	}{
		{"the icon's centre, not the click on its rim", icon, Point{1801, 1045}, Point{1812, 1056}},
		{"no icon rectangle: the click", Rect{}, Point{1000, 1060}, Point{1000, 1060}},
		{"neither: (0, 0), the pointer then", Rect{}, Point{}, Point{}},
	}
	for _, tt := range tests {
		if got := Anchor(tt.icon, tt.click); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	if icon != (Rect{1800, 1044, 24, 24}) {
		t.Errorf("EdgesRect = %+v", icon)
	}
	// And the panel then sits above the taskbar, Gap off it, at the icon.
	work := Rect{0, 0, 1920, 1032}
	if got, want := Place(Anchor(icon, Point{}), Size{380, 300}, []Rect{left}, work), (Point{1920 - Gap - 380, 1032 - Gap - 300}); got != want {
		t.Errorf("Place at the icon = %v, want %v", got, want)
	}
}
