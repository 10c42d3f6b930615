//go:build windows

package winconsole

import (
	"os"
	"syscall"
)

var (
	kernel32          = syscall.NewLazyDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
	procSetStdHandle  = kernel32.NewProc("SetStdHandle")
)

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

// fileTypeUnknown is FILE_TYPE_UNKNOWN: what GetFileType says of a handle
// that is not a file, pipe or console (or of none at all).
const fileTypeUnknown = 0

type stdStream struct {
	name    string
	id      int    // STD_INPUT_HANDLE etc., as GetStdHandle takes it
	device  string // the console device to open
	access  uint32
	replace func(*os.File)
}

var streams = []stdStream{
	{"stdin", syscall.STD_INPUT_HANDLE, "CONIN$", syscall.GENERIC_READ | syscall.GENERIC_WRITE, func(f *os.File) { os.Stdin = f }},
	{"stdout", syscall.STD_OUTPUT_HANDLE, "CONOUT$", syscall.GENERIC_READ | syscall.GENERIC_WRITE, func(f *os.File) { os.Stdout = f }},
	{"stderr", syscall.STD_ERROR_HANDLE, "CONOUT$", syscall.GENERIC_READ | syscall.GENERIC_WRITE, func(f *os.File) { os.Stderr = f }},
}

// usable reports whether the handle of a standard stream leads somewhere:
// a GUI-subsystem process started from a console has none (0), one whose
// output is redirected has a file or pipe.
func usable(id int) bool {
	h, err := syscall.GetStdHandle(id)
	if err != nil || h == 0 || h == syscall.InvalidHandle {
		return false
	}
	t, err := syscall.GetFileType(h)
	return err == nil && t != fileTypeUnknown
}

func attach() bool {
	state := make([]stream, len(streams))
	for i, s := range streams {
		state[i] = stream{name: s.name, usable: usable(s.id)}
	}
	reopen := toReopen(state)
	if len(reopen) == 0 {
		return false
	}
	// Fails with ERROR_INVALID_HANDLE when the parent has no console
	// (started from Explorer, at log-in): then there is nothing to do. It
	// fails with ERROR_ACCESS_DENIED when this process already has a
	// console (Wine hands its GUI programs the parent's): its CONOUT$ is
	// the one to use then.
	if r, _, err := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 && err != syscall.ERROR_ACCESS_DENIED {
		return false
	}
	for _, s := range streams {
		if !contains(reopen, s.name) {
			continue
		}
		dev, err := syscall.UTF16PtrFromString(s.device)
		if err != nil {
			continue
		}
		h, err := syscall.CreateFile(dev, s.access, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE, nil, syscall.OPEN_EXISTING, 0, 0)
		if err != nil {
			continue // a stream we cannot reach stays silent, as before
		}
		// Child processes and code that asks Windows for the handle see the
		// console too.
		_, _, _ = procSetStdHandle.Call(uintptr(uint32(s.id)), uintptr(h))
		s.replace(os.NewFile(uintptr(h), "/dev/"+s.name))
	}
	return true
}

func contains(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}
