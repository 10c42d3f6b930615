package devices

import (
	"fmt"
	"slices"
	"strings"

	"github.com/utec-tray/utec-tray/app/i18n"
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
			return utec.Device{}, &NotFoundError{Name: want, Message: i18n.T("devices.find.none",
				"no device named {{.Name}}: the account exposes no devices to the API (choose them in the U-home app's OpenAPI screen)",
				map[string]any{"Name": fmt.Sprintf("%q", want)})}
		}
		return utec.Device{}, &NotFoundError{Name: want, Message: i18n.T("devices.find.notFound", "no device named {{.Name}}; the devices are {{.Names}}",
			map[string]any{"Name": fmt.Sprintf("%q", want), "Names": strings.Join(names, ", ")})}
	default:
		ids := make([]string, len(matches))
		for i, d := range matches {
			ids[i] = d.ID
		}
		return utec.Device{}, &NotFoundError{Name: want, Ambiguous: true, Message: i18n.Plural("devices.find.ambiguous",
			"{{.Count}} devices are named {{.Name}}: use an id instead ({{.IDs}})", len(matches),
			map[string]any{"Count": len(matches), "Name": fmt.Sprintf("%q", want), "IDs": strings.Join(ids, ", ")})}
	}
}

// NotFoundError is Find's error: no device, or more than one, has the
// name. Its message is for the person, in their language.
type NotFoundError struct {
	Name      string // the name asked for
	Ambiguous bool   // several devices have it
	Message   string
}

func (e *NotFoundError) Error() string { return e.Message }

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
