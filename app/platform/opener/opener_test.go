package opener

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestOpenWithHidesTheAppsVariables runs an opener that writes down its
// environment and its target, as xdg-open would pass them to the browser.
func TestOpenWithHidesTheAppsVariables(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in opener is a shell script")
	}
	t.Setenv("UTEC_CLIENT_SECRET", "s3cret-from-the-environment")
	t.Setenv("UTEC_API_URL", "http://127.0.0.1:1")
	t.Setenv("OPENER_TEST_MARKER", "kept")
	out := filepath.Join(t.TempDir(), "env")
	// sh -c script $0 $1: $0 is the output file, $1 the target.
	script := `{ env; echo "target=$1"; } > "$0.tmp" && mv "$0.tmp" "$0"`
	if err := OpenWith("https://example.invalid/authorize?state=x", "/bin/sh", "-c", script, out); err != nil {
		t.Fatal(err)
	}
	var got []byte
	deadline := time.Now().Add(10 * time.Second)
	for {
		var err error
		if got, err = os.ReadFile(out); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the opener wrote nothing: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	env := string(got)
	if strings.Contains(env, "s3cret") || strings.Contains(env, "UTEC_") {
		t.Errorf("the opener's environment holds the app's variables:\n%s", env)
	}
	if !strings.Contains(env, "OPENER_TEST_MARKER=kept") || !strings.Contains(env, "PATH=") {
		t.Errorf("the opener lost the rest of the environment:\n%s", env)
	}
	if !strings.Contains(env, "target=https://example.invalid/authorize?state=x\n") {
		t.Errorf("the opener did not get the target as its last argument:\n%s", env)
	}
}

func TestOpenWithMissingProgram(t *testing.T) {
	t.Parallel()
	err := OpenWith("https://example.invalid/", filepath.Join(t.TempDir(), "no-such-opener"))
	if err == nil || !strings.Contains(err.Error(), "no-such-opener") {
		t.Errorf("err = %v, want one naming the program", err)
	}
}

func TestPlatformCommand(t *testing.T) {
	t.Parallel()
	name, args := platformCommand()
	want := map[string]string{"darwin": "open", "windows": "rundll32"}[runtime.GOOS]
	if want == "" {
		want = "xdg-open"
	}
	if name != want || (runtime.GOOS == "windows") != (len(args) == 1) {
		t.Errorf("platformCommand() = %s %q on %s", name, args, runtime.GOOS)
	}
}
