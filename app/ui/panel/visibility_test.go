package panel

import (
	"testing"
	"time"
)

func TestPanelVisibility(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	type step struct {
		ms    int
		event string // "tap", "lost"
		want  string // tap: "show", "hide", "stay"; lost: "hide", "stay"
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"clicks toggle", []step{{0, "tap", "show"}, {1000, "tap", "hide"}, {2000, "tap", "show"}}},
		{"focus loss hides", []step{{0, "tap", "show"}, {1000, "lost", "hide"}, {3000, "tap", "show"}}},
		{"focus churn while mapping is ignored", []step{{0, "tap", "show"}, {10, "lost", "stay"}, {30, "lost", "stay"}, {1000, "tap", "hide"}}},
		{"the click that took the focus closes", []step{{0, "tap", "show"}, {2000, "lost", "hide"}, {2100, "tap", "stay"}, {3000, "tap", "show"}}},
		{"a hidden panel ignores focus loss", []step{{0, "lost", "stay"}, {10, "tap", "show"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v panelVisibility
			for _, s := range tc.steps {
				var got string
				switch s.event {
				case "tap":
					switch v.tapped(at(s.ms)) {
					case panelShow:
						got = "show"
						v.shown(at(s.ms))
					case panelHide:
						got = "hide"
						v.hidden()
					default:
						got = "stay"
					}
				case "lost":
					got = "stay"
					if v.focusLost(at(s.ms)) {
						got = "hide"
						v.hidden()
					}
				}
				if got != s.want {
					t.Fatalf("at %d ms %s: %s, want %s", s.ms, s.event, got, s.want)
				}
			}
		})
	}
}
