//go:build windows

package hotkey

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Windows holds shortcuts with RegisterHotKey on a thread of its own:
// a hot key registered without a window posts WM_HOTKEY to the thread
// that registered it, so that thread registers, unregisters and reads
// its message queue. Built and vetted here, not yet run on Windows.
type Windows struct {
	activated func(string)
	thread    uint32
	jobs      chan func()
	done      chan struct{}

	mu  sync.Mutex // guards ids, which the thread writes and reads
	ids map[int32]string
}

var (
	user32                = windows.NewLazySystemDLL("user32.dll")
	procRegisterHotKey    = user32.NewProc("RegisterHotKey")
	procUnregisterHotKey  = user32.NewProc("UnregisterHotKey")
	procGetMessageW       = user32.NewProc("GetMessageW")
	procPostThreadMessage = user32.NewProc("PostThreadMessageW")
	procPeekMessageW      = user32.NewProc("PeekMessageW")
)

const (
	wmHotkey = 0x0312
	wmQuit   = 0x0012
	// wmRun wakes the thread for a job (WM_APP + 1).
	wmRun = 0x8001

	modAlt      = 0x1
	modControl  = 0x2
	modShift    = 0x4
	modWin      = 0x8
	modNoRepeat = 0x4000

	errorHotkeyAlreadyRegistered = windows.Errno(1409)
)

// msg is Windows' MSG.
type msg struct {
	hwnd    uintptr
	message uint32
	wParam  uintptr
	lParam  uintptr
	time    uint32
	pt      struct{ x, y int32 }
	private uint32
}

// Open starts the thread that holds the shortcuts.
func Open(ctx context.Context, opts Options) (Grabber, error) {
	opts.defaults()
	w := &Windows{activated: opts.Activated, jobs: make(chan func(), 1), done: make(chan struct{}), ids: map[int32]string{}}
	started := make(chan uint32, 1)
	go w.loop(started)
	select {
	case w.thread = <-started:
		return w, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("start the shortcut thread: %w", ctx.Err())
	}
}

// loop is the thread: it makes its message queue, then reads it until
// WM_QUIT.
func (w *Windows) loop(started chan<- uint32) {
	runtime.LockOSThread()
	defer close(w.done)
	var m msg
	// A thread has a message queue once it asks for a message.
	procPeekMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0, 0)
	started <- windows.GetCurrentThreadId()
	for {
		r, _, _ := procGetMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0)
		if int32(r) <= 0 { // WM_QUIT, or an error
			w.unregisterAll()
			return
		}
		switch m.message {
		case wmHotkey:
			w.mu.Lock()
			id, ok := w.ids[int32(m.wParam)]
			w.mu.Unlock()
			if ok {
				w.activated(id)
			}
		case wmRun:
			select {
			case job := <-w.jobs:
				job()
			default: // its run gave up before posting
			}
		}
	}
}

// run runs job on the thread and waits for it.
func (w *Windows) run(ctx context.Context, job func()) error {
	finished := make(chan struct{})
	select {
	case w.jobs <- func() { job(); close(finished) }:
	case <-ctx.Done():
		return ctx.Err()
	}
	if r, _, err := procPostThreadMessage.Call(uintptr(w.thread), wmRun, 0, 0); r == 0 {
		select {
		case <-w.jobs: // not run: take it back
		default:
		}
		return fmt.Errorf("wake the shortcut thread: %w", err)
	}
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Bind unregisters the shortcuts held and registers bindings.
func (w *Windows) Bind(ctx context.Context, bindings []Binding) map[string]error {
	errs := map[string]error{}
	err := w.run(ctx, func() {
		w.unregisterAll()
		for i, b := range bindings {
			if err := w.register(int32(i+1), b); err != nil {
				errs[b.ID] = err
			}
		}
	})
	if err != nil {
		for _, b := range bindings {
			errs[b.ID] = fmt.Errorf("the shortcut thread did not answer: %w", err)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// register registers one binding under id. On the thread only.
func (w *Windows) register(id int32, b Binding) error {
	k, ok := keyOf(b.Accel)
	if !ok {
		return &UnmappedError{Accel: b.Accel}
	}
	mods := uintptr(modNoRepeat)
	for _, m := range []struct {
		mod Mods
		win uintptr
	}{{Ctrl, modControl}, {Alt, modAlt}, {Shift, modShift}, {Super, modWin}} {
		if b.Accel.Mods&m.mod != 0 {
			mods |= m.win
		}
	}
	if r, _, err := procRegisterHotKey.Call(0, uintptr(id), mods, uintptr(k.vk)); r == 0 {
		if errors.Is(err, errorHotkeyAlreadyRegistered) {
			return &TakenError{Accel: b.Accel}
		}
		return fmt.Errorf("register %s: %w", b.Accel, err)
	}
	w.mu.Lock()
	w.ids[id] = b.ID
	w.mu.Unlock()
	return nil
}

// unregisterAll lets every shortcut go. On the thread only.
func (w *Windows) unregisterAll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for id := range w.ids {
		procUnregisterHotKey.Call(0, uintptr(id))
	}
	clear(w.ids)
}

// Close lets every shortcut go and ends the thread.
func (w *Windows) Close() error {
	if r, _, err := procPostThreadMessage.Call(uintptr(w.thread), wmQuit, 0, 0); r == 0 {
		return fmt.Errorf("stop the shortcut thread: %w", err)
	}
	<-w.done
	return nil
}
