//go:build linux || freebsd || openbsd || netbsd

package presence

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/screensaver"
	"github.com/jezek/xgb/xproto"
)

// xgb logs to stderr by itself (a missing .Xauthority, every unchecked
// error); what matters comes back as errors. Set before any connection
// exists, whose goroutines read it (app/platform/popover sets the same).
func init() { xgb.Logger = log.New(io.Discard, "", 0) }

// x11Source is the X server's MIT-SCREEN-SAVER extension: the time since
// the last input the server saw (under Wayland only Xwayland's clients'
// input, so it comes after the compositor's own sources).
type x11Source struct {
	display string
	// mu guards the connection, which a read given up on (its context
	// ended) may still be using in the background.
	mu   sync.Mutex
	conn *xgb.Conn
	root xproto.Window
}

func (*x11Source) name() string                 { return "x11" }
func (*x11Source) givesIdle() (idle, lock bool) { return true, false }

func (s *x11Source) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop()
}

func (s *x11Source) drop() {
	if s.conn != nil {
		s.conn.Close()
		s.conn = nil
	}
}

func (s *x11Source) read(ctx context.Context) (answer, error) {
	if s.display == "" {
		return answer{}, fmt.Errorf("%w: no X display", errUnsupported)
	}
	var ms uint32
	err := within(ctx, func() error {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.conn == nil {
			if err := s.connect(); err != nil {
				return err
			}
		}
		reply, err := screensaver.QueryInfo(s.conn, xproto.Drawable(s.root)).Reply()
		if err != nil {
			s.drop() // the server may have gone: connect again next time
			return fmt.Errorf("MIT-SCREEN-SAVER QueryInfo: %w", err)
		}
		ms = reply.MsSinceUserInput
		return nil
	})
	if err != nil {
		return answer{}, err
	}
	return answer{idle: time.Duration(ms) * time.Millisecond, hasIdle: true}, nil
}

func (s *x11Source) connect() error {
	conn, err := xgb.NewConnDisplay(s.display)
	if err != nil {
		return fmt.Errorf("connect to X display %s: %w", s.display, err)
	}
	if err := screensaver.Init(conn); err != nil {
		conn.Close()
		return fmt.Errorf("%w: X display %s has no MIT-SCREEN-SAVER: %w", errUnsupported, s.display, err)
	}
	s.conn, s.root = conn, xproto.Setup(conn).DefaultScreen(conn).Root
	return nil
}

// within runs f and returns its error, or the context's when it ends
// first: xgb's replies have no deadline of their own. f may go on in the
// background, holding the source's connection (not the Monitor's lock).
func within(ctx context.Context, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
