package instance

import (
	"errors"
	"syscall"
)

// errSharingViolation is ERROR_SHARING_VIOLATION, which the syscall
// package does not name.
const errSharingViolation syscall.Errno = 32

// lockFile is a file opened with no sharing allowed: while it is open no
// other open of it succeeds, in this process or another, and the system
// closes it when the process dies.
type lockFile struct{ h syscall.Handle }

func tryLock(path string) (*lockFile, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, errSharingViolation) {
			return nil, errLocked
		}
		return nil, err
	}
	return &lockFile{h: h}, nil
}

func (l *lockFile) unlock() error { return syscall.CloseHandle(l.h) }
