package dbustest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// systemPolicy is the system bus's own default policy (as dbus ships it:
// anyone may connect and send signals, nobody may own a name or call a
// method unless allowed), with root allowed to be logind, as systemd's
// policy file allows. %s is the folder of the socket.
const systemPolicy = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <auth>EXTERNAL</auth>
  <listen>unix:path=%s/system_bus_socket</listen>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <policy user="root">
    <allow own="org.freedesktop.login1"/>
    <allow send_destination="org.freedesktop.login1"/>
  </policy>
</busconfig>
`

// StartSystemBus starts a private dbus-daemon with the system bus's policy
// rather than the session bus's: any user of the machine may connect (so
// a test running as root can forge signals from another uid), and only
// root may own logind's name. Its socket is in a fresh folder every user
// may reach; Close stops the daemon, and the caller removes dir when done.
func StartSystemBus(ctx context.Context) (bus *Bus, dir string, err error) {
	dir, err = os.MkdirTemp("", "sysbus")
	if err != nil {
		return nil, "", err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, dir, err
	}
	config := filepath.Join(dir, "system.conf")
	if err := os.WriteFile(config, []byte(fmt.Sprintf(systemPolicy, dir)), 0o644); err != nil {
		return nil, dir, err
	}
	bus, err = startDaemon(ctx, config)
	return bus, dir, err
}
