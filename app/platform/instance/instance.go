// Package instance keeps the app to one running copy per user. The first
// start becomes the instance: it holds a lock file and listens on a Unix
// domain socket. A later start finds the lock taken, hands its wish (say,
// "settings") to the running instance over the socket and steps aside, so
// that starting the app again brings up the window the person asked for
// instead of a second tray icon.
//
// Unix domain sockets work on Linux, macOS and the BSDs, and on Windows 10
// (1803) and later.
package instance

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrRunning is returned by Listen when another instance is running. The
// running instance acknowledged the message unless the error also matches
// ErrNoAnswer.
var ErrRunning = errors.New("another instance is running")

// ErrForeignPeer is matched when the other end of the instance's socket
// is a process of another user: a message is neither sent to it nor taken
// from it (it would learn every command, or send them).
var ErrForeignPeer = errors.New("the other end of the instance socket belongs to another user")

// ErrNoAnswer is joined to ErrRunning when the running instance did not
// acknowledge the message: it may be stuck, and the message may be lost.
var ErrNoAnswer = errors.New("the running instance did not answer")

// ack is what the instance answers to a message it took.
const ack = "ok"

// MaxMessage is the longest message, in bytes, an instance accepts.
const MaxMessage = 1024

// maxSocketPath is the longest socket path every supported system takes:
// macOS and the BSDs hold 104 bytes with the closing NUL (Linux and
// Windows 108).
const maxSocketPath = 103

// Limits on the exchange. A start that finds the lock taken waits for the
// holder to answer for up to startTimeout: the holder may be between taking
// the lock and listening, or between closing the socket and letting go of
// the lock.
const (
	dialTimeout  = time.Second
	readTimeout  = 2 * time.Second
	ackTimeout   = 2 * time.Second
	startTimeout = 5 * time.Second
	retryEvery   = 20 * time.Millisecond
)

// Instance is the running instance: it owns the lock and the socket until
// Close.
type Instance struct {
	ln   net.Listener
	lock *lockFile
	msgs chan string
	done chan struct{}
	wg   sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]struct{}

	closeOnce sync.Once
	closeErr  error
}

// Listen tries to become the only instance for name (e.g. "utec-tray" or
// "utec-tray-demo"). It listens on a Unix domain socket in dir (created as
// a 0700 folder if missing; the socket file is 0600). If another instance
// runs, Listen sends it msg (e.g. "settings", or "" for a plain start) and
// returns ErrRunning. A stale socket file (no one listening) is removed and
// taken over.
//
// Who is the instance is decided by a lock on the file name.lock next to
// the socket, which the system releases when a process dies, so a crash
// never leaves the app unable to start. The lock file stays in dir.
func Listen(dir, name, msg string) (*Instance, error) {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("instance: invalid name %q", name)
	}
	if len(msg) > MaxMessage || strings.ContainsAny(msg, "\r\n") {
		return nil, fmt.Errorf("instance: message must be one line of at most %d bytes", MaxMessage)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	if err := checkFolder(dir, false); err != nil {
		return nil, fmt.Errorf("instance: the folder for the instance socket is not private: %w", err)
	}
	sock := filepath.Join(dir, name+".sock")
	if len(sock) > maxSocketPath {
		return nil, fmt.Errorf("instance: socket path %s is %d bytes long, longer than the %d a socket address holds", sock, len(sock), maxSocketPath)
	}
	lockPath := filepath.Join(dir, name+".lock")

	deadline := time.Now().Add(startTimeout)
	var lastErr error
	for {
		lock, err := tryLock(lockPath)
		if err != nil && !errors.Is(err, errLocked) {
			return nil, fmt.Errorf("instance: lock %s: %w", lockPath, err)
		}
		if err == nil {
			inst, err := listen(sock, lock)
			if err != nil {
				return nil, fmt.Errorf("instance: %w", errors.Join(err, lock.unlock()))
			}
			return inst, nil
		}
		// Someone holds the lock: tell them.
		lastErr = send(sock, msg, dialTimeout, ackTimeout)
		switch {
		case lastErr == nil:
			return nil, ErrRunning
		case errors.Is(lastErr, ErrForeignPeer):
			return nil, fmt.Errorf("instance: %s: %w; not sending it anything", sock, lastErr)
		case errors.Is(lastErr, ErrNoAnswer):
			// The message went out: sending it again could deliver it twice.
			return nil, fmt.Errorf("%w, but %w on %s", ErrRunning, lastErr, sock)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%w, but %w on %s: %v", ErrRunning, ErrNoAnswer, sock, lastErr)
		}
		time.Sleep(retryEvery)
	}
}

// listen starts the instance; the caller holds lock.
func listen(sock string, lock *lockFile) (*Instance, error) {
	// Holding the lock means no instance listens here: whatever socket file
	// is left is stale.
	if err := os.Remove(sock); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove stale socket: %w", err)
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return nil, err
	}
	// The folder is private already; this keeps the socket so if the folder
	// is not. Windows has no such modes: the folder's ACL decides.
	if runtime.GOOS != "windows" {
		if err := os.Chmod(sock, 0o600); err != nil {
			ln.Close()
			return nil, fmt.Errorf("chmod socket: %w", err)
		}
	}
	inst := &Instance{
		ln:    ln,
		lock:  lock,
		msgs:  make(chan string, 8),
		done:  make(chan struct{}),
		conns: make(map[net.Conn]struct{}),
	}
	inst.wg.Add(1)
	go inst.accept()
	return inst, nil
}

