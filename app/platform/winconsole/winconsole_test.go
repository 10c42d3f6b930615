package winconsole

import (
	"slices"
	"testing"
)

func TestToReopen(t *testing.T) {
	for _, tc := range []struct {
		name    string
		streams []stream
		want    []string
	}{
		{"started from a console: no handles", []stream{{"stdin", false}, {"stdout", false}, {"stderr", false}}, []string{"stdin", "stdout", "stderr"}},
		{"output redirected to a file", []stream{{"stdin", false}, {"stdout", true}, {"stderr", false}}, []string{"stdin", "stderr"}},
		{"everything redirected (a pipe, a test)", []stream{{"stdin", true}, {"stdout", true}, {"stderr", true}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := toReopen(tc.streams); !slices.Equal(got, tc.want) {
				t.Errorf("toReopen = %q, want %q", got, tc.want)
			}
		})
	}
}

// Where there is nothing to attach to (not Windows, or every stream
// already has a handle, as under go test), Attach must leave the streams
// alone and say so.
func TestAttachWithoutConsoleChangesNothing(t *testing.T) {
	out, errOut := stdoutStderr()
	if Attach() {
		t.Fatal("Attach attached although every standard stream already had a handle")
	}
	if o, e := stdoutStderr(); o != out || e != errOut {
		t.Error("Attach replaced os.Stdout or os.Stderr")
	}
}
