// Package autostart starts utec-tray when the person logs in, the way each
// desktop expects: an XDG autostart entry on Linux and the BSDs
// (~/.config/autostart/<app id>.desktop), a LaunchAgent on macOS
// (~/Library/LaunchAgents/<app id>.plist), and a value under
// HKCU\Software\Microsoft\Windows\CurrentVersion\Run on Windows. What each
// writes is built by a pure function, tested on every OS; only the XDG
// entry is exercised end to end here.
package autostart

import (
	"fmt"
	"strings"
)

// AppID names the entry; it is the app's ID (also in FyneApp.toml).
const AppID = "io.github.utec_tray.utec_tray"

// Set turns starting at login on (for the program exe) or off. Turning it
// off when it is off, or on when it is on, is not an error; turning it on
// again rewrites the entry, so that it follows the program if it moved.
// Turning it off removes only an entry this package wrote (Managed): one
// the person made by hand, by copying the menu entry as older
// instructions said, is theirs to keep.
//
// Turning it on is refused (ErrTemporaryLocation) for a program in a
// temporary folder; see CheckLocation.
func Set(on bool, exe string) error {
	if on {
		if err := CheckLocation(exe); err != nil {
			return fmt.Errorf("start utec-tray at login: %w", err)
		}
		if err := enable(exe); err != nil {
			return fmt.Errorf("start utec-tray at login: %w", err)
		}
		return nil
	}
	if err := disable(); err != nil {
		return fmt.Errorf("stop starting utec-tray at login: %w", err)
	}
	return nil
}

// DesktopEntry is the XDG autostart file for exe.
func DesktopEntry(exe string) string {
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=utec-tray\n" +
		"Comment=Your U-Tec locks and lights in the system tray\n" +
		"Exec=" + desktopExec(exe) + "\n" +
		"Icon=" + AppID + "\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n" +
		Managed + "\n"
}

// Managed marks an XDG entry as written by utec-tray's "Start at login".
const Managed = "X-Utec-Tray-Managed=true"

// desktopExec quotes exe for a desktop entry's Exec key: the Desktop Entry
// Specification's quoting (double quotes, with ", `, $ and \ escaped),
// and % doubled so that it is not a field code.
func desktopExec(exe string) string {
	if !strings.ContainsAny(exe, " \t\r\n\"'\\><~|&;$*?#()`%") {
		return exe
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range exe {
		switch r {
		case '"', '`', '$', '\\':
			b.WriteByte('\\')
		case '%':
			b.WriteByte('%')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return escapeValue(b.String())
}

// escapeValue writes s as a desktop entry's string value: a backslash is
// itself escaped once more, and a line break, carriage return or tab
// becomes its escape sequence, so that no path can end the line and add
// keys of its own.
func escapeValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
}

// LaunchAgent is the macOS LaunchAgent property list for exe.
func LaunchAgent(exe string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + AppID + `</string>
	<key>ProgramArguments</key>
	<array>
		<string>` + xmlEscape(exe) + `</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// RunValue is the Windows Run value's data for exe: the path in quotes,
// as Windows splits an unquoted one at its first space.
func RunValue(exe string) string { return `"` + exe + `"` }

// RunKey and RunValueName locate the Windows value.
const (
	RunKey       = `Software\Microsoft\Windows\CurrentVersion\Run`
	RunValueName = "utec-tray"
)
