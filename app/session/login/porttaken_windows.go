package login

import (
	"errors"
	"syscall"
)

// Winsock error numbers; package syscall does not name them.
const (
	wsaEACCES     = syscall.Errno(10013) // the port is in a range Windows reserved (Hyper-V, WSL)
	wsaEADDRINUSE = syscall.Errno(10048)
)

// portTaken reports whether a listen error means that the port is held by
// someone else, or reserved by the system, which to the person is the
// same: choose another port.
func portTaken(err error) bool {
	return errors.Is(err, wsaEADDRINUSE) || errors.Is(err, wsaEACCES) || errors.Is(err, syscall.EADDRINUSE)
}
