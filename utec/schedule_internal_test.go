package utec

import (
	"slices"
	"testing"
	"time"
)

func TestAfterDeferral(t *testing.T) {
	s := time.Second
	ms := time.Millisecond
	then := []time.Duration{s}
	for _, c := range []struct {
		deferral time.Duration
		want     []time.Duration
	}{
		{0, []time.Duration{s}},
		{s, []time.Duration{1250 * ms, s}},
		{2 * s, []time.Duration{s, 1250 * ms, s}},
		{3 * s, []time.Duration{s, 2250 * ms, s}},
		{5 * s, []time.Duration{s, 2 * s, 2250 * ms, s}},
		{8 * s, []time.Duration{s, 2 * s, 3 * s, 2250 * ms, s}},
		{20 * s, []time.Duration{s, 2 * s, 3 * s, 5 * s, 9250 * ms, s}},
	} {
		if got := afterDeferral(c.deferral, then); !slices.Equal(got, c.want) {
			t.Errorf("deferral %v: waits %v, want %v", c.deferral, got, c.want)
		}
	}
}
