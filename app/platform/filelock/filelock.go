// Package filelock is an advisory, exclusive lock on a file, shared by
// the processes of one user: flock(2) on Unix, LockFileEx on Windows. The
// tray and the command line take it around a token refresh, so that two
// processes never refresh with the same refresh token.
//
// The lock belongs to the open file: it goes away when the process exits,
// however it exits, so a crash never leaves it held.
package filelock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// pollInterval is how often a held lock is tried again. Refreshes take
// tens of milliseconds to seconds; a short poll keeps the waiters quick.
const pollInterval = 15 * time.Millisecond

// errBusy is what tryLock returns when another holder has the lock.
var errBusy = errors.New("held by another process")

// Lock takes the lock on path, creating the file (and its folder) when
// needed, and waits for it while ctx allows. It returns the function that
// releases it.
func Lock(ctx context.Context, path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		err := tryLock(f)
		if err == nil {
			return func() {
				_ = unlockFile(f)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, errBusy) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock %s: %w: %w", path, errBusy, ctx.Err())
		case <-t.C:
		}
	}
}
