package settingsui

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/platform/netwatch"
	"github.com/utec-tray/utec-tray/app/ui/uithread"
)

const (
	homeUUID  = "5f0c1d2e-3a4b-4c5d-8e9f-001122334455"
	homeBSSID = "AA:BB:CC:00:11:22"
)

var atHomeWiFi = netwatch.State{Status: netwatch.Watching, Primary: netwatch.Connection{
	Path: "/ac/1", UUID: homeUUID, Name: "Home", Type: netwatch.TypeWireless, BSSID: homeBSSID}}

// netSource is the watcher as the window sees it: a state the test sets.
type netSource struct {
	mu sync.Mutex
	s  netwatch.State
}

func (n *netSource) get() netwatch.State  { n.mu.Lock(); defer n.mu.Unlock(); return n.s }
func (n *netSource) set(s netwatch.State) { n.mu.Lock(); defer n.mu.Unlock(); n.s = s }

func newHomeHarness(t *testing.T, net *netSource) *harness {
	t.Helper()
	h := &harness{ui: uithread.NewQueue()}
	h.owned = config.Default()
	deps := Deps{State: State{Account: SignedIn, Settings: h.owned, Devices: home}, Edit: h.edit, Run: h.ui.Run}
	if net != nil {
		deps.Network = net.get
	}
	h.w = New(test.NewTempApp(t), deps)
	return h
}

// publish hands the window the owner's settings, as the controller's
// next frame does.
func (h *harness) publish() {
	h.w.SetState(State{Account: SignedIn, Settings: h.owned, Devices: home})
}

// TestHomeNetworkMark: "This is my home network" stores the profile's
// UUID (and, asked, the access point's BSSID) and nothing else; each can
// be removed; the delay is a setting.
func TestHomeNetworkMark(t *testing.T) {
	net := &netSource{s: atHomeWiFi}
	h := newHomeHarness(t, net)
	hw := &h.w.Home
	if got := hw.Status.Text; got != "Connected to Home." {
		t.Errorf("status %q", got)
	}
	if hw.Mark.Disabled() || hw.OnlyHere.Disabled() {
		t.Fatal("cannot mark the Wi-Fi as home")
	}
	test.Tap(hw.Mark)
	if got := h.last().HomeNetworks; len(got) != 1 || got[0] != (config.HomeNetwork{UUID: homeUUID}) {
		t.Fatalf("home set %+v, want the profile's UUID alone", got)
	}
	h.publish()
	if got := hw.Status.Text; got != "Connected to Home: your home network." {
		t.Errorf("status once home %q", got)
	}
	if !hw.Mark.Disabled() {
		t.Error("the network can be marked home twice")
	}
	test.Tap(hw.OnlyHere)
	if !hw.Mark.Disabled() {
		t.Error("marked home already: Mark should stay off")
	}
	// Remove, then mark again with the access point.
	test.Tap(hw.Remove[homeKey(config.HomeNetwork{UUID: homeUUID})])
	if got := h.last().HomeNetworks; len(got) != 0 {
		t.Fatalf("after Remove: %+v", got)
	}
	h.publish()
	test.Tap(hw.OnlyHere)
	test.Tap(hw.Mark)
	want := config.HomeNetwork{UUID: homeUUID, BSSID: homeBSSID}
	if got := h.last().HomeNetworks; len(got) != 1 || got[0] != want {
		t.Fatalf("home set %+v, want %+v", got, want)
	}
	h.publish()
	if _, ok := hw.Remove[homeKey(want)]; !ok {
		t.Errorf("no Remove for %+v", want)
	}
	if got := hw.Delay.Selected; got != "after 3 minutes" {
		t.Errorf("delay shows %q, want the default", got)
	}
	hw.Delay.SetSelected("after 10 minutes")
	if h.last().LeftHomeMinutes != 10 || h.last().LeftHomeAfter().Minutes() != 10 {
		t.Errorf("delay %d min after choosing 10", h.last().LeftHomeMinutes)
	}
	// The network changes while the window is open: the next frame shows it.
	net.set(netwatch.State{Status: netwatch.Watching, Primary: netwatch.Connection{Path: "/"}})
	h.publish()
	if got := hw.Status.Text; got != "This computer is not connected to a network now." || !hw.Mark.Disabled() {
		t.Errorf("offline: status %q, mark enabled %v", got, !hw.Mark.Disabled())
	}
	net.set(atHomeWiFi)
	h.publish()
	h.w.Tabs.SelectIndex(1) // Devices
	savePNG(t, h.w.Window, "home-network.png")
}

// TestHomeNetworkUnavailable: without NetworkManager, or on Windows and
// macOS, the section says so and offers nothing to click.
func TestHomeNetworkUnavailable(t *testing.T) {
	tests := []struct {
		name string
		net  *netSource
		want string
	}{
		{"no watcher", nil, "Unavailable: NetworkManager does not answer"},
		{"no NetworkManager", &netSource{s: netwatch.State{Status: netwatch.Unavailable}}, "Unavailable: NetworkManager does not answer"},
		{"Windows or macOS", &netSource{s: netwatch.State{Status: netwatch.NotYet}}, "Not yet available on Windows and macOS"},
		{"still looking", &netSource{}, "Looking for NetworkManager"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHomeHarness(t, tt.net)
			hw := &h.w.Home
			if !strings.HasPrefix(hw.Status.Text, tt.want) {
				t.Errorf("status %q, want %q…", hw.Status.Text, tt.want)
			}
			if hw.Mark != nil {
				t.Error("Mark offered where nothing can be read")
			}
		})
	}
}

// savePNG writes the window's picture for a person to look at when
// UTEC_SHOTS names a folder.
func savePNG(t *testing.T, w fyne.Window, name string) {
	dir := os.Getenv("UTEC_SHOTS")
	if dir == "" {
		return
	}
	w.Resize(fyne.NewSize(720, 1000))
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
