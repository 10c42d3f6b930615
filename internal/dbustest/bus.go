package dbustest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Bus is a private D-Bus daemon, started for a test: a stand-in system bus
// (given to the app as DBUS_SYSTEM_BUS_ADDRESS, which godbus honours), or
// a session bus of its own.
type Bus struct {
	// Address is the bus's address, for DBUS_*_BUS_ADDRESS.
	Address string
	cmd     *exec.Cmd
	done    chan struct{}
}

// ErrNoDaemon means dbus-daemon is not installed.
var ErrNoDaemon = errors.New("dbus-daemon is not installed (sudo apt-get install dbus)")

// StartBus starts a dbus-daemon with the session bus's configuration (any
// connection may own any name, as the fakes need) and waits until it
// prints its address. Close stops it.
func StartBus(ctx context.Context) (*Bus, error) {
	return startDaemon(ctx, "/usr/share/dbus-1/session.conf")
}

// StartBusWithServices is StartBus on a bus that can start the services
// described by the .service files in dir, and only those (not the
// machine's own: a test sees what activation would do on a desktop
// without starting that desktop's programs).
func StartBusWithServices(ctx context.Context, dir string) (*Bus, error) {
	config := filepath.Join(dir, "bus.conf")
	text := `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <servicedir>` + dir + `</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`
	if err := os.WriteFile(config, []byte(text), 0o600); err != nil {
		return nil, fmt.Errorf("write the bus's configuration: %w", err)
	}
	return startDaemon(ctx, config)
}

func startDaemon(ctx context.Context, config string) (*Bus, error) {
	path, err := exec.LookPath("dbus-daemon")
	if err != nil {
		return nil, ErrNoDaemon
	}
	cmd := exec.Command(path, "--config-file="+config, "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start dbus-daemon: %w", err)
	}
	b := &Bus{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	go func() { _ = cmd.Wait(); close(b.done) }()
	select {
	case b.Address = <-addr:
		if b.Address == "" {
			b.Close()
			return nil, errors.New("dbus-daemon printed no address")
		}
		return b, nil
	case <-ctx.Done():
		b.Close()
		return nil, fmt.Errorf("wait for dbus-daemon's address: %w", ctx.Err())
	}
}

// Close stops the daemon: every connection to it closes.
func (b *Bus) Close() {
	_ = b.cmd.Process.Kill()
	select {
	case <-b.done:
	case <-time.After(5 * time.Second):
	}
}
