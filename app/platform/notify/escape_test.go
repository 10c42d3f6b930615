package notify

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// hostile are texts a device name could hold, aimed at each language the
// notifications pass through.
var hostile = []string{
	"$(Start-Process calc)",
	"`$(Start-Process calc)`",
	"' ; Start-Process calc ; '",
	"\u2019; Start-Process calc; \u2018",
	"\u201A\u201B'' '''",
	"\"; Start-Process calc; \"",
	"Front\nDoor\r\n$(calc)",
	"@'\nhere-string\n'@",
	"<&>\"'",
	"</text></binding></visual><actions/></toast>",
	"\" & do shell script \"open -a Calculator\" & \"",
	"\\\" & do shell script \"x",
	"\u201c & do shell script \"x\" & \u201d",
	"Tür 🚪 – 前门 \u202Ekcol",
	"\x1b]0;title\x07\x00\x7f",
	"\xff\xfe invalid UTF-8",
}

func TestCleanText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       string
		max      int
		newlines bool
		want     string
	}{
		{"plain", "Front Door", 50, false, "Front Door"},
		{"newline to space", "Front\nDoor\r\nlocked", 50, false, "Front Door  locked"},
		{"newlines kept", "Front\nDoor\r\nlocked", 50, true, "Front\nDoor\nlocked"},
		{"tab", "a\tb", 50, false, "a b"},
		{"escape sequences", "\x1b]0;pwned\x07\x1b[2Jdoor", 50, false, "]0;pwned[2Jdoor"},
		{"NUL and DEL", "a\x00b\x7fc\u0085d", 50, false, "abc d"},
		{"bidi override", "door\u202Ekcol\u2066x\u2069\u200F", 50, false, "doorkcolx"},
		{"invalid UTF-8", "a\xffb", 50, false, "a\uFFFDb"},
		{"unicode kept", "Tür 🚪 前门", 50, false, "Tür 🚪 前门"},
		{"noncharacters", "a\uFFFEb\uFFFFc", 50, false, "abc"},
		{"cut", "abcdef", 3, false, "abc…"},
		{"exactly max", "abc", 3, false, "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in, tt.max, tt.newlines); got != tt.want {
				t.Errorf("cleanText(%q, %d, %v) = %q, want %q", tt.in, tt.max, tt.newlines, got, tt.want)
			}
		})
	}
}

// psLiterals splits a PowerShell script into its single-quoted string
// literals (decoded, as PowerShell reads them) and the code around them,
// with each literal replaced by an empty literal. It follows PowerShell's tokenizer:
// any of the five single-quote characters opens and ends a literal, and
// a quote character followed by another one is that second one.
func psLiterals(t *testing.T, script string) (code string, lits []string) {
	t.Helper()
	isQuote := func(r rune) bool { return strings.ContainsRune("'\u2018\u2019\u201A\u201B", r) }
	rs := []rune(script)
	var c strings.Builder
	for i := 0; i < len(rs); i++ {
		if !isQuote(rs[i]) {
			c.WriteRune(rs[i])
			continue
		}
		var lit strings.Builder
		closed := false
		for i++; i < len(rs); i++ {
			if isQuote(rs[i]) {
				if i+1 < len(rs) && isQuote(rs[i+1]) {
					i++
					lit.WriteRune(rs[i])
					continue
				}
				closed = true
				break
			}
			lit.WriteRune(rs[i])
		}
		if !closed {
			t.Fatalf("unterminated single-quoted literal in script:\n%s", script)
		}
		c.WriteString("''")
		lits = append(lits, lit.String())
	}
	return c.String(), lits
}

func TestPSQuote(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "''"},
		{"Front Door", "'Front Door'"},
		{"$(Start-Process calc)", "'$(Start-Process calc)'"},
		{"`n`$x", "'`n`$x'"},
		{"it's", "'it''s'"},
		{"''", "''''''"},
		{"\u2018a\u2019b\u201Ac\u201Bd", "'\u2018\u2018a\u2019\u2019b\u201A\u201Ac\u201B\u201Bd'"},
		{"a\nb\r\nc\x00d\x1b[2J", "'abcd[2J'"},
		{"\"$env:UTEC_CLIENT_SECRET\"", "'\"$env:UTEC_CLIENT_SECRET\"'"},
		{"<&>", "'<&>'"},
		{"Tür 🚪 前门", "'Tür 🚪 前门'"},
		{"a\xffb", "'a\uFFFDb'"},
	}
	for _, tt := range tests {
		if got := psQuote(tt.in); got != tt.want {
			t.Errorf("psQuote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Whatever the text, PowerShell reads back one literal holding it.
	for _, s := range append(hostile, "''''", "'\u2019") {
		code, lits := psLiterals(t, "$x = "+psQuote(s)+"; Show")
		if code != "$x = ''; Show" || len(lits) != 1 {
			t.Errorf("psQuote(%q) is not one literal: code %q, literals %q", s, code, lits)
			continue
		}
		want := strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				return -1
			}
			return r
		}, strings.ToValidUTF8(s, "\uFFFD"))
		if lits[0] != want {
			t.Errorf("psQuote(%q) reads back as %q, want %q", s, lits[0], want)
		}
	}
}

func TestXMLEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`<&>"'`, "&lt;&amp;&gt;&quot;&apos;"},
		{"&amp;", "&amp;amp;"},
		{"Tür 🚪", "Tür 🚪"},
	}
	for _, tt := range tests {
		if got := xmlEscape(tt.in); got != tt.want {
			t.Errorf("xmlEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := markupEscape(`<b>"x" & 'y'</b>`); got != `&lt;b&gt;"x" &amp; 'y'&lt;/b&gt;` {
		t.Errorf("markupEscape = %q", got)
	}
}

// toastTexts parses toast XML and returns its <text> elements.
func toastTexts(t *testing.T, doc string) []string {
	t.Helper()
	var toast struct {
		Texts   []string  `xml:"visual>binding>text"`
		Actions *struct{} `xml:"actions"`
	}
	if err := xml.Unmarshal([]byte(doc), &toast); err != nil {
		t.Fatalf("toast XML does not parse: %v\n%s", err, doc)
	}
	if toast.Actions != nil {
		t.Errorf("toast XML gained an <actions> element:\n%s", doc)
	}
	return toast.Texts
}

func TestToastScript(t *testing.T) {
	t.Parallel()
	const appID = "io.github.utec_tray.utec_tray"
	plainCode, plainLits := psLiterals(t, toastScript(Notification{Title: "a", Body: "b", Tag: "t"}, appID))
	if len(plainLits) != 5 {
		t.Fatalf("the plain script has %d literals, want 5 (Stop, XML, tag, group, app ID): %q", len(plainLits), plainLits)
	}
	for _, s := range hostile {
		t.Run(s, func(t *testing.T) {
			n := Notification{Title: s, Body: s + "\nsecond line", Tag: s}
			script := toastScript(n, appID)
			code, lits := psLiterals(t, script)
			// The code is the same whatever the text: the text is inside the
			// literals only.
			if code != plainCode {
				t.Fatalf("the text changed the script's code:\n%s\nwant\n%s", code, plainCode)
			}
			if len(lits) != len(plainLits) {
				t.Fatalf("%d literals, want %d", len(lits), len(plainLits))
			}
			for _, l := range []int{0, 3, 4} {
				if lits[l] != plainLits[l] {
					t.Errorf("literal %d is %q, want %q", l, lits[l], plainLits[l])
				}
			}
			if len(lits[2]) != 16 || strings.Trim(lits[2], "0123456789abcdef") != "" {
				t.Errorf("toast tag %q is not 16 hexadecimal digits", lits[2])
			}
			texts := toastTexts(t, lits[1])
			want := []string{cleanText(s, maxTitleRunes, false), cleanText(s+"\nsecond line", maxBodyRunes, true)}
			if !slices.Equal(texts, want) {
				t.Errorf("toast texts %q, want %q", texts, want)
			}
			if strings.ContainsAny(script, "\x00\r\x1b") || strings.Contains(script, "@'") && !strings.Contains(s, "@'") {
				t.Errorf("script holds control characters or a here-string:\n%q", script)
			}
		})
	}
	// No tag, no body: no tag lines and one text element.
	code, lits := psLiterals(t, toastScript(Notification{Title: "Front Door locked"}, appID))
	if strings.Contains(code, "$toast.Tag") || len(lits) != 3 {
		t.Errorf("untagged toast: code %q, literals %q", code, lits)
	}
	if texts := toastTexts(t, lits[1]); !slices.Equal(texts, []string{"Front Door locked"}) {
		t.Errorf("untagged toast texts %q", texts)
	}
	if a, b, a2 := windowsTag("a"), windowsTag("b"), windowsTag(strings.Clone("a")); a == b || a != a2 {
		t.Error("windowsTag does not tell tags apart, or is not stable")
	}
}

func TestEncodePowerShell(t *testing.T) {
	t.Parallel()
	for _, s := range append(hostile[:len(hostile)-1], "", "a", "dir") {
		enc := encodePowerShell(s)
		if strings.Trim(enc, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != "" {
			t.Errorf("encoding of %q has characters outside base64: %q", s, enc)
		}
		raw, err := base64.StdEncoding.DecodeString(enc)
		if err != nil || len(raw)%2 != 0 {
			t.Fatalf("encoding of %q: %v, %d bytes", s, err, len(raw))
		}
		units := make([]uint16, len(raw)/2)
		for i := range units {
			units[i] = binary.LittleEndian.Uint16(raw[2*i:])
		}
		if got := string(utf16.Decode(units)); got != s {
			t.Errorf("decodes to %q, want %q", got, s)
		}
	}
	// As PowerShell's documentation shows it: "dir" is ZABpAHIA.
	if got := encodePowerShell("dir"); got != "ZABpAHIA" {
		t.Errorf("encodePowerShell(dir) = %q, want ZABpAHIA", got)
	}
}

// asLiterals splits AppleScript code into its double-quoted string
// literals (decoded) and the code around them, each literal replaced by
// "". Typographic double quotes count as delimiters too.
func asLiterals(t *testing.T, code string) (string, []string) {
	t.Helper()
	isQuote := func(r rune) bool { return r == '"' || r == '\u201C' || r == '\u201D' }
	rs := []rune(code)
	var c strings.Builder
	var lits []string
	for i := 0; i < len(rs); i++ {
		if !isQuote(rs[i]) {
			c.WriteRune(rs[i])
			continue
		}
		var lit strings.Builder
		closed := false
		for i++; i < len(rs); i++ {
			switch {
			case rs[i] == '\\' && i+1 < len(rs):
				i++
				switch rs[i] {
				case 'n':
					lit.WriteRune('\n')
				case '"', '\\':
					lit.WriteRune(rs[i])
				default:
					t.Fatalf("unknown escape \\%c in %q", rs[i], code)
				}
				continue
			case isQuote(rs[i]):
				closed = true
			case rs[i] < 0x20:
				t.Fatalf("control character %U inside a literal of %q", rs[i], code)
			default:
				lit.WriteRune(rs[i])
				continue
			}
			break
		}
		if !closed {
			t.Fatalf("unterminated literal in %q", code)
		}
		c.WriteString(`""`)
		lits = append(lits, lit.String())
	}
	return c.String(), lits
}

func TestAppleScriptQuote(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", `""`},
		{"Front Door", `"Front Door"`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{"two\nlines\ttab\x00\x1b", `"two\nlinestab"`},
		{"\u201Csmart\u201D", `"\"smart\""`},
		{"$(calc) `x` 'y' <&>", "\"$(calc) `x` 'y' <&>\""},
		{"Tür 🚪 前门", `"Tür 🚪 前门"`},
	}
	for _, tt := range tests {
		if got := appleScriptQuote(tt.in); got != tt.want {
			t.Errorf("appleScriptQuote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOsascriptArgs(t *testing.T) {
	t.Parallel()
	plain := osascriptArgs(Notification{Title: "a", Body: "b"})
	plainCode, _ := asLiterals(t, plain[1])
	if plain[0] != "-e" || plainCode != `display notification "" with title ""` {
		t.Fatalf("plain arguments %q", plain)
	}
	for _, s := range hostile {
		args := osascriptArgs(Notification{Title: s, Body: s})
		if len(args) != 2 || args[0] != "-e" {
			t.Fatalf("arguments %q", args)
		}
		code, lits := asLiterals(t, args[1])
		if code != plainCode {
			t.Errorf("text %q changed the script: %q", s, code)
			continue
		}
		// The smart quotes come back as plain ones; nothing else changes.
		straight := strings.NewReplacer("\u201C", `"`, "\u201D", `"`)
		wantBody := straight.Replace(cleanText(s, maxBodyRunes, true))
		wantTitle := straight.Replace(cleanText(s, maxTitleRunes, false))
		if !slices.Equal(lits, []string{wantBody, wantTitle}) {
			t.Errorf("literals %q, want %q", lits, []string{wantBody, wantTitle})
		}
	}
}

// FuzzToastScript: whatever a device name holds, the toast script's code
// stays the same and the toast shows the cleaned text.
func FuzzToastScript(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, s+"\n"+s, s)
	}
	f.Fuzz(func(t *testing.T, title, body, tag string) {
		if tag == "" {
			tag = "t"
		}
		plainCode, _ := psLiterals(t, toastScript(Notification{Title: "a", Body: "b", Tag: "t"}, DefaultDesktopEntry))
		code, lits := psLiterals(t, toastScript(Notification{Title: title, Body: body, Tag: tag}, DefaultDesktopEntry))
		if code != plainCode || len(lits) != 5 {
			t.Fatalf("the text changed the script's code:\n%s", code)
		}
		want := []string{cleanText(title, maxTitleRunes, false)}
		if b := cleanText(body, maxBodyRunes, true); b != "" {
			want = append(want, b)
		}
		if got := toastTexts(t, lits[1]); !slices.Equal(got, want) {
			t.Fatalf("toast texts %q, want %q", got, want)
		}
	})
}

// FuzzOsascriptArgs: whatever the text, the AppleScript is one display
// notification statement with two string literals holding it.
func FuzzOsascriptArgs(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, title, body string) {
		args := osascriptArgs(Notification{Title: title, Body: body})
		code, lits := asLiterals(t, args[1])
		if len(args) != 2 || code != `display notification "" with title ""` || len(lits) != 2 {
			t.Fatalf("arguments %q", args)
		}
		straight := strings.NewReplacer("\u201C", `"`, "\u201D", `"`)
		if lits[0] != straight.Replace(cleanText(body, maxBodyRunes, true)) || lits[1] != straight.Replace(cleanText(title, maxTitleRunes, false)) {
			t.Fatalf("literals %q", lits)
		}
	})
}
