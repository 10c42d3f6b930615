//go:build !unix

package heapdump

import "log/slog"

// listen has no signal to listen for on this system.
func listen(_ func(), logger *slog.Logger) (stop func()) {
	logger.Warn("heap profile on request needs SIGUSR1, which this system has not")
	return func() {}
}
