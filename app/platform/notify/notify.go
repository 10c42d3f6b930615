// Package notify shows the app's desktop notifications itself, without
// Fyne, so that a notification can never stall the caller and no text
// from the cloud ever reaches a script.
//
// Fyne's SendNotification is unfit for both: on Linux it waits for the
// notification daemon's reply with no timeout on the UI goroutine (a hung
// daemon froze the tray), and on Windows it pastes title and body into a
// PowerShell script with %q, so a device named $(Start-Process calc) ran
// code. Here Send only queues; one goroutine per Sender delivers, each
// delivery bounded by a timeout:
//
//   - Linux and the BSDs: org.freedesktop.Notifications on the session bus
//     (godbus), with action buttons where the server offers them, and the
//     ActionInvoked and NotificationClosed signals reported as Events;
//   - Windows: a toast shown by PowerShell from a script whose every piece
//     of text is a single-quoted literal (see psQuote), passed encoded
//     with -EncodedCommand;
//   - macOS: osascript's display notification, the text as AppleScript
//     string literals (see appleScriptQuote).
//
// Actions exist on the D-Bus servers only; elsewhere SupportsActions says
// false and a notification shows without its buttons.
package notify

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultAppName      = "utec-tray"
	DefaultDesktopEntry = "io.github.utec_tray.utec_tray"
	// DefaultTimeout bounds one delivery. A daemon answers in
	// milliseconds; one that takes seconds is stuck, and a notification
	// shown that late says something already stale.
	DefaultTimeout = 3 * time.Second
	// DefaultQueueSize is how many notifications wait at most. The app
	// notifies a few times a minute at worst; a full queue means delivery
	// is stuck, and then the oldest news is the least worth keeping.
	DefaultQueueSize = 16
	// DefaultCapabilitiesTTL is how long SupportsActions trusts an answer:
	// the daemon can change when a person switches desktops or restarts
	// the shell, which is rare.
	DefaultCapabilitiesTTL = 5 * time.Minute
	// capabilitiesErrorTTL is how long a failed capabilities query is
	// trusted, so that a hung daemon costs one timeout per this period
	// rather than one per call.
	capabilitiesErrorTTL = 30 * time.Second
	// eventBuffer is the size of the Events channel.
	eventBuffer = 32
	// maxTracked bounds the notifications whose events are followed.
	maxTracked = 256
)

// Urgency is how pressing a notification is. The zero value is normal.
type Urgency uint8

// Urgencies; the D-Bus servers show critical ones until dismissed.
const (
	UrgencyNormal Urgency = iota
	UrgencyLow
	UrgencyCritical
)

// Action is a button on a notification.
type Action struct {
	// Key is what Event.Action holds when the button is pressed. The key
	// "default" is, on D-Bus servers, a click on the notification itself.
	Key string
	// Label is the button's text.
	Label string
}

// Notification is one desktop notification.
type Notification struct {
	// Title is the first line. It is logged when delivery fails, so it
	// must never hold a secret.
	Title string
	// Body is the text below; never logged.
	Body string
	// Actions are buttons, in order, shown where the server offers
	// actions (SupportsActions).
	Actions []Action
	Urgency Urgency
	// Tag names the notification: one with the Tag of an earlier one
	// replaces it on the screen (D-Bus, Windows), and Events carry it, so
	// that the caller knows which notification a click was on. "" is a
	// notification of its own, never replaced.
	Tag string
}

// Event is something the person did with a notification of this Sender.
type Event struct {
	// ID is the server's number of the notification.
	ID uint32
	// Tag is the notification's Tag.
	Tag string
	// Action is the Key of the action the person chose; "" for a closing.
	Action string
	// Closed is set when the notification went away; Reason says why.
	Closed bool
	Reason CloseReason
}

// CloseReason is why a notification closed, as the Desktop Notifications
// Specification numbers it.
type CloseReason uint32

// Reasons of a closing.
const (
	ClosedExpired   CloseReason = 1
	ClosedDismissed CloseReason = 2
	ClosedByCall    CloseReason = 3
	ClosedUndefined CloseReason = 4
)

// Result is the outcome of one delivery, for Options.OnResult.
type Result struct {
	Tag, Title string
	// ID is the server's number of the notification, 0 when it failed.
	ID  uint32
	Err error
	// Took is how long the delivery took.
	Took time.Duration
}

