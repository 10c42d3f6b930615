package instance

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// peerUIDOf reads the uid of the process at the other end of a Unix
// socket from the kernel (SO_PEERCRED): the peer cannot make it up.
func peerUIDOf(raw syscall.RawConn) (int, bool, error) {
	var cred *unix.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
	}); err != nil {
		return 0, false, err
	}
	if credErr != nil {
		return 0, false, credErr
	}
	return int(cred.Uid), true, nil
}
