//go:build !unix

package logging

// noFollow is 0 where open has no such flag (Windows: creating a
// symbolic link takes a privilege there).
const noFollow = 0
