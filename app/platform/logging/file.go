package logging

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Defaults of the log file.
const (
	// FileName is the log file's name in its folder; the previous one is
	// FileName + ".1".
	FileName = "utec-tray.log"
	// DefaultMaxSize is the size at which the file rotates: the log and
	// its predecessor together stay under about twice this.
	DefaultMaxSize = 1 << 20
)

// File is a log file that rotates when it would grow past its cap: the
// current file becomes FileName.1 (replacing the one before) and a new
// file starts. It is safe for concurrent use; each Write goes whole into
// one file.
type File struct {
	path    string
	maxSize int64

	mu   sync.Mutex
	f    *os.File
	size int64
}

// Open opens dir/utec-tray.log for appending (creating dir, 0700, and
// the file, 0600) with the DefaultMaxSize cap. A file already past the cap
// is rotated first.
func Open(dir string) (*File, error) {
	return OpenFile(filepath.Join(dir, FileName), DefaultMaxSize)
}

// OpenFile opens the log file at path with a cap of maxSize bytes.
func OpenFile(path string, maxSize int64) (*File, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the log folder: %w", err)
	}
	l := &File{path: path, maxSize: maxSize}
	if err := l.open(); err != nil {
		return nil, err
	}
	if l.size >= maxSize {
		if err := l.rotate(); err != nil {
			l.f.Close()
			return nil, err
		}
	}
	return l, nil
}

func (l *File) open() error {
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND|noFollow, 0o600)
	if err != nil {
		return fmt.Errorf("open the log file: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open the log file: %w", err)
	}
	l.f, l.size = f, st.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past its
// cap (unless the file is empty: a record longer than the cap is still
// written, alone).
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.maxSize {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// rotate moves the file to path.1 and starts a new one (l.mu held, or
// not yet shared). When the move fails (on Windows, another program may
// hold the old file open), the file is emptied instead: the cap matters
// more than the old lines.
func (l *File) rotate() error {
	if err := l.f.Close(); err != nil {
		l.f = nil
		return fmt.Errorf("rotate the log file: %w", err)
	}
	l.f = nil
	renameErr := os.Rename(l.path, l.path+".1")
	if err := l.open(); err != nil {
		return fmt.Errorf("rotate the log file: %w", err)
	}
	if renameErr != nil {
		if err := l.f.Truncate(0); err != nil {
			return fmt.Errorf("rotate the log file: %w", errors.Join(renameErr, err))
		}
		l.size = 0
	}
	return nil
}

// Close closes the file; later writes fail with os.ErrClosed.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// Path returns the file's path.
func (l *File) Path() string { return l.path }
