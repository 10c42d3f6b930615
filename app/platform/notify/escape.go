package notify

// The text of a notification comes from the cloud (device names, which
// anyone in the household can edit). This file turns it into the literals
// of the languages the platforms need, without build tags, so that its
// tests run on every OS.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf16"
)

// Bounds on the text shown: a notification is a line or two; anything
// longer is cut (the servers would cut it anyway, and the Windows command
// line is bounded).
const (
	maxTitleRunes = 200
	maxBodyRunes  = 1000
	maxLabelRunes = 40
)

// cleanText makes text fit for any notification API: valid UTF-8, no
// control characters (a line break, tab or other space becomes one space
// when keepNewlines is false; with it, line breaks stay as "\n"), no
// bidirectional overrides that would reorder what is shown, no U+FFFE or
// U+FFFF, at most
// maxRunes runes (then "…").
func cleanText(s string, maxRunes int, keepNewlines bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	n := 0
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
		case r == '\r' && keepNewlines:
			continue // "\r\n" is one line break
		case unicode.IsSpace(r):
			r = ' '
		case unicode.IsControl(r), isBidiControl(r), r == 0xFFFE, r == 0xFFFF:
			// U+FFFE and U+FFFF are not characters: XML refuses them.
			continue
		}
		if n == maxRunes {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// isBidiControl reports the format characters that change the order in
// which text is shown (U+202A–U+202E, U+2066–U+2069, and the marks): a
// name could otherwise show "Front Door locked" for "…dekcol".
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200E || r == 0x200F || r == 0x061C
}

// psQuote returns s as a PowerShell single-quoted string literal. Inside
// one, PowerShell expands nothing ($, `, and " are plain characters); the
// only special characters are the quotes themselves, which PowerShell
// recognises in four typographic forms besides the ASCII one
// (U+2018–U+201B), each of which ends a string and is escaped by
// doubling. Control characters (line breaks among them) are dropped, so
// the literal stays on one line of the script; callers clean text first
// anyway (cleanText), which keeps words apart.
func psQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201A' || r == '\u201B':
			b.WriteRune(r)
		case unicode.IsControl(r):
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// xmlEscape escapes text for XML character data and attribute values
// (either quote). It does not clean: callers pass cleaned text, which
// holds none of the characters XML 1.0 forbids.
func xmlEscape(s string) string {
	return xmlReplacer.Replace(s)
}

var xmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// markupEscape escapes a D-Bus body for servers that read it as markup
// (the body-markup capability): the specification's subset of HTML, where
// &, < and > are special.
func markupEscape(s string) string {
	return markupReplacer.Replace(s)
}

var markupReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// toastXML is the Windows toast for n: the generic template with title
// and body, each XML-escaped, on one line.
func toastXML(n Notification) string {
	title := cleanText(n.Title, maxTitleRunes, false)
	body := cleanText(n.Body, maxBodyRunes, true)
	var b strings.Builder
	b.WriteString(`<toast><visual><binding template="ToastGeneric"><text>`)
	b.WriteString(xmlEscape(title))
	b.WriteString(`</text>`)
	if body != "" {
		b.WriteString(`<text>`)
		// A line break as a character reference: the script holds no line
		// break inside a literal (psQuote drops them), the toast shows one.
		b.WriteString(strings.ReplaceAll(xmlEscape(body), "\n", "&#10;"))
		b.WriteString(`</text>`)
	}
	b.WriteString(`</binding></visual></toast>`)
	return b.String()
}

// windowsTag turns a Tag into a toast tag: Windows allows 16 characters
// on older builds, so it is a hash of the Tag, in hexadecimal, which
// needs no quoting either.
func windowsTag(tag string) string {
	sum := sha256.Sum256([]byte(tag))
	return hex.EncodeToString(sum[:8])
}

// toastScript is the PowerShell script that shows n as a toast of the
// application appID. Every piece of text in it is a single-quoted literal
// (psQuote) of text that was cleaned and, inside the XML, escaped: nothing
// from the notification can end a string or be expanded. The toast XML
// is therefore text inside a single-quoted literal, never a here-string
// or a double-quoted string.
func toastScript(n Notification, appID string) string {
	var b strings.Builder
	b.WriteString("$ErrorActionPreference = 'Stop'\n")
	b.WriteString("[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null\n")
	b.WriteString("[Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, ContentType = WindowsRuntime] > $null\n")
	b.WriteString("$xml = New-Object Windows.Data.Xml.Dom.XmlDocument\n")
	b.WriteString("$xml.LoadXml(" + psQuote(toastXML(n)) + ")\n")
	b.WriteString("$toast = New-Object Windows.UI.Notifications.ToastNotification $xml\n")
	if n.Tag != "" {
		b.WriteString("$toast.Tag = " + psQuote(windowsTag(n.Tag)) + "\n")
		b.WriteString("$toast.Group = 'utec-tray'\n")
	}
	b.WriteString("[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier(" +
		psQuote(cleanText(appID, 128, false)) + ").Show($toast)\n")
	return b.String()
}

// encodePowerShell encodes a script for powershell.exe -EncodedCommand:
// base64 of its UTF-16LE form. The script then travels as one argument of
// letters, digits, + / and =, which no command-line parser can split or
// reinterpret.
func encodePowerShell(script string) string {
	units := utf16.Encode([]rune(script))
	buf := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(buf[2*i:], u)
	}
	return base64.StdEncoding.EncodeToString(buf)
}

// appleScriptQuote returns s as an AppleScript string literal. Inside
// double quotes AppleScript expands nothing; a backslash starts an escape
// (\", \\, \n, \t, \r), so backslashes and quotes are escaped, a line
// break is written as \n, and other control characters are dropped.
func appleScriptQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\u201C' || r == '\u201D':
			// Typographic double quotes may delimit strings too, as the
			// Script Editor's smart quotes do: made plain, escaped quotes.
			b.WriteString(`\"`)
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// osascriptArgs are the arguments of osascript that show n: one -e
// statement with title and body as AppleScript literals. osascript is run
// directly, without a shell, so the literals are the only quoting.
func osascriptArgs(n Notification) []string {
	title := cleanText(n.Title, maxTitleRunes, false)
	body := cleanText(n.Body, maxBodyRunes, true)
	return []string{"-e", "display notification " + appleScriptQuote(body) + " with title " + appleScriptQuote(title)}
}
