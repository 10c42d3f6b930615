// Package winconsole lets the Windows build, a GUI-subsystem executable (so
// that starting the tray app from Explorer or at log-in opens no console
// window), still print its command-line output in the console it was
// started from.
//
// Windows gives a GUI-subsystem process no standard handles unless its
// parent redirected them: `utec-tray devices` typed in cmd.exe or
// PowerShell would print nothing. Attach joins the parent's console and
// points the standard streams that have no handle at it; streams that are
// already redirected (to a file or a pipe) are left alone, so
// `utec-tray devices --json > devices.json` keeps working. On other systems
// Attach does nothing.
//
// The console's shell does not wait for a GUI-subsystem program, so its
// prompt may come back before the output: `start /wait utec-tray devices`
// (cmd.exe) or piping into `Out-Host` (PowerShell) waits.
package winconsole

// Attach connects the standard streams that have no handle to the parent
// process's console, if there is one. It reports whether it attached. Call
// it before anything keeps a reference to os.Stdout or os.Stderr.
func Attach() bool { return attach() }

// stream is one standard stream, and whether its handle is usable as it
// is.
type stream struct {
	name   string // "stdin", "stdout" or "stderr"
	usable bool
}

// toReopen returns the streams that must be pointed at the console: those
// without a usable handle. Attaching is only worth it when there is one.
func toReopen(streams []stream) []string {
	var out []string
	for _, s := range streams {
		if !s.usable {
			out = append(out, s.name)
		}
	}
	return out
}
