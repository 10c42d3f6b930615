//go:build !(darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd || windows)

package instance

import (
	"errors"
	"fmt"
	"runtime"
)

type lockFile struct{}

func tryLock(string) (*lockFile, error) {
	return nil, fmt.Errorf("%w on %s", errors.ErrUnsupported, runtime.GOOS)
}

func (*lockFile) unlock() error { return nil }
