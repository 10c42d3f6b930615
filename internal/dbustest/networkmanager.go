package dbustest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// NetworkManager's names, as the tests play them.
const (
	NetworkManagerName = "org.freedesktop.NetworkManager"
	NetworkManagerPath = dbus.ObjectPath("/org/freedesktop/NetworkManager")
	mockIface          = "org.freedesktop.DBus.Mock"
	// nmActivated is NM_ACTIVE_CONNECTION_STATE_ACTIVATED.
	nmActivated = 2
	// nmDeviceActivated is NM_DEVICE_STATE_ACTIVATED.
	nmDeviceActivated = 100
)

// ErrNoDBusMock means python3-dbusmock is not installed.
var ErrNoDBusMock = errors.New("python3-dbusmock is not installed (sudo apt-get install python3-dbusmock)")

// NetworkManager is Debian's python3-dbusmock playing NetworkManager on a
// bus of the test's own (its networkmanager template), with one Wi-Fi
// device. The template has no PrimaryConnection: StartNetworkManager adds
// it ("/", no connection), and Join and Leave set it as NetworkManager
// does. Its methods are the template's, on org.freedesktop.DBus.Mock.
type NetworkManager struct {
	conn   *dbus.Conn
	cmd    *exec.Cmd
	done   chan struct{}
	device dbus.ObjectPath

	mu sync.Mutex
	n  int // names the objects made
}

// WiFi is one Wi-Fi network joined through NetworkManager.
type WiFi struct {
	// Active is the active connection's path, Profile the connection
	// profile's, AccessPoint the access point's.
	Active, Profile, AccessPoint dbus.ObjectPath
	// UUID is the profile's UUID (the template makes a random one);
	// BSSID the access point's hardware address.
	UUID, BSSID string
}

// python finds a Python that has dbusmock: Debian's, which may not be the
// first python3 on the PATH (a pyenv one, say).
func python() (string, error) {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import dbusmock").Run() == nil {
			return py, nil
		}
	}
	return "", ErrNoDBusMock
}

// StartNetworkManager starts the mock on bus (as its system bus) and
// waits until it owns NetworkManager's name. conn is the test's
// connection to bus, which drives the mock. Close stops it.
func StartNetworkManager(ctx context.Context, bus *Bus, conn *dbus.Conn) (*NetworkManager, error) {
	py, err := python()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(py, "-m", "dbusmock", "--system", "--template", "networkmanager")
	cmd.Env = append(os.Environ(), "DBUS_SYSTEM_BUS_ADDRESS="+bus.Address)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start dbusmock: %w", err)
	}
	nm := &NetworkManager{conn: conn, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(nm.done) }()
	if err := nm.waitForName(ctx); err != nil {
		nm.Close()
		return nil, err
	}
	// The template does not create PrimaryConnection.
	if err := nm.call(ctx, NetworkManagerPath, "AddProperty", nil, NetworkManagerName, "PrimaryConnection",
		dbus.MakeVariant(dbus.ObjectPath("/"))); err != nil {
		nm.Close()
		return nil, err
	}
	if err := nm.call(ctx, NetworkManagerPath, "AddWiFiDevice", &nm.device, "wlan0", "wlan0", int32(nmDeviceActivated)); err != nil {
		nm.Close()
		return nil, err
	}
	return nm, nil
}