// Options configure a Sender. The zero value of each field is usable.
type Options struct {
	// AppName is the sending application's name on D-Bus. Default
	// DefaultAppName.
	AppName string
	// DesktopEntry is the app's desktop file name without ".desktop" (the
	// D-Bus desktop-entry hint) and its Windows application ID (for the
	// toast notifier). Default DefaultDesktopEntry.
	DesktopEntry string
	// Icon is the D-Bus app_icon: an icon name or a file:// URI. Default
	// DesktopEntry, the icon name the app installs.
	Icon string
	// IconPNG is the app icon as a PNG. On D-Bus, when Icon is neither a
	// file that exists nor a name in an installed icon theme (the app run
	// from where it was built or unpacked), every notification carries
	// it as the image-data hint, so that the server still shows the app's
	// icon. Nil sends Icon alone.
	IconPNG []byte
	// Timeout bounds each delivery and each capabilities query. Default
	// DefaultTimeout.
	Timeout time.Duration
	// QueueSize is how many notifications may wait; when it is full, the
	// oldest is dropped. Default DefaultQueueSize.
	QueueSize int
	// CapabilitiesTTL is how long SupportsActions keeps an answer.
	// Default DefaultCapabilitiesTTL.
	CapabilitiesTTL time.Duration
	// Logger gets failures (with the title, never the body). Default: a
	// logger that discards.
	Logger *slog.Logger
	// OnResult, when set, is called after each delivery, on the Sender's
	// goroutine: it must return quickly.
	OnResult func(Result)
}

// ErrUnsupported means this platform has no way to show notifications.
var ErrUnsupported = errors.New("notifications are not supported on this platform")

// ErrNoSessionBus means there is no D-Bus session bus to reach the
// notification server on (no DBUS_SESSION_BUS_ADDRESS, no
// $XDG_RUNTIME_DIR/bus); Linux and the BSDs only.
var ErrNoSessionBus = errors.New("no D-Bus session bus: notifications cannot be shown (is this a desktop session?)")

// ErrClosed means the Sender was closed.
var ErrClosed = errors.New("notification sender closed")

// backend is one platform's way to show notifications. deliver and
// capabilities may run at the same time, from the Sender's goroutine and
// from SupportsActions.
type backend interface {
	// deliver shows n, in place of the notification numbered replaces
	// when that is not 0, and returns the number of the new one. markup
	// says the server reads the body as markup, so it must be escaped.
	deliver(ctx context.Context, n Notification, replaces uint32, markup bool) (uint32, error)
	// capabilities returns what the server offers, such as "actions"
	// and "body-markup" (D-Bus names).
	capabilities(ctx context.Context) ([]string, error)
	// close releases the backend; signals stop.
	close() error
}

// signal is what a backend reports about a notification of its server.
type signal struct {
	id     uint32
	action string
	closed bool
	reason CloseReason
}

// Sender shows notifications without ever blocking its caller. It is safe
// for concurrent use.
type Sender struct {
	opts    Options
	log     *slog.Logger
	backend backend

	life   context.Context
	cancel context.CancelFunc
	// worker is done when the delivery goroutine has returned.
	worker sync.WaitGroup

	mu     sync.Mutex
	queue  []Notification
	closed bool
	// wake has a token whenever the queue may hold something.
	wake chan struct{}

	// tagIDs maps a Tag to the number of its notification on screen;
	// idTags the other way, for the events; order bounds both.
	tracked sync.Mutex
	tagIDs  map[string]uint32
	idTags  map[uint32]string
	order   []uint32

	events    chan Event
	eventsMu  sync.Mutex // held while sending to events, and to close it
	eventsEnd bool

	// capLock serialises capabilities queries; a channel of one, so that
	// waiting for it can be given up on: a query can take up to Timeout,
	// and a caller's context may end first.
	capLock chan struct{}
	// capsMu guards the last answer, briefly, so that it can be read
	// while a query runs.
	capsMu  sync.Mutex
	caps    []string
	capsErr error
	capsAt  time.Time
	// refreshing is set (under mu) while a background query runs;
	// background counts those goroutines, for Close.
	refreshing bool
	background sync.WaitGroup
}

// New starts a Sender on this platform's notification service. It does
// not connect yet: the first delivery (or capabilities query) does, on the
// Sender's goroutine, so New never blocks. Close it when done.
func New(opts Options) *Sender {
	opts = withDefaults(opts)
	s := newSender(opts, nil)
	s.backend = newPlatformBackend(s.life, opts, s.handleSignal)
	s.start()
	// Learn about action buttons now, so that SupportsActionsNow knows
	// before the first notification with buttons is due.
	s.refresh()
	return s
}

