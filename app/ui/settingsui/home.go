package settingsui

// The Devices tab's "Home network" section: which networks are home, for
// "you left home — offer to lock" (app/departure, app/controller's
// departure.go). It shows what the network watcher reads now
// (app/platform/netwatch) and stores only the profile's UUID and,
// optionally, the access point's BSSID.

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/netwatch"
)

// LeftHomeChoices are the delays offered before the offer to lock, in
// minutes.
var LeftHomeChoices = []int{3, 5, 10, 15, 30}

// HomeWidgets are the section's widgets, for tests.
type HomeWidgets struct {
	Box *fyne.Container
	// Status says what the computer is connected to, or why the section
	// cannot work here.
	Status *widget.Label
	// Mark ("This is my home network") adds the connection's profile;
	// OnlyHere adds its access point's BSSID too.
	Mark     *widget.Button
	OnlyHere *widget.Check
	// Remove takes a home network out, by homeKey.
	Remove map[string]*widget.Button
	Delay  *widget.Select
	// shown is the watcher's state the section was built for.
	shown netwatch.State
}

func homeKey(h config.HomeNetwork) string { return h.UUID + "|" + h.BSSID }

// homeSection builds the section; fillHome fills it.
func (w *Window) homeSection() fyne.CanvasObject {
	w.Home.Box = container.NewVBox()
	w.fillHome()
	return w.Home.Box
}

// network is what the watcher reads now.
func (w *Window) network() netwatch.State {
	if w.deps.Network == nil {
		return netwatch.State{Status: netwatch.Unavailable}
	}
	return w.deps.Network()
}

// refreshHome rebuilds the section when the network changed since it was
// built (SetState brings each new frame).
func (w *Window) refreshHome() {
	if w.Home.Box != nil && w.network() != w.Home.shown {
		w.fillHome()
	}
}

