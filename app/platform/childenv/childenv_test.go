package childenv

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestFilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"empty", nil, []string{}},
		{"nothing of ours", []string{"PATH=/bin", "HOME=/root"}, []string{"PATH=/bin", "HOME=/root"}},
		{"secret and settings removed", []string{"PATH=/bin", "UTEC_CLIENT_SECRET=s3cret", "UTEC_API_URL=http://x", "DISPLAY=:0"},
			[]string{"PATH=/bin", "DISPLAY=:0"}},
		{"any case (Windows)", []string{"Utec_Client_Secret=s3cret", "utec_x=1", "A=UTEC_CLIENT_SECRET=v"}, []string{"A=UTEC_CLIENT_SECRET=v"}},
		{"only a prefix of the prefix", []string{"UTE=1", "UTECX=2", "XUTEC_Y=3"}, []string{"UTE=1", "UTECX=2", "XUTEC_Y=3"}},
		{"Windows drive variables kept", []string{"=C:=C:\\Users", "UTEC_=1"}, []string{"=C:=C:\\Users"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Filter(tt.in)
			if got == nil || !slices.Equal(got, tt.want) {
				t.Errorf("Filter(%q) = %#v, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEnviron(t *testing.T) {
	t.Setenv("UTEC_CLIENT_SECRET", "s3cret")
	t.Setenv("CHILDENV_TEST", "kept")
	env := Environ()
	if !slices.Contains(env, "CHILDENV_TEST=kept") {
		t.Error("Environ dropped a variable that is not the app's")
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "UTEC_") {
			t.Errorf("Environ kept %s", kv)
		}
	}
}

func TestTake(t *testing.T) {
	t.Setenv("UTEC_CLIENT_SECRET", "s3cret")
	t.Setenv("UTEC_REMIND_AFTER", "5s")
	t.Setenv("CHILDENV_TEST", "kept")
	getenv := Take()
	for _, kv := range os.Environ() {
		if strings.HasPrefix(strings.ToUpper(kv), Prefix) {
			t.Errorf("the process environment still holds %s", kv)
		}
	}
	tests := map[string]string{
		"UTEC_CLIENT_SECRET": "s3cret",
		"UTEC_REMIND_AFTER":  "5s",
		"UTEC_UNSET":         "",
		"CHILDENV_TEST":      "kept",
	}
	for name, want := range tests {
		if got := getenv(name); got != want {
			t.Errorf("getenv(%s) = %q, want %q", name, got, want)
		}
	}
	// Set after Take (a test, a later override): not the app's to see.
	t.Setenv("UTEC_LATE", "x")
	if got := getenv("UTEC_LATE"); got != "" {
		t.Errorf("getenv(UTEC_LATE) = %q, want the value at Take, none", got)
	}
}
