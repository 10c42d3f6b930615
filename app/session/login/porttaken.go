//go:build !windows

package login

import (
	"errors"
	"syscall"
)

// portTaken reports whether a listen error means that the port is held by
// someone else.
func portTaken(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE)
}
