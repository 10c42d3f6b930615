//go:build linux || freebsd || openbsd || netbsd

package hotkey

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
)

// The GlobalShortcuts portal's names (xdg-desktop-portal).
const (
	portalName      = "org.freedesktop.portal.Desktop"
	portalPath      = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	portalIface     = "org.freedesktop.portal.GlobalShortcuts"
	requestIface    = "org.freedesktop.portal.Request"
	sessionIface    = "org.freedesktop.portal.Session"
	registryIface   = "org.freedesktop.host.portal.Registry"
	portalRequests  = "/org/freedesktop/portal/desktop/request/"
	responseSuccess = 0
	responseRefused = 1
)

// Portal holds shortcuts through the xdg-desktop-portal GlobalShortcuts
// interface, for Wayland desktops, over a session-bus connection of its
// own. The desktop decides the keys in the end: the accelerator is a
// preferred trigger its dialog offers.
type Portal struct {
	conn      *dbus.Conn
	obj       dbus.BusObject
	activated func(string)
	log       *slog.Logger
	signals   chan *dbus.Signal
	done      chan struct{}

	mu      sync.Mutex // guards what follows
	session dbus.ObjectPath
	waiting map[dbus.ObjectPath]chan portalResponse
	tokens  int
}

// portalResponse is a Request's Response signal.
type portalResponse struct {
	code    uint32
	results map[string]dbus.Variant
}

// OpenPortal connects to the session bus and checks that the desktop's
// portal offers GlobalShortcuts (its version property); ErrUnavailable
// when it does not.
func OpenPortal(ctx context.Context, opts Options) (*Portal, error) {
	opts.defaults()
	// Not dbus.WithContext: that closes the connection when ctx ends.
	var conn *dbus.Conn
	err := within(ctx, func() (err error) { conn, err = dbus.ConnectSessionBus(); return err })
	if err != nil {
		return nil, fmt.Errorf("%w: no session bus: %w", ErrUnavailable, err)
	}
	p := &Portal{conn: conn, obj: conn.Object(portalName, portalPath), activated: opts.Activated,
		log: opts.Logger, signals: make(chan *dbus.Signal, 16), done: make(chan struct{}),
		waiting: map[dbus.ObjectPath]chan portalResponse{}}
	p.register(ctx, opts.AppID)
	var version uint32
	if err := p.obj.CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, portalIface, "version").Store(&version); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: the desktop portal has no GlobalShortcuts: %w", ErrUnavailable, err)
	}
	for _, match := range [][]dbus.MatchOption{
		{dbus.WithMatchInterface(requestIface), dbus.WithMatchMember("Response")},
		{dbus.WithMatchInterface(portalIface), dbus.WithMatchMember("Activated"), dbus.WithMatchObjectPath(portalPath)},
	} {
		if err := conn.AddMatchSignalContext(ctx, match...); err != nil {
			conn.Close()
			return nil, fmt.Errorf("listen to the desktop portal: %w", err)
		}
	}
	conn.Signal(p.signals)
	go p.read()
	p.log.Debug("the desktop offers global shortcuts", "portal version", version)
	return p, nil
}

// register tells a portal that knows host apps (xdg-desktop-portal 1.19
// and later) which app this connection is, before any other call, so
// that the desktop lists the shortcuts under the app's name; an older
// portal, or no app ID, leaves the app unnamed.
func (p *Portal) register(ctx context.Context, appID string) {
	if appID == "" {
		return
	}
	err := p.obj.CallWithContext(ctx, registryIface+".Register", 0, appID, map[string]dbus.Variant{}).Err
	if err != nil {
		p.log.Debug("the desktop portal does not register host apps", "err", err)
	}
}

// read hands each Response to its waiting request and each Activated of
// the current session to Activated, until the connection closes.
func (p *Portal) read() {
	defer close(p.done)
	for sig := range p.signals {
		switch sig.Name {
		case requestIface + ".Response":
			r, ok := parseResponse(sig.Body)
			if !ok {
				continue
			}
			p.mu.Lock()
			ch := p.waiting[sig.Path]
			delete(p.waiting, sig.Path)
			p.mu.Unlock()
			if ch != nil {
				ch <- r
			}
		case portalIface + ".Activated":
			session, id, ok := parseActivated(sig.Body)
			if !ok {
				continue
			}
			p.mu.Lock()
			ours := session == p.session && session != ""
			p.mu.Unlock()
			if ours {
				p.activated(id)
			}
		}
	}
}

