// Package childenv gives the programs utec-tray starts (the browser
// opener, the notification helpers) an environment without the app's own
// settings.
//
// The UTEC_* variables configure this app and can hold a secret
// (UTEC_CLIENT_SECRET). A child keeps whatever environment it is given and
// passes it on: xdg-open hands it to the browser, which hands it to its
// helpers and crash reporters. None of them needs the app's settings, so
// none gets them.
package childenv

import (
	"os"
	"strings"
)

// Prefix marks the variables that are the app's own.
const Prefix = "UTEC_"

// Environ returns the process environment without the app's own
// variables, for exec.Cmd.Env.
func Environ() []string { return Filter(os.Environ()) }

// Filter returns env (KEY=value entries, as os.Environ gives them) without
// the entries whose name starts with Prefix. The name is compared without
// regard to case, since Windows treats Utec_Client_Secret and
// UTEC_CLIENT_SECRET as the same variable. The result is never nil, so
// that exec.Cmd does not fall back to the full environment.
func Filter(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if len(name) >= len(Prefix) && strings.EqualFold(name[:len(Prefix)], Prefix) {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Take removes the app's own variables from this process's environment,
// so that no child started later inherits them, whoever starts it: Fyne's
// OpenURL (a Hyperlink), go-keyring's /usr/bin/security on macOS, godbus
// starting dbus-launch. It returns a getenv that still answers for them
// from the values taken, and from the environment for every other name.
//
// Call it once, at the start of main, before any goroutine runs (the
// environment is process-wide), and read UTEC_* only through the
// function it returns from then on.
func Take() func(string) string {
	taken := map[string]string{}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if len(name) >= len(Prefix) && strings.EqualFold(name[:len(Prefix)], Prefix) {
			taken[strings.ToUpper(name)] = value
			_ = os.Unsetenv(name)
		}
	}
	return func(name string) string {
		if len(name) >= len(Prefix) && strings.EqualFold(name[:len(Prefix)], Prefix) {
			return taken[strings.ToUpper(name)]
		}
		return os.Getenv(name)
	}
}