func withDefaults(opts Options) Options {
	if opts.AppName == "" {
		opts.AppName = DefaultAppName
	}
	if opts.DesktopEntry == "" {
		opts.DesktopEntry = DefaultDesktopEntry
	}
	if opts.Icon == "" {
		opts.Icon = opts.DesktopEntry
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = DefaultQueueSize
	}
	if opts.CapabilitiesTTL <= 0 {
		opts.CapabilitiesTTL = DefaultCapabilitiesTTL
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return opts
}

// newSender builds a Sender around b (set later when nil); start runs it.
func newSender(opts Options, b backend) *Sender {
	life, cancel := context.WithCancel(context.Background())
	return &Sender{
		opts:    opts,
		log:     opts.Logger,
		backend: b,
		life:    life,
		cancel:  cancel,
		wake:    make(chan struct{}, 1),
		tagIDs:  map[string]uint32{},
		idTags:  map[uint32]string{},
		events:  make(chan Event, eventBuffer),
		capLock: make(chan struct{}, 1),
	}
}

func (s *Sender) start() {
	s.worker.Add(1)
	go s.run()
}

// Send queues n and returns at once; it never waits for the server. It
// returns false when n was not queued because the Sender is closed. A
// notification still waiting with the same Tag is replaced by n, as it
// would be on the screen; when the queue is full, the oldest waiting
// notification is dropped (and logged) to make room.
func (s *Sender) Send(n Notification) bool {
	n.Actions = slices.Clone(n.Actions) // the caller may reuse its slice
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return false
	}
	if n.Tag != "" {
		for i := range s.queue {
			if s.queue[i].Tag == n.Tag {
				s.queue[i] = n
				s.mu.Unlock()
				return true
			}
		}
	}
	var dropped *Notification
	if len(s.queue) >= s.opts.QueueSize {
		old := s.queue[0]
		dropped = &old
		s.queue[0] = Notification{}
		s.queue = s.queue[1:]
	}
	s.queue = append(s.queue, n)
	s.mu.Unlock()
	if dropped != nil {
		s.log.Warn("notify: too many notifications waiting; dropped the oldest", "title", dropped.Title,
			"queue_size", s.opts.QueueSize)
	}
	select {
	case s.wake <- struct{}{}:
	default: // a wake-up is pending already
	}
	return true
}

// Events returns the channel of what the person did with this Sender's
// notifications (D-Bus servers only). Read it promptly: when it is full,
// events are dropped rather than wait. It is closed by Close.
func (s *Sender) Events() <-chan Event { return s.events }

// SupportsActions reports whether the notification server shows action
// buttons. The answer is kept for CapabilitiesTTL (a failure for a shorter
// while), so most calls return at once; a query waits at most Timeout or
// until ctx ends. A failed query answers false with the error. A caller
// that must never wait (an event loop) uses SupportsActionsNow.
func (s *Sender) SupportsActions(ctx context.Context) (bool, error) {
	caps, err := s.capabilities(ctx, false)
	return hasActions(caps), err
}

// SupportsActionsNow reports, without waiting, what the Sender last
// learnt about action buttons; known is false until a query has
// answered (or failed). When the answer is missing or older than
// CapabilitiesTTL, a query starts in the background, so asking again
// later gives a fresh one. New starts the first query at once.
func (s *Sender) SupportsActionsNow() (supported, known bool) {
	caps, fresh, known, err := s.cached()
	if !fresh {
		s.refresh()
	}
	return err == nil && hasActions(caps), known
}

func hasActions(caps []string) bool {
	for _, c := range caps {
		if c == "actions" {
			return true
		}
	}
	return false
}

// refresh queries the capabilities in the background, unless a query
// runs already or the Sender is closed.
func (s *Sender) refresh() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.refreshing {
		return
	}
	s.refreshing = true
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		_, _ = s.capabilities(s.life, true) // a failure is logged and kept
		s.mu.Lock()
		s.refreshing = false
		s.mu.Unlock()
	}()
}

// cached returns the last answer, whether it is still fresh, and whether
// there is one at all.
func (s *Sender) cached() (caps []string, fresh, known bool, err error) {
	s.capsMu.Lock()
	defer s.capsMu.Unlock()
	if s.capsAt.IsZero() {
		return nil, false, false, nil
	}
	ttl := s.opts.CapabilitiesTTL
	if s.capsErr != nil {
		ttl = min(ttl, capabilitiesErrorTTL)
	}
	return s.caps, time.Since(s.capsAt) < ttl, true, s.capsErr
}