// parseResponse reads a Request's Response signal: (u response, a{sv}
// results).
func parseResponse(body []any) (portalResponse, bool) {
	if len(body) != 2 {
		return portalResponse{}, false
	}
	// Type assertions, not dbus.Store, which would turn a number into
	// a string.
	code, ok := body[0].(uint32)
	results, ok2 := body[1].(map[string]dbus.Variant)
	if !ok || !ok2 {
		return portalResponse{}, false
	}
	return portalResponse{code: code, results: results}, true
}

// parseActivated reads an Activated signal: (o session_handle,
// s shortcut_id, t timestamp, a{sv} options), of which the first two
// matter.
func parseActivated(body []any) (dbus.ObjectPath, string, bool) {
	if len(body) < 2 {
		return "", "", false
	}
	session, ok := body[0].(dbus.ObjectPath)
	id, ok2 := body[1].(string)
	if !ok || !ok2 {
		return "", "", false
	}
	return session, id, true
}

// request calls a portal method that answers through a Request object,
// and waits for the Response. options gets the handle_token.
func (p *Portal) request(ctx context.Context, method string, options map[string]dbus.Variant, args ...any) (portalResponse, error) {
	p.mu.Lock()
	p.tokens++
	token := fmt.Sprintf("utec_tray_%d", p.tokens)
	// The Request's path is known before the call, so that a Response
	// sent before the call's reply is not missed.
	path := dbus.ObjectPath(portalRequests + senderPart(p.conn.Names()[0]) + "/" + token)
	ch := make(chan portalResponse, 1)
	p.waiting[path] = ch
	p.mu.Unlock()
	defer func() { p.mu.Lock(); delete(p.waiting, path); p.mu.Unlock() }()
	options["handle_token"] = dbus.MakeVariant(token)
	var handle dbus.ObjectPath
	if err := p.obj.CallWithContext(ctx, portalIface+"."+method, 0, append(args, options)...).Store(&handle); err != nil {
		return portalResponse{}, fmt.Errorf("the desktop portal refused %s: %w", method, err)
	}
	if handle != path {
		// An older portal chose its own path: wait there too.
		p.mu.Lock()
		p.waiting[handle] = ch
		p.mu.Unlock()
		defer func() { p.mu.Lock(); delete(p.waiting, handle); p.mu.Unlock() }()
	}
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return portalResponse{}, fmt.Errorf("the desktop portal did not answer %s: %w", method, ctx.Err())
	}
}

// senderPart is a unique bus name as a Request path has it (":1.42"
// becomes "1_42").
func senderPart(unique string) string {
	return strings.ReplaceAll(strings.TrimPrefix(unique, ":"), ".", "_")
}

// Bind closes the last session and binds bindings in a new one: the
// portal binds once per session. The desktop may show a dialog; ctx
// bounds the wait for the person's answer.
func (p *Portal) Bind(ctx context.Context, bindings []Binding) map[string]error {
	p.closeSession(ctx)
	if len(bindings) == 0 {
		return nil
	}
	session, err := p.createSession(ctx)
	if err == nil {
		var bound map[string]bool
		bound, err = p.bindShortcuts(ctx, session, bindings)
		if err == nil {
			return notBound(bindings, bound)
		}
	}
	errs := map[string]error{}
	for _, b := range bindings {
		errs[b.ID] = err
	}
	return errs
}

// notBound is the ErrNotBound of each binding the desktop left out.
func notBound(bindings []Binding, bound map[string]bool) map[string]error {
	var errs map[string]error
	for _, b := range bindings {
		if !bound[b.ID] {
			if errs == nil {
				errs = map[string]error{}
			}
			errs[b.ID] = ErrNotBound
		}
	}
	return errs
}

func (p *Portal) createSession(ctx context.Context) (dbus.ObjectPath, error) {
	p.mu.Lock()
	p.tokens++
	token := fmt.Sprintf("utec_tray_session_%d", p.tokens)
	p.mu.Unlock()
	r, err := p.request(ctx, "CreateSession", map[string]dbus.Variant{
		"session_handle_token": dbus.MakeVariant(token),
	})
	if err != nil {
		return "", err
	}
	if r.code != responseSuccess {
		return "", fmt.Errorf("the desktop portal did not open a shortcuts session (response %d)", r.code)
	}
	session, err := parseSession(r.results)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	p.session = session
	p.mu.Unlock()
	return session, nil
}

