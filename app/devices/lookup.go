package devices

import (
	"fmt"
	"slices"
	"strings"

	"github.com/utec-tray/utec-tray/utec"
)

// Find returns the device whose id or name is nameOrID, compared without
// regard to case. An id wins over a name; two devices with the same name
// are an error that lists them.
func Find(devices []utec.Device, nameOrID string) (utec.Device, error) {
	want := strings.TrimSpace(nameOrID)
	for _, d := range devices {
		if strings.EqualFold(d.ID, want) {
			return d, nil
		}
	}
	var matches []utec.Device
	for _, d := range devices {
		if strings.EqualFold(strings.TrimSpace(d.Name), want) {
			matches = append(matches, d)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		names := make([]string, 0, len(devices))
		for _, d := range devices {
			names = append(names, fmt.Sprintf("%q", d.Name))
		}
		if len(names) == 0 {
			return utec.Device{}, fmt.Errorf("no device named %q: the account exposes no devices to the API (choose them in the U-home app's OpenAPI screen)", want)
		}
		return utec.Device{}, fmt.Errorf("no device named %q; the devices are %s", want, strings.Join(names, ", "))
	default:
		ids := make([]string, len(matches))
		for i, d := range matches {
			ids[i] = d.ID
		}
		return utec.Device{}, fmt.Errorf("%d devices are named %q: use an id instead (%s)", len(matches), want, strings.Join(ids, ", "))
	}
}

// Sorted returns devices in the person's order: those in order first, in
// that order, then the rest by name.
func Sorted(devices []utec.Device, order []string) []utec.Device {
	rank := make(map[string]int, len(order))
	for i, id := range order {
		if _, dup := rank[id]; !dup {
			rank[id] = i
		}
	}
	out := slices.Clone(devices)
	slices.SortStableFunc(out, func(a, b utec.Device) int {
		ra, oka := rank[a.ID]
		rb, okb := rank[b.ID]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}
