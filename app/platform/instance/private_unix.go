//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package instance

import (
	"fmt"
	"os"
	"syscall"
)

// checkFolder says why dir may not hold the instance's lock and socket:
// it must be a folder of this user's that no one else may write to, and
// with strict set (the runtime folder, which is shared by nobody when it
// is what it should be) that no one else may enter either.
func checkFolder(dir string, strict bool) error {
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Uid) != os.Getuid() {
		return fmt.Errorf("%s belongs to user %d, not to this one (%d)", dir, sys.Uid, os.Getuid())
	}
	mask := os.FileMode(0o022)
	if strict {
		mask = 0o077
	}
	if perm := st.Mode().Perm(); perm&mask != 0 {
		return fmt.Errorf("%s has mode %#o, open to other users (it should be 0700)", dir, perm)
	}
	return nil
}