// fillHome (re)builds the section for the network now and the home set.
func (w *Window) fillHome() {
	h := &w.Home
	if h.Box == nil {
		return
	}
	net := w.network()
	h.shown = net
	h.Box.Objects = nil
	h.Box.Add(widget.NewSeparator())
	h.Box.Add(widget.NewLabelWithStyle(i18n.T("home.settings.title", "Home network"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	h.Box.Add(wrapped(i18n.T("home.settings.intro",
		"When this computer has been off your home network for a while and a lock is unlocked, utec-tray offers to lock it. It never locks on its own.")))
	h.Status = wrapped(homeStatus(net, w.s.HomeNetworks))
	h.Box.Add(h.Status)
	if net.Status != netwatch.Watching {
		h.Box.Refresh()
		return
	}
	h.Box.Add(w.markRow(net))
	h.Box.Add(w.homeList(net))
	h.Box.Add(w.delayForm())
	h.Box.Refresh()
}

// homeStatus says what the section can do here, and what the computer is
// connected to.
func homeStatus(net netwatch.State, home []config.HomeNetwork) string {
	c := net.Primary
	switch {
	case net.Status == netwatch.Checking:
		return i18n.T("home.settings.checking", "Looking for NetworkManager… open Settings again in a moment.")
	case net.Status == netwatch.NotYet:
		return i18n.T("home.settings.notYet",
			"Not yet available on Windows and macOS: reading the Wi-Fi network needs the Location permission there.")
	case net.Status == netwatch.Unavailable:
		return i18n.T("home.settings.unavailable",
			"Unavailable: NetworkManager does not answer on the system bus, so utec-tray cannot tell when you leave home.")
	case c.Asleep || c.Unreadable:
		return i18n.T("home.settings.unreadable", "The network connection cannot be read right now.")
	case c.Path == "/":
		return i18n.T("home.settings.offline", "This computer is not connected to a network now.")
	case isHome(c, home):
		return i18n.T("home.settings.atHome", "Connected to {{.Name}}: your home network.", map[string]any{"Name": c.Name})
	}
	return i18n.T("home.settings.connected", "Connected to {{.Name}}.", map[string]any{"Name": c.Name})
}

func isHome(c netwatch.Connection, home []config.HomeNetwork) bool {
	return slices.ContainsFunc(home, func(h config.HomeNetwork) bool {
		return strings.EqualFold(h.UUID, c.UUID) && (h.BSSID == "" || strings.EqualFold(h.BSSID, c.BSSID))
	})
}

// markRow is "This is my home network", with "Only at this access point"
// for Wi-Fi.
func (w *Window) markRow(net netwatch.State) fyne.CanvasObject {
	h := &w.Home
	c := net.Primary
	h.OnlyHere = widget.NewCheck(i18n.T("home.settings.onlyHere", "Only at this access point (tells your Wi-Fi from another of the same name)"), nil)
	h.Mark = widget.NewButton(i18n.T("home.settings.mark", "This is my home network"), func() {
		add := config.HomeNetwork{UUID: c.UUID}
		if h.OnlyHere.Checked {
			add.BSSID = c.BSSID
		}
		w.edit(func(s *config.Settings) { s.AddHomeNetwork(add) })
		w.fillHome()
	})
	if c.UUID == "" || c.Path == "/" || c.Unreadable || c.Asleep || isHome(c, w.s.HomeNetworks) {
		h.Mark.Disable()
	}
	if !c.Wireless() || c.BSSID == "" {
		h.OnlyHere.Disable()
	}
	return container.NewVBox(container.NewHBox(h.Mark), h.OnlyHere)
}

// homeList lists the home networks, each with Remove. Only UUIDs are
// stored: the one in use now is named.
func (w *Window) homeList(net netwatch.State) fyne.CanvasObject {
	h := &w.Home
	h.Remove = map[string]*widget.Button{}
	box := container.NewVBox()
	if len(w.s.HomeNetworks) == 0 {
		box.Add(wrapped(i18n.T("home.settings.none", "No home network yet: connect to it and choose This is my home network.")))
		return box
	}
	for _, home := range w.s.HomeNetworks {
		label := i18n.T("home.settings.profile", "Profile {{.UUID}}", map[string]any{"UUID": shortUUID(home.UUID)})
		if strings.EqualFold(home.UUID, net.Primary.UUID) && net.Primary.Name != "" {
			label = net.Primary.Name + " · " + label
		}
		if home.BSSID != "" {
			label += " · " + i18n.T("home.settings.accessPoint", "access point {{.BSSID}}", map[string]any{"BSSID": home.BSSID})
		}
		remove := widget.NewButton(i18n.T("home.settings.remove", "Remove"), func() {
			w.edit(func(s *config.Settings) { s.RemoveHomeNetwork(home) })
			w.fillHome()
		})
		h.Remove[homeKey(home)] = remove
		box.Add(container.NewBorder(nil, nil, nil, remove, widget.NewLabel(label)))
	}
	return box
}

func shortUUID(u string) string {
	if len(u) > 8 {
		return u[:8] + "…"
	}
	return u
}

// delayForm chooses how long off the home network counts as gone.
func (w *Window) delayForm() fyne.CanvasObject {
	h := &w.Home
	current := w.s.LeftHomeMinutes
	if current <= 0 {
		current = config.DefaultLeftHomeMinutes
	}
	choices := slices.Clone(LeftHomeChoices)
	if !slices.Contains(choices, current) {
		choices = append(choices, current)
		slices.Sort(choices)
	}
	labels := make([]string, len(choices))
	for i, m := range choices {
		labels[i] = i18n.Plural("home.settings.after", "after {{.Count}} minutes", m, map[string]any{"Count": m})
	}
	h.Delay = widget.NewSelect(labels, nil)
	h.Delay.SetSelected(labels[slices.Index(choices, current)])
	h.Delay.OnChanged = func(label string) {
		if i := slices.Index(labels, label); i >= 0 && choices[i] != current {
			w.edit(func(s *config.Settings) { s.LeftHomeMinutes = choices[i] })
		}
	}
	form := widget.NewForm(widget.NewFormItem(i18n.T("home.settings.offerAfter", "Offer to lock"), h.Delay))
	if o := w.s.LeftHomeAfterOverride; o > 0 {
		return container.NewVBox(form, wrapped(i18n.T("home.settings.override", "{{.Env}} sets it to {{.Delay}} for this run.",
			map[string]any{"Env": config.EnvLeftHomeAfter, "Delay": o.String()})))
	}
	return form
}

// sameHomeChoices reports whether a and b agree on the section.
func sameHomeChoices(a, b config.Settings) bool {
	return slices.Equal(a.HomeNetworks, b.HomeNetworks) && a.LeftHomeMinutes == b.LeftHomeMinutes
}