func (nm *NetworkManager) waitForName(ctx context.Context) error {
	for {
		var has bool
		err := nm.conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, NetworkManagerName).Store(&has)
		if err == nil && has {
			return nil
		}
		select {
		case <-nm.done:
			return errors.New("dbusmock ended before it took NetworkManager's name")
		case <-ctx.Done():
			return fmt.Errorf("wait for dbusmock's NetworkManager: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// call calls one of the mock's methods on path; out, when not nil,
// receives its answer.
func (nm *NetworkManager) call(ctx context.Context, path dbus.ObjectPath, method string, out any, args ...any) error {
	call := nm.conn.Object(NetworkManagerName, path).CallWithContext(ctx, mockIface+"."+method, 0, args...)
	if call.Err != nil {
		return fmt.Errorf("dbusmock %s: %w", method, call.Err)
	}
	if out == nil {
		return nil
	}
	switch p := out.(type) {
	case *dbus.ObjectPath:
		var s string
		if err := call.Store(&s); err != nil {
			return err
		}
		*p = dbus.ObjectPath(s)
		return nil
	}
	return call.Store(out)
}

func (nm *NetworkManager) next() int {
	nm.mu.Lock()
	defer nm.mu.Unlock()
	nm.n++
	return nm.n
}

// Join makes an access point ssid at bssid, a profile for it and an
// active connection through it, and makes that the primary connection.
func (nm *NetworkManager) Join(ctx context.Context, ssid, bssid string) (WiFi, error) {
	n := nm.next()
	w := WiFi{BSSID: bssid}
	// Mode infrastructure (2), 2.4 GHz, 54 Mb/s, full strength, WPA-PSK.
	if err := nm.call(ctx, NetworkManagerPath, "AddAccessPoint", &w.AccessPoint, string(nm.device), fmt.Sprintf("ap%d", n),
		ssid, bssid, uint32(2), uint32(2437), uint32(54000), byte(100), uint32(0x100)); err != nil {
		return w, err
	}
	if err := nm.call(ctx, NetworkManagerPath, "AddWiFiConnection", &w.Profile, string(nm.device), fmt.Sprintf("profile%d", n),
		ssid, "wpa-psk"); err != nil {
		return w, err
	}
	if err := nm.call(ctx, NetworkManagerPath, "AddActiveConnection", &w.Active, []string{string(nm.device)}, string(w.Profile),
		string(w.AccessPoint), fmt.Sprintf("active%d", n), uint32(nmActivated)); err != nil {
		return w, err
	}
	var uuid dbus.Variant
	if err := nm.conn.Object(NetworkManagerName, w.Active).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
		NetworkManagerName+".Connection.Active", "Uuid").Store(&uuid); err != nil {
		return w, fmt.Errorf("read the new connection's UUID: %w", err)
	}
	w.UUID, _ = uuid.Value().(string)
	return w, nm.SetPrimary(ctx, w.Active)
}

// Rejoin makes an earlier network's profile active again, through a new
// active connection, as NetworkManager does when the laptop comes back.
func (nm *NetworkManager) Rejoin(ctx context.Context, w WiFi) (WiFi, error) {
	if err := nm.call(ctx, NetworkManagerPath, "AddActiveConnection", &w.Active, []string{string(nm.device)}, string(w.Profile),
		string(w.AccessPoint), fmt.Sprintf("active%d", nm.next()), uint32(nmActivated)); err != nil {
		return w, err
	}
	return w, nm.SetPrimary(ctx, w.Active)
}

// Leave removes the active connection first, as NetworkManager does: for
// one signal PrimaryConnection still names it, and reading it fails.
// Then PrimaryConnection becomes "/".
func (nm *NetworkManager) Leave(ctx context.Context, w WiFi) error {
	if err := nm.RemoveActive(ctx, w); err != nil {
		return err
	}
	return nm.SetPrimary(ctx, "/")
}

// RemoveActive removes the active connection and leaves PrimaryConnection
// dangling: Leave's first half, for tests that look between the two.
func (nm *NetworkManager) RemoveActive(ctx context.Context, w WiFi) error {
	return nm.call(ctx, NetworkManagerPath, "RemoveActiveConnection", nil, string(nm.device), string(w.Active))
}

// SetPrimary sets PrimaryConnection, with its PropertiesChanged.
func (nm *NetworkManager) SetPrimary(ctx context.Context, path dbus.ObjectPath) error {
	return nm.call(ctx, NetworkManagerPath, "SetProperty", nil, string(NetworkManagerPath), NetworkManagerName,
		"PrimaryConnection", dbus.MakeVariant(path))
}

// SetState sets NetworkManager's State (NM_STATE_ASLEEP is 10,
// NM_STATE_CONNECTED_GLOBAL 70), with its StateChanged.
func (nm *NetworkManager) SetState(ctx context.Context, state uint32) error {
	return nm.call(ctx, NetworkManagerPath, "SetGlobalConnectionState", nil, state)
}

// Close stops the mock: NetworkManager's name goes away.
func (nm *NetworkManager) Close() {
	_ = nm.cmd.Process.Kill()
	select {
	case <-nm.done:
	case <-time.After(5 * time.Second):
	}
}
