package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrTemporaryLocation is matched by the error of Set and CheckLocation for
// a program in a temporary folder (a download run from /tmp, go run, the Go
// build cache): an entry pointing there would start nothing once the
// folder is cleaned, or whatever another user put there in its place.
var ErrTemporaryLocation = errors.New("utec-tray runs from a temporary folder")

// LocationError is an ErrTemporaryLocation naming the program and folder.
type LocationError struct {
	Exe, Folder string
}

func (e *LocationError) Error() string {
	return fmt.Sprintf("%s is in the temporary folder %s: install utec-tray somewhere lasting (such as ~/.local/bin or /usr/bin) to start it at login", e.Exe, e.Folder)
}

// Is makes errors.Is(err, ErrTemporaryLocation) true.
func (e *LocationError) Is(target error) bool { return target == ErrTemporaryLocation }

// CheckLocation says whether the program exe may be started at login: nil,
// or a *LocationError when it lives in a temporary folder. The Settings
// toggle uses it to say why it is off.
func CheckLocation(exe string) error {
	paths := []string{filepath.Clean(exe)}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		paths = append(paths, real)
	}
	for _, dir := range temporaryFolders() {
		for _, p := range paths {
			if within(p, dir) {
				return &LocationError{Exe: exe, Folder: dir}
			}
		}
	}
	return nil
}

// temporaryFolders lists the folders a program is run from only for a
// while, with their real paths too (on macOS /tmp is a link).
func temporaryFolders() []string {
	dirs := []string{"/tmp", "/var/tmp", os.TempDir()}
	if cache := os.Getenv("GOCACHE"); cache != "" {
		dirs = append(dirs, cache)
	} else if user, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(user, "go-build"))
	}
	for _, d := range dirs[:len(dirs):len(dirs)] {
		if real, err := filepath.EvalSymlinks(d); err == nil && real != d {
			dirs = append(dirs, real)
		}
	}
	return dirs
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	if dir == "" || !filepath.IsAbs(dir) {
		return false
	}
	rel, err := filepath.Rel(filepath.Clean(dir), path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
