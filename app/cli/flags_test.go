package cli

import "testing"

// TestFlagError words the flag package's own mistakes, got from it, so
// that a Go release that rewords them shows here.
func TestFlagError(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--frob"}, "there is no flag -frob"},
		{[]string{"--timeout"}, "-timeout needs a value"},
		{[]string{"--timeout", "soon"}, `"soon" is not a value -timeout takes`},
		{[]string{"--limit", "x"}, `"x" is not a value -limit takes`},
	} {
		_, _, err := parseFlags("devices", tc.args)
		if err == nil {
			t.Fatalf("%q: no error", tc.args)
		}
		if got := flagError(err); got != tc.want {
			t.Errorf("%q: %q (from %q), want %q", tc.args, got, err, tc.want)
		}
	}
}
