package popover

import "testing"

func TestStrutFromProperty(t *testing.T) {
	t.Parallel()
	root := Size{1920, 1080}
	tests := []struct {
		name   string
		v      []uint32
		want   Strut
		wantOK bool
	}{
		{"partial: a 28 px bar along the top, its span kept",
			[]uint32{0, 0, 28, 0, 0, 0, 0, 0, 0, 1919, 0, 0},
			Strut{Top: 28, TopEndX: 1919}, true},
		{"plain: the bottom 30 px, along the whole edge",
			[]uint32{0, 0, 0, 30},
			Strut{Bottom: 30, LeftEndY: 1079, RightEndY: 1079, TopEndX: 1919, BottomEndX: 1919}, true},
		{"reserves nothing", []uint32{0, 0, 0, 0}, Strut{LeftEndY: 1079, RightEndY: 1079, TopEndX: 1919, BottomEndX: 1919}, false},
		{"neither 12 nor 4 values", []uint32{0, 0, 28}, Strut{}, false},
		{"missing", nil, Strut{}, false},
		{"a huge value is clipped, not wrapped",
			[]uint32{0, 0, 0xffffffff, 0},
			Strut{Top: 1 << 24, LeftEndY: 1079, RightEndY: 1079, TopEndX: 1919, BottomEndX: 1919}, true},
	}
	for _, tt := range tests {
		got, ok := StrutFromProperty(tt.v, root)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: got %+v %v, want %+v %v", tt.name, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestStrutArea(t *testing.T) {
	t.Parallel()
	// Two monitors side by side, as in place_test.go: 1920x1080 at the
	// left, 1280x1024 to its right; the root window spans both.
	root := Size{3200, 1080}
	topBar := Strut{Top: 28, TopStartX: 0, TopEndX: 1919}
	tests := []struct {
		name   string
		mon    Rect
		struts []Strut
		want   Rect
	}{
		{"no docks: the whole monitor", left, nil, left},
		{"a top bar on the left monitor", left, []Strut{topBar}, Rect{0, 28, 1920, 1052}},
		{"the same bar leaves the right monitor whole", right, []Strut{topBar}, right},
		{"a bottom bar along the whole root: each monitor loses its bottom to the root's edge",
			left, []Strut{{Bottom: 30, BottomStartX: 0, BottomEndX: 3199}}, Rect{0, 0, 1920, 1050}},
		{"a left bar on the right monitor, its strut counted from the root's left edge",
			right, []Strut{{Left: 1920 + 48, LeftStartY: 0, LeftEndY: 1023}}, Rect{1968, 0, 1232, 1024}},
		{"that left bar leaves the left monitor whole",
			left, []Strut{{Left: 1920 + 48, LeftStartY: 0, LeftEndY: 1023}}, left},
		{"a right bar at the root's right edge",
			right, []Strut{{Right: 40, RightStartY: 0, RightEndY: 1023}}, Rect{1920, 0, 1240, 1024}},
		{"a top and a bottom bar (Xfce's two panels)",
			left, []Strut{topBar, {Bottom: 48, BottomStartX: 0, BottomEndX: 1919}}, Rect{0, 28, 1920, 1004}},
		{"two bars on one edge: the larger wins",
			left, []Strut{topBar, {Top: 40, TopStartX: 100, TopEndX: 500}}, Rect{0, 40, 1920, 1040}},
		{"a strut that would take the whole monitor is ignored",
			left, []Strut{{Top: 5000, TopStartX: 0, TopEndX: 1919}}, left},
	}
	for _, tt := range tests {
		if got := StrutArea(tt.mon, root, tt.struts); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// FuzzStruts feeds struts as any X client may set them (the property is
// another program's data) through the reading and the arithmetic: the
// work area always lies inside the monitor and is never empty.
func FuzzStruts(f *testing.F) {
	f.Add(uint32(0), uint32(0), uint32(28), uint32(0), uint32(0), uint32(1919), true)
	f.Add(uint32(48), uint32(40), uint32(0), uint32(30), uint32(0xffffffff), uint32(0), false)
	f.Fuzz(func(t *testing.T, l, r, top, b, start, end uint32, partial bool) {
		v := []uint32{l, r, top, b}
		if partial {
			v = append(v, start, end, start, end, start, end, start, end)
		}
		root := Size{3200, 1080}
		s, ok := StrutFromProperty(v, root)
		if !ok {
			return
		}
		for _, mon := range []Rect{left, right} {
			got := StrutArea(mon, root, []Strut{s})
			if got.empty() || got.intersect(mon) != got {
				t.Fatalf("struts %v on %+v gave %+v", v, mon, got)
			}
		}
	})
}
