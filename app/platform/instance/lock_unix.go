//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package instance

import (
	"errors"
	"os"
	"syscall"
)

// lockFile is an open file with an flock on it. flock belongs to the open
// file, not the process, so two Listens in one process exclude each other
// too, and the system drops it when the process dies.
type lockFile struct{ f *os.File }

func tryLock(path string) (*lockFile, error) {
	// O_NOFOLLOW: a symbolic link in the folder could name any file of the
	// person's to create and lock.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, err
	}
	conn, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	var lockErr error
	err = conn.Control(func(fd uintptr) {
		lockErr = syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB)
	})
	if err == nil {
		err = lockErr
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return &lockFile{f: f}, nil
}

// unlock releases the lock by closing the file. The file itself stays:
// removing it would let a start that opened it just before lock a file no
// longer in the folder while a third start locks a new one.
func (l *lockFile) unlock() error { return l.f.Close() }
