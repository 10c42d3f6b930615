//go:build windows

package presence

import (
	"context"
	"fmt"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	kernel32             = windows.NewLazySystemDLL("kernel32.dll")
	procGetLastInputInfo = user32.NewProc("GetLastInputInfo")
	procGetTickCount     = kernel32.NewProc("GetTickCount")
)

// lastInputInfo is LASTINPUTINFO: the tick count of the last input.
type lastInputInfo struct {
	size uint32
	time uint32
}

func platformSources(Options) []source { return []source{lastInput{}} }

// lastInput is GetLastInputInfo: the session's last input, in the same
// 32-bit millisecond ticks as GetTickCount (the difference wraps as they
// do, every 49.7 days).
type lastInput struct{}

func (lastInput) name() string                 { return "windows" }
func (lastInput) givesIdle() (idle, lock bool) { return true, false }
func (lastInput) close()                       {}

func (lastInput) read(context.Context) (answer, error) {
	info := lastInputInfo{size: uint32(unsafe.Sizeof(lastInputInfo{}))}
	if ok, _, err := procGetLastInputInfo.Call(uintptr(unsafe.Pointer(&info))); ok == 0 {
		return answer{}, fmt.Errorf("GetLastInputInfo: %w", err)
	}
	now, _, _ := procGetTickCount.Call()
	return answer{idle: time.Duration(uint32(now)-info.time) * time.Millisecond, hasIdle: true}, nil
}
