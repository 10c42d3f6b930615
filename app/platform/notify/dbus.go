//go:build (linux && !android) || freebsd || openbsd || netbsd || dragonfly

package notify

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/app/platform/dbusowner"
)

// The notification server, from the Desktop Notifications Specification.
const (
	busName   = "org.freedesktop.Notifications"
	busPath   = dbus.ObjectPath("/org/freedesktop/Notifications")
	busIface  = "org.freedesktop.Notifications"
	sigAction = busIface + ".ActionInvoked"
	sigClosed = busIface + ".NotificationClosed"
)

func newPlatformBackend(life context.Context, opts Options, onSignal func(signal)) backend {
	return &dbusBackend{life: life, opts: opts, onSignal: onSignal, lock: make(chan struct{}, 1)}
}

// dbusBackend talks to org.freedesktop.Notifications on a private
// connection to the session bus, made on first use and again after it
// broke (the bus or the server restarted).
type dbusBackend struct {
	life     context.Context
	opts     Options
	onSignal func(signal)

	// lock guards conn; a channel of one, so that waiting for it can be
	// given up on.
	lock chan struct{}
	conn *dbus.Conn
	// flags go with every call; tests set dbus.FlagNoAutoStart so that
	// the bus starts no daemon installed on the machine (the app wants it
	// started on demand).
	flags dbus.Flags

	// readers guards closed and the Add of signals, so that no reader
	// starts once close waits for them.
	readers sync.Mutex
	closed  bool
	// signals ends when the goroutines reading signals have.
	signals sync.WaitGroup

	// image is the image-data hint, learnt at the first delivery (the
	// icon theme is looked up on disk, which New must not wait for);
	// hasImage is false when the server finds Icon itself.
	imageOnce sync.Once
	image     dbus.Variant
	hasImage  bool
}

// learnImage decides, once, whether notifications carry the app icon.
func (b *dbusBackend) learnImage() {
	image, ok, err := iconHint(b.opts, os.Getenv)
	switch {
	case err != nil:
		b.opts.Logger.Warn("notify: notifications show without the app icon", "err", err)
	case ok:
		b.opts.Logger.Info("notify: the icon theme has no app icon (the app is not installed system-wide): "+
			"notifications carry it as an image", "icon", b.opts.Icon)
	}
	b.image, b.hasImage = image, ok
}

// connection returns a connection with the signal subscriptions in
// place, connecting when there is none. It gives up when ctx ends; a
// connection attempt still under way then is closed when it completes.
func (b *dbusBackend) connection(ctx context.Context) (*dbus.Conn, error) {
	select {
	case b.lock <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for the connection to the session bus: %w", ctx.Err())
	}
	defer func() { <-b.lock }()
	if b.conn != nil && b.conn.Connected() {
		return b.conn, nil
	}
	if b.conn != nil {
		_ = b.conn.Close()
		b.conn = nil
	}

	type dialed struct {
		conn *dbus.Conn
		err  error
	}
	done := make(chan dialed, 1)
	go func() {
		// Connecting (authentication, Hello) has no context of its own in
		// godbus: it runs here, and the wait below is what is bounded.
		conn, err := b.dial(ctx)
		done <- dialed{conn, err}
	}()
	var d dialed
	select {
	case d = <-done:
	case <-ctx.Done():
		go func() {
			if d := <-done; d.conn != nil {
				_ = d.conn.Close()
			}
		}()
		return nil, fmt.Errorf("connect to the session bus: %w", ctx.Err())
	}
	if d.err != nil {
		return nil, d.err
	}
	b.conn = d.conn
	return d.conn, nil
}

// dial connects to the session bus and subscribes to the server's
// signals.
func (b *dbusBackend) dial(ctx context.Context) (*dbus.Conn, error) {
	addr, err := sessionBusAddress()
	if err != nil {
		return nil, err
	}
	// The connection lives as long as the Sender (its context closes it),
	// not as long as this delivery.
	conn, err := dbus.Connect(addr, dbus.WithContext(b.life))
	if err != nil {
		return nil, fmt.Errorf("connect to the session bus at %s: %w", addr, err)
	}
	// Signals are read from before the server's owner is asked, so that
	// no change of owner in between is lost.
	ch := make(chan *dbus.Signal, 16)
	conn.Signal(ch)
	owners, err := dbusowner.Watch(ctx, conn, busName)
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("follow the notification server's name: %w", err)
	}
	// Only the notification server's broadcasts: the bus delivers one to a
	// connection only when a match rule asks, and the sender clause keeps
	// other programs' out. Signals addressed to this connection arrive
	// whatever the rules say: readSignals checks their sender.
	for _, member := range []string{"ActionInvoked", "NotificationClosed"} {
		if err := conn.AddMatchSignalContext(ctx,
			dbus.WithMatchSender(busName),
			dbus.WithMatchObjectPath(busPath),
			dbus.WithMatchInterface(busIface),
			dbus.WithMatchMember(member)); err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("subscribe to %s.%s: %w", busIface, member, err)
		}
	}
	b.readers.Lock()
	defer b.readers.Unlock()
	if b.closed {
		_ = conn.Close()
		return nil, ErrClosed
	}
	b.signals.Add(1)
	go func() {
		defer b.signals.Done()
		b.readSignals(ch, owners)
	}()
	return conn, nil
}

