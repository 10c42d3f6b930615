//go:build !linux && !darwin && !freebsd

package instance

import "syscall"

// peerUIDOf cannot tell the peer here (Windows, where the folder's ACL
// decides who reaches the socket, and the BSDs without LOCAL_PEERCRED).
func peerUIDOf(syscall.RawConn) (int, bool, error) { return 0, false, nil }
