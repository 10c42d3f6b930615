package i18n

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fyneTranslate runs `fyne translate - dirs...` (the command in UTEC_FYNE,
// from the module's root) and returns what it extracts: the keys of
// direct lang.L/N/X/XN calls with their English, as it would add them to
// a translations file.
func fyneTranslate(t *testing.T, fyne []string, dirs ...string) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append(append(fyne[1:len(fyne):len(fyne)], "translate", "-"), dirs...)
	cmd := exec.CommandContext(ctx, fyne[0], args...)
	cmd.Dir = repoRoot
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.Bytes())
	}
	found := map[string]any{}
	if len(bytes.TrimSpace(out)) == 0 {
		return found // it prints nothing when it finds nothing
	}
	if err := json.Unmarshal(out, &found); err != nil {
		t.Fatalf("fyne translate printed what is not JSON: %v\n%s", err, out)
	}
	return found
}

// TestFyneTranslateAddsNothing is the check with Fyne's own tool: run on
// the app's code, `fyne translate` would add nothing to the English
// files, and what it would write for a key we have is our English. It
// sees only direct lang calls (our T and Plural hide theirs from it:
// TestEveryCallMatchesEnglish covers those), so it first proves on a
// sample that it still extracts what we expect. make translate-check runs
// it with UTEC_FYNE set to the pinned tool.
func TestFyneTranslateAddsNothing(t *testing.T) {
	fyne := strings.Fields(os.Getenv("UTEC_FYNE"))
	if len(fyne) == 0 {
		t.Skip("UTEC_FYNE is not set (make translate-check sets it to the fyne tool pinned in tools/go.mod)")
	}
	sample := t.TempDir()
	src := "package p\n\nimport \"fyne.io/fyne/v2/lang\"\n\nvar _ = lang.X(\"sample.key\", \"Sample text\")\nvar _ = lang.N(\"{{.Count}} things\", 2)\n"
	if err := os.WriteFile(filepath.Join(sample, "p.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := fyneTranslate(t, fyne, sample)
	if got["sample.key"] != "Sample text" || got["{{.Count}} things"] == nil {
		t.Fatalf("fyne translate no longer extracts lang.X and lang.N calls as expected: %v", got)
	}

	en := readFile(t, "en")
	for key, english := range fyneTranslate(t, fyne, "app", "main.go") {
		c := call{pos: "fyne translate", key: key}
		switch e := english.(type) {
		case string:
			c.english = e
		case map[string]any:
			c.english, _ = e["other"].(string)
			c.plural = true
		}
		if problem := checkEnglish(c, en[key]); problem != "" {
			t.Errorf("fyne translate would change English at %q: %s", key, problem)
		}
	}
}
