//go:build unix

package heapdump

import (
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// listen runs dump on each SIGUSR1 until stop.
func listen(dump func(), logger *slog.Logger) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGUSR1)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-sig:
				dump()
			case <-done:
				return
			}
		}
	}()
	logger.Info("heap profile on SIGUSR1", "pid", os.Getpid())
	return func() { signal.Stop(sig); close(done) }
}
