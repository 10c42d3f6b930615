//go:build unix

package logging

import "syscall"

// noFollow makes opening the log file fail on a symbolic link: one planted
// in the folder would have the app append to whatever file it names.
const noFollow = syscall.O_NOFOLLOW
