// Package uithread lets windows hand UI updates from background work to
// the UI goroutine in a way tests can drive. In the app a Runner is
// fyne.Do; in tests it is a Queue that the test goroutine drains, so that
// widget reads and writes stay on one goroutine and the race detector is
// satisfied (Fyne's test driver runs fyne.Do inline, on whichever
// goroutine calls it).
package uithread

import (
	"time"

	"fyne.io/fyne/v2"
)

// Runner runs f on the UI goroutine.
type Runner func(f func())

// Fyne is the app's Runner.
func Fyne(f func()) { fyne.Do(f) }

// Queue is a Runner for tests.
type Queue struct{ ch chan func() }

// NewQueue returns an empty Queue.
func NewQueue() *Queue { return &Queue{ch: make(chan func(), 256)} }

// Run queues f; it is the Runner.
func (q *Queue) Run(f func()) { q.ch <- f }

// DrainUntil runs queued functions on the calling goroutine until cond
// holds (checked on the calling goroutine too) or timeout passes. It
// reports whether cond held.
func (q *Queue) DrainUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.After(timeout)
	for !cond() {
		select {
		case f := <-q.ch:
			f()
		case <-deadline:
			return cond()
		}
	}
	return true
}