// capabilities returns the server's capabilities, cached. own says ctx is
// the Sender's own (a delivery's, or its lifetime), whose end means the
// server was too slow; a caller's context may end for reasons of its
// own, and then nothing is learnt.
func (s *Sender) capabilities(ctx context.Context, own bool) ([]string, error) {
	if s.life.Err() != nil {
		return nil, ErrClosed
	}
	if caps, fresh, _, err := s.cached(); fresh {
		return caps, err
	}
	select {
	case s.capLock <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.life.Done():
		return nil, ErrClosed
	}
	defer func() { <-s.capLock }()
	// Another query may have answered while this one waited.
	if caps, fresh, _, err := s.cached(); fresh {
		return caps, err
	}
	qctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	stop := context.AfterFunc(s.life, cancel)
	defer stop()
	caps, err := s.backend.capabilities(qctx)
	if ctx.Err() != nil && !own {
		// The caller gave up, not the server: nothing learnt.
		return caps, err
	}
	if s.life.Err() != nil {
		return caps, ErrClosed
	}
	s.capsMu.Lock()
	s.caps, s.capsErr, s.capsAt = caps, err, time.Now()
	s.capsMu.Unlock()
	if err != nil {
		s.log.Warn("notify: cannot ask the notification server what it offers", "err", err)
	}
	return caps, err
}

// Close stops the Sender: notifications still waiting are dropped, a
// delivery under way is cancelled, and Events is closed. It waits for the
// Sender's goroutines, which end promptly.
func (s *Sender) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.queue = nil
	s.mu.Unlock()
	s.cancel()
	s.worker.Wait()
	s.background.Wait()
	// The backend stops delivering signals before close returns.
	err := s.backend.close()
	s.eventsMu.Lock()
	s.eventsEnd = true
	close(s.events)
	s.eventsMu.Unlock()
	return err
}

// run is the delivery goroutine.
func (s *Sender) run() {
	defer s.worker.Done()
	for {
		select {
		case <-s.life.Done():
			return
		case <-s.wake:
		}
		for {
			n, ok := s.next()
			if !ok {
				break
			}
			s.deliver(n)
		}
	}
}

func (s *Sender) next() (Notification, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || len(s.queue) == 0 {
		return Notification{}, false
	}
	n := s.queue[0]
	s.queue[0] = Notification{}
	s.queue = s.queue[1:]
	return n, true
}

// deliver shows one notification within Timeout, all its steps included.
func (s *Sender) deliver(n Notification) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(s.life, s.opts.Timeout)
	defer cancel()

	// Whether the body is markup: a server that says so would render
	// <a href=…> in a device name.
	caps, _ := s.capabilities(ctx, true)
	markup := false
	for _, c := range caps {
		markup = markup || c == "body-markup"
	}

	s.tracked.Lock()
	replaces := uint32(0)
	if n.Tag != "" {
		replaces = s.tagIDs[n.Tag]
	}
	s.tracked.Unlock()

	id, err := s.backend.deliver(ctx, n, replaces, markup)
	took := time.Since(start)
	if err != nil {
		if s.life.Err() == nil {
			s.log.Warn("notify: a notification was not shown", "title", n.Title, "took", took.Round(time.Millisecond), "err", err)
		}
	} else {
		s.track(id, n.Tag)
		s.log.Debug("notify: shown", "title", n.Title, "id", id, "took", took.Round(time.Millisecond))
	}
	if s.opts.OnResult != nil {
		s.opts.OnResult(Result{Tag: n.Tag, Title: n.Title, ID: id, Err: err, Took: took})
	}
}

// track remembers that notification id carries tag, forgetting the
// oldest when there are too many.
func (s *Sender) track(id uint32, tag string) {
	s.tracked.Lock()
	defer s.tracked.Unlock()
	if _, ok := s.idTags[id]; !ok {
		s.order = append(s.order, id)
	}
	s.idTags[id] = tag
	if tag != "" {
		s.tagIDs[tag] = id
	}
	for len(s.order) > maxTracked {
		s.forget(s.order[0])
	}
}

// forget drops id; s.tracked is held.
func (s *Sender) forget(id uint32) {
	tag, ok := s.idTags[id]
	if !ok {
		return
	}
	delete(s.idTags, id)
	if tag != "" && s.tagIDs[tag] == id {
		delete(s.tagIDs, tag)
	}
	for i, o := range s.order {
		if o == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// handleSignal turns a server's signal into an Event when it is about a
// notification of this Sender; the server broadcasts every app's.
func (s *Sender) handleSignal(sig signal) {
	s.tracked.Lock()
	tag, ok := s.idTags[sig.id]
	if ok && sig.closed {
		s.forget(sig.id)
	}
	s.tracked.Unlock()
	if !ok {
		return
	}
	ev := Event{ID: sig.id, Tag: tag, Action: sig.action, Closed: sig.closed, Reason: sig.reason}
	s.eventsMu.Lock()
	defer s.eventsMu.Unlock()
	if s.eventsEnd {
		return
	}
	select {
	case s.events <- ev:
	default:
		s.log.Warn("notify: events are not being read; dropped one", "tag", tag, "action", sig.action, "closed", sig.closed)
	}
}