// readSignals hands on the notification server's signals until ch closes
// (godbus closes it with the connection). One from any other sender, such
// as a click on "Remind me in 30 min" forged by another program on the
// bus, is dropped, and the first such is logged.
func (b *dbusBackend) readSignals(ch <-chan *dbus.Signal, owners *dbusowner.Owners) {
	logged := false
	for sig := range ch {
		if owners.Follow(sig) {
			continue
		}
		s, ok := decodeSignal(sig)
		if !ok {
			continue
		}
		if !owners.Sent(busName, sig) {
			if !logged {
				logged = true
				b.opts.Logger.Warn("notify: ignored a notification signal the notification server did not send (another program on the bus sent it)",
					"signal", sig.Name, "sender", sig.Sender)
			}
			continue
		}
		b.onSignal(s)
	}
}

// decodeSignal reads ActionInvoked(id u, key s) and NotificationClosed(id
// u, reason u); anything else, or of another shape, is not for us.
func decodeSignal(sig *dbus.Signal) (signal, bool) {
	if sig.Path != busPath || len(sig.Body) != 2 {
		return signal{}, false
	}
	id, ok := sig.Body[0].(uint32)
	if !ok {
		return signal{}, false
	}
	switch sig.Name {
	case sigAction:
		key, ok := sig.Body[1].(string)
		return signal{id: id, action: key}, ok
	case sigClosed:
		reason, ok := sig.Body[1].(uint32)
		return signal{id: id, closed: true, reason: CloseReason(reason)}, ok
	}
	return signal{}, false
}

// sessionBusAddress is the session bus's address (dbusowner's rule: no
// dbus-launch), or ErrNoSessionBus.
func sessionBusAddress() (string, error) {
	if addr, ok := dbusowner.SessionBusAddress(); ok {
		return addr, nil
	}
	return "", ErrNoSessionBus
}

// dropBroken forgets conn when it has closed, so that the next call
// connects again.
func (b *dbusBackend) dropBroken(conn *dbus.Conn) {
	if conn.Connected() {
		return
	}
	select {
	case b.lock <- struct{}{}:
		if b.conn == conn {
			b.conn = nil
		}
		<-b.lock
	default: // someone is connecting already
	}
}

func (b *dbusBackend) deliver(ctx context.Context, n Notification, replaces uint32, markup bool) (uint32, error) {
	conn, err := b.connection(ctx)
	if err != nil {
		return 0, err
	}
	title := cleanText(n.Title, maxTitleRunes, false)
	body := cleanText(n.Body, maxBodyRunes, true)
	if markup {
		body = markupEscape(body)
	}
	actions := make([]string, 0, 2*len(n.Actions))
	for _, a := range n.Actions {
		actions = append(actions, cleanText(a.Key, maxLabelRunes, false), cleanText(a.Label, maxLabelRunes, false))
	}
	hints := map[string]dbus.Variant{
		"urgency":       dbus.MakeVariant(dbusUrgency(n.Urgency)),
		"desktop-entry": dbus.MakeVariant(b.opts.DesktopEntry),
	}
	b.imageOnce.Do(b.learnImage)
	if b.hasImage {
		hints["image-data"] = b.image
	}
	var id uint32
	err = conn.Object(busName, busPath).CallWithContext(ctx, busIface+".Notify", b.flags,
		b.opts.AppName, replaces, b.opts.Icon, title, body, actions, hints, int32(-1)).Store(&id)
	if err != nil {
		b.dropBroken(conn)
		return 0, fmt.Errorf("call %s.Notify: %w", busIface, err)
	}
	return id, nil
}

// dbusUrgency is the urgency hint's byte: 0 low, 1 normal, 2 critical.
func dbusUrgency(u Urgency) byte {
	switch u {
	case UrgencyLow:
		return 0
	case UrgencyCritical:
		return 2
	}
	return 1
}

func (b *dbusBackend) capabilities(ctx context.Context) ([]string, error) {
	conn, err := b.connection(ctx)
	if err != nil {
		return nil, err
	}
	var caps []string
	if err := conn.Object(busName, busPath).CallWithContext(ctx, busIface+".GetCapabilities", b.flags).Store(&caps); err != nil {
		b.dropBroken(conn)
		return nil, fmt.Errorf("call %s.GetCapabilities: %w", busIface, err)
	}
	return caps, nil
}

// close closes the connection and waits for the signal readers. The
// Sender has cancelled life by now, which closes the connection too, and
// stopped delivering, so nobody waits for the lock for long.
func (b *dbusBackend) close() error {
	b.readers.Lock()
	b.closed = true
	b.readers.Unlock()
	b.lock <- struct{}{}
	var err error
	if b.conn != nil {
		err = b.conn.Close()
		b.conn = nil
	}
	<-b.lock
	b.signals.Wait()
	return err
}
