// Package inflight is what the chat adapters share at their boundary: a
// count of the messages being handled, so that shutdown lets them finish for
// a while before cancelling them, and one place where a panic in handling a
// message (a bug) is logged without the message and never takes the
// process down.
package inflight

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// Tracker counts work in flight. Its zero value is ready; once Drain has
// begun, Begin refuses new work.
type Tracker struct {
	mu      sync.Mutex // guards closing and wg.Add against Drain's wg.Wait
	closing bool
	wg      sync.WaitGroup
}

// Begin counts one more piece of work, unless the tracker is draining;
// each successful Begin must be matched by Done.
func (t *Tracker) Begin() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return false
	}
	t.wg.Add(1)
	return true
}

// Done ends a piece of work Begin counted.
func (t *Tracker) Done() { t.wg.Done() }

// Drain stops taking work and waits for what is in flight, up to grace;
// then it cancels it and waits for it to stop. It reports whether the
// grace ran out.
func (t *Tracker) Drain(grace time.Duration, cancel context.CancelFunc) (timedOut bool) {
	t.mu.Lock()
	t.closing = true
	t.mu.Unlock()
	done := make(chan struct{})
	go func() { t.wg.Wait(); close(done) }()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-done:
		return false
	case <-timer.C:
		cancel()
		<-done
		return true
	}
}

// Recover logs a panic in handling one message, with its stack but never
// the message, and lets the adapter go on. Use it as `defer
// inflight.Recover(log, "what was being done")`.
func Recover(log *slog.Logger, what string) {
	if p := recover(); p != nil {
		log.Error(what+" panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	}
}
