//go:build windows

// Command nohandles starts a program the way Windows starts a
// GUI-subsystem program typed into a console: without standard handles
// (Wine would otherwise hand over its own). The program's output reaches
// the console only if it attaches to it. It waits for the program and
// exits with its exit code.
//
//	nohandles PROGRAM [ARG...]
package main

import (
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: nohandles PROGRAM [ARG...]")
		os.Exit(2)
	}
	line := syscall.EscapeArg(os.Args[1])
	for _, a := range os.Args[2:] {
		line += " " + syscall.EscapeArg(a)
	}
	cmd, err := syscall.UTF16PtrFromString(line)
	if err != nil {
		fmt.Fprintln(os.Stderr, "nohandles:", err)
		os.Exit(2)
	}
	var si syscall.StartupInfo
	si.Cb = uint32(unsafe.Sizeof(si))
	si.Flags = syscall.STARTF_USESTDHANDLES // and every handle zero
	var pi syscall.ProcessInformation
	if err := syscall.CreateProcess(nil, cmd, nil, nil, false, 0, nil, nil, &si, &pi); err != nil {
		fmt.Fprintln(os.Stderr, "nohandles: start:", err)
		os.Exit(2)
	}
	if _, err := syscall.WaitForSingleObject(pi.Process, syscall.INFINITE); err != nil {
		fmt.Fprintln(os.Stderr, "nohandles: wait:", err)
		os.Exit(2)
	}
	var code uint32
	if err := syscall.GetExitCodeProcess(pi.Process, &code); err != nil {
		fmt.Fprintln(os.Stderr, "nohandles: exit code:", err)
		os.Exit(2)
	}
	os.Exit(int(code))
}