// Send hands msg to the instance of name running in dir, if one runs,
// without trying to become the instance: the command line uses it to tell
// the tray what it did. The dial, the write and the wait for the
// acknowledgement take at most timeout each. It fails at once when no
// instance runs (no socket, or no one listening on it).
func Send(dir, name, msg string, timeout time.Duration) error {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("instance: invalid name %q", name)
	}
	if len(msg) > MaxMessage || strings.ContainsAny(msg, "\r\n") {
		return fmt.Errorf("instance: message must be one line of at most %d bytes", MaxMessage)
	}
	if err := send(filepath.Join(dir, name+".sock"), msg, timeout, timeout); err != nil {
		return fmt.Errorf("instance: %w", err)
	}
	return nil
}

// Dir is where the instance's socket lives for the settings folder
// configDir: the runtime folder when there is one (it is cleaned at
// log-out), else the settings folder. The tray and the command line
// must agree on it. getenv reads the environment (os.Getenv).
//
// A runtime folder that is not this user's alone (XDG_RUNTIME_DIR=/tmp, a
// common cure for a warning) is passed over: another user could take the
// lock there first, or listen on the socket and hear every command.
func Dir(configDir string, getenv func(string) string) string {
	dir, _ := DirWhy(configDir, getenv)
	return dir
}

// DirWhy is Dir, with the reason a runtime folder was passed over ("" when
// it was not), for the log.
func DirWhy(configDir string, getenv func(string) string) (dir, passedOver string) {
	d := getenv("XDG_RUNTIME_DIR")
	if d == "" {
		return configDir, ""
	}
	if err := checkFolder(d, true); err != nil {
		return configDir, fmt.Sprintf("the runtime folder XDG_RUNTIME_DIR is not private (%v): the instance socket is in %s instead", err, configDir)
	}
	return d, ""
}

// checkPeer fails with ErrForeignPeer when conn's other end is a process
// of another user. Where the system cannot say, the folder's privacy is
// what keeps others out.
func checkPeer(conn net.Conn) error {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	uid, known, err := peerUIDOf(raw)
	if err != nil {
		return fmt.Errorf("ask who is at the other end of the instance socket: %w", err)
	}
	if known && uid != os.Getuid() {
		return fmt.Errorf("%w (uid %d)", ErrForeignPeer, uid)
	}
	return nil
}

// send hands msg to the instance listening on sock and waits for its
// acknowledgement: the dial and the write take at most dial, the answer
// at most ackWait. An error matching ErrNoAnswer means the message was
// written but not acknowledged.
func send(sock, msg string, dial, ackWait time.Duration) error {
	conn, err := net.DialTimeout("unix", sock, dial)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := checkPeer(conn); err != nil {
		return err
	}
	if err := conn.SetWriteDeadline(time.Now().Add(dial)); err != nil {
		return err
	}
	if _, err := io.WriteString(conn, msg+"\n"); err != nil {
		return err
	}
	// The instance answers once it has taken the message; one that is
	// stuck (its reader full) does not, and the start says so.
	if err := conn.SetReadDeadline(time.Now().Add(ackWait)); err != nil {
		return err
	}
	line, err := bufio.NewReader(io.LimitReader(conn, 16)).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != ack {
		return fmt.Errorf("%w (%v)", ErrNoAnswer, errOr(err, "unexpected answer"))
	}
	return nil
}

func errOr(err error, otherwise string) error {
	if err != nil {
		return err
	}
	return errors.New(otherwise)
}

// Messages delivers what later starts sent, one message per start. It is
// closed by Close.
func (i *Instance) Messages() <-chan string { return i.msgs }

// Close stops listening, removes the socket file and releases the lock, so
// that the next start becomes the instance. It is safe to call more than
// once.
func (i *Instance) Close() error {
	i.closeOnce.Do(func() {
		close(i.done)
		// Closing a listener made by net.Listen also removes its socket file.
		i.closeErr = i.ln.Close()
		i.mu.Lock()
		for c := range i.conns {
			c.Close()
		}
		i.mu.Unlock()
		i.wg.Wait()
		close(i.msgs)
		if err := i.lock.unlock(); err != nil && i.closeErr == nil {
			i.closeErr = err
		}
	})
	return i.closeErr
}

func (i *Instance) accept() {
	defer i.wg.Done()
	for {
		conn, err := i.ln.Accept()
		if err != nil {
			select {
			case <-i.done:
				return
			default:
			}
			// Out of file descriptors and the like: give the system a
			// moment rather than spin.
			time.Sleep(retryEvery)
			continue
		}
		i.mu.Lock()
		i.conns[conn] = struct{}{}
		i.mu.Unlock()
		i.wg.Add(1)
		go i.serve(conn)
	}
}

// serve reads one message from conn. A connection that says nothing, or
// more than MaxMessage bytes without a line break, delivers nothing.
func (i *Instance) serve(conn net.Conn) {
	defer i.wg.Done()
	defer func() {
		i.mu.Lock()
		delete(i.conns, conn)
		i.mu.Unlock()
		conn.Close()
	}()
	if checkPeer(conn) != nil {
		return // another user's: nothing it says is taken
	}
	msg, ok := readMessage(conn)
	if !ok {
		return
	}
	select {
	case i.msgs <- msg:
	case <-i.done:
		return
	case <-time.After(ackTimeout):
		// The app does not read its messages: say nothing, so that the
		// sender learns it was not heard.
		return
	}
	if err := conn.SetWriteDeadline(time.Now().Add(readTimeout)); err == nil {
		_, _ = io.WriteString(conn, ack+"\n")
	}
}

func readMessage(conn net.Conn) (string, bool) {
	if err := conn.SetReadDeadline(time.Now().Add(readTimeout)); err != nil {
		return "", false
	}
	// One byte over the limit tells a long message from one that fits.
	r := bufio.NewReader(io.LimitReader(conn, MaxMessage+2))
	line, err := r.ReadString('\n')
	if err != nil {
		return "", false
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if len(line) > MaxMessage {
		return "", false
	}
	return line, true
}
