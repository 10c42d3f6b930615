package login

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzCallbackQuery feeds arbitrary callback queries to parseCallback and
// renders what a person would see, checking that
//   - nothing panics;
//   - a successful parse holds exactly one of a code and an error, and the
//     code is one the query really carried;
//   - text from the query reaches messages clean (valid UTF-8, no control
//     characters, bounded) and the page only escaped, never as markup.
func FuzzCallbackQuery(f *testing.F) {
	for _, seed := range []string{
		"code=abc&state=xyz",
		"authorization_code=abc&state=xyz",
		"code=abc&authorization_code=abc&state=xyz",
		"code=abc&authorization_code=def&state=xyz",
		"error=access_denied&error_description=The+user+said+no&state=xyz",
		"error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=%3Cimg+src%3Dx%3E&state=s",
		"state=xyz",
		"state=a&state=b&code=c",
		"code=%zz&state=xyz",
		"code=a;state=b",
		"error=%00%01&state=s",
		"",
	} {
		f.Add(seed)
	}
	baseline := strings.Count(render(f, "x"), "<")

	f.Fuzz(func(t *testing.T, rawQuery string) {
		cb, err := parseCallback(rawQuery)
		q, _ := url.ParseQuery(rawQuery)
		if cb.State != "" && (len(q["state"]) != 1 || q.Get("state") != cb.State) {
			t.Fatalf("state %q is not the query's single state", cb.State)
		}
		if err != nil {
			if strings.ContainsAny(err.Error(), "<>\x00") {
				t.Fatalf("error message quotes the query: %q", err)
			}
			return
		}
		if (cb.Code == "") == (cb.Err == nil) {
			t.Fatalf("want exactly one of code and error, got code %q, error %v", cb.Code, cb.Err)
		}
		if cb.Code != "" && cb.Code != q.Get("code") && cb.Code != q.Get("authorization_code") {
			t.Fatalf("code %q is not in the query", cb.Code)
		}
		if cb.Err == nil {
			return
		}
		if cb.Err.Code == "" {
			t.Fatal("a provider error without a code")
		}
		for _, s := range []string{cb.Err.Code, cb.Err.Description} {
			if !cleanText(s) {
				t.Fatalf("text from the query is not clean: %q", s)
			}
		}
		if n := utf8.RuneCountInString(cb.Err.Description); n > maxDescriptionRune+1 {
			t.Fatalf("description of %d runes, want at most %d and an ellipsis", n, maxDescriptionRune)
		}
		page := render(t, cb.Err.Error())
		if got := strings.Count(page, "<"); got != baseline {
			t.Fatalf("the query added markup to the page (%d '<', want %d):\n%s", got, baseline, page)
		}
	})
}

// render returns the failure page for msg as the browser receives it.
func render(tb testing.TB, msg string) string {
	tb.Helper()
	rec := httptest.NewRecorder()
	failurePage(http.StatusForbidden, msg).write(rec)
	if rec.Code != http.StatusForbidden {
		tb.Fatalf("status %d", rec.Code)
	}
	return rec.Body.String()
}

// cleanText reports whether s is what clean produces: valid UTF-8, only
// visible characters and single inner spaces.
func cleanText(s string) bool {
	if !utf8.ValidString(s) || strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if !unicode.IsGraphic(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  a \t\n b  ", "a b"},
		{"a\x00b\u202ec", "abc"},
		{"\xff", "\uFFFD"},
		{strings.Repeat("x", 10), "xxxxx…"},
		{"ab cd ef", "ab cd…"},
	} {
		if got := clean(tc.in, 5); got != tc.want {
			t.Errorf("clean(%q, 5) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
