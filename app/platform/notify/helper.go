//go:build windows || darwin

package notify

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"

	"github.com/utec-tray/utec-tray/app/platform/childenv"
)

// runHelper runs the platform's notification program with args and waits
// for it, within ctx. It gets the environment without the app's UTEC_*
// variables (the client secret among them). Its error output, cut short,
// goes into the error: it says why a toast failed.
func runHelper(ctx context.Context, name string, args []string, configure func(*exec.Cmd)) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = childenv.Environ()
	// The process is killed when ctx ends; its output pipes are given up
	// on shortly after, should a grandchild hold them open.
	cmd.WaitDelay = time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, left: 2048}
	if configure != nil {
		configure(cmd)
	}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s did not finish in time: %w", name, ctx.Err())
		}
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return fmt.Errorf("%s: %w: %s", name, err, msg)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// limitedWriter keeps the first bytes written and discards the rest.
type limitedWriter struct {
	w    *bytes.Buffer
	left int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.left > 0 {
		n := min(len(p), l.left)
		l.w.Write(p[:n])
		l.left -= n
	}
	return len(p), nil
}

// counter numbers the notifications of platforms whose servers give none,
// so that Result.ID and the tracking work as on D-Bus.
var counter atomic.Uint32

func nextID() uint32 { return counter.Add(1) }