// parseSession reads CreateSession's results: the session's handle, a
// string as the specification has it or an object path as some portals
// send it.
func parseSession(results map[string]dbus.Variant) (dbus.ObjectPath, error) {
	var session dbus.ObjectPath
	switch v := results["session_handle"].Value().(type) {
	case string:
		session = dbus.ObjectPath(v)
	case dbus.ObjectPath:
		session = v
	}
	if !session.IsValid() {
		return "", errors.New("the desktop portal opened a shortcuts session without a handle")
	}
	return session, nil
}

// portalShortcut is one a(sa{sv}) element of BindShortcuts.
type portalShortcut struct {
	ID      string
	Options map[string]dbus.Variant
}

// bindShortcuts asks for the bindings with their accelerators as the
// preferred triggers and returns which IDs the desktop bound.
func (p *Portal) bindShortcuts(ctx context.Context, session dbus.ObjectPath, bindings []Binding) (map[string]bool, error) {
	shortcuts := make([]portalShortcut, len(bindings))
	for i, b := range bindings {
		shortcuts[i] = portalShortcut{ID: b.ID, Options: map[string]dbus.Variant{
			"description":       dbus.MakeVariant(b.Description),
			"preferred_trigger": dbus.MakeVariant(PortalTrigger(b.Accel)),
		}}
	}
	r, err := p.request(ctx, "BindShortcuts", map[string]dbus.Variant{}, session, shortcuts, "")
	if err != nil {
		return nil, err
	}
	switch r.code {
	case responseSuccess:
	case responseRefused:
		return nil, ErrRefused
	default:
		return nil, fmt.Errorf("the desktop portal did not bind the shortcuts (response %d)", r.code)
	}
	bound, triggers, err := boundShortcuts(r.results)
	for id, trigger := range triggers {
		p.log.Info("the desktop bound a shortcut", "shortcut", id, "trigger", trigger)
	}
	return bound, err
}

// boundShortcuts reads BindShortcuts' results: the IDs the desktop bound,
// with the words it describes each one's trigger in.
func boundShortcuts(results map[string]dbus.Variant) (map[string]bool, map[string]string, error) {
	var got []portalShortcut
	if v, ok := results["shortcuts"]; ok {
		if err := v.Store(&got); err != nil {
			return nil, nil, fmt.Errorf("the desktop portal's shortcuts: %w", err)
		}
	}
	bound, triggers := map[string]bool{}, map[string]string{}
	for _, s := range got {
		bound[s.ID] = true
		if v, ok := s.Options["trigger_description"]; ok {
			var trigger string
			if v.Store(&trigger) == nil {
				triggers[s.ID] = trigger
			}
		}
	}
	return bound, triggers, nil
}

// closeSession ends the current session, whose shortcuts the desktop
// then lets go.
func (p *Portal) closeSession(ctx context.Context) {
	p.mu.Lock()
	session := p.session
	p.session = ""
	p.mu.Unlock()
	if session == "" {
		return
	}
	if err := p.conn.Object(portalName, session).CallWithContext(ctx, sessionIface+".Close", 0).Err; err != nil {
		p.log.Debug("could not close the shortcuts session", "err", err)
	}
}

// Close ends the session and the connection.
func (p *Portal) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), closeWait)
	defer cancel()
	p.closeSession(ctx)
	err := p.conn.Close()
	<-p.done
	return err
}

// PortalTrigger is an accelerator as the XDG shortcuts specification
// writes a trigger ("CTRL+ALT+l"), for the portal's preferred_trigger.
func PortalTrigger(a Accel) string {
	var b strings.Builder
	for _, m := range []struct {
		mod  Mods
		name string
	}{{Ctrl, "CTRL"}, {Alt, "ALT"}, {Shift, "SHIFT"}, {Super, "LOGO"}} {
		if a.Mods&m.mod != 0 {
			b.WriteString(m.name + "+")
		}
	}
	k, _ := keyOf(a)
	b.WriteString(k.xkb)
	return b.String()
}
