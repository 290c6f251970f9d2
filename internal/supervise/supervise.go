// Package supervise keeps the bot's long-running components (the Telegram
// and Discord connections, the knowledge watcher) running: a component that
// fails is logged and restarted with backoff, and never takes the others
// down with it.
package supervise

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"iccbot/internal/clock"
)

// ErrRejected marks a failure that retrying soon cannot mend: the service
// refused the component's credentials (a mistyped or revoked token). A
// component's Run wraps it in the error it returns; All then logs the
// component's Rejected message once, marks its Health rejected, and tries
// again only every Options.RejectedRetry.
var ErrRejected = errors.New("credentials rejected")

// Component is one long-running part of the process. Run returns when ctx
// is cancelled (nil) or when it fails (an error, to be retried).
type Component struct {
	Name string
	Run  func(ctx context.Context) error
	// Rejected says what the operator must fix when Run fails with
	// ErrRejected, e.g. "TELEGRAM_BOT_TOKEN was rejected by Telegram: check
	// it with @BotFather". It is logged and shown by readiness checks, so it
	// never holds a secret.
	Rejected string
	// Health, when set, is marked down when Run fails and rejected when it
	// fails with ErrRejected; Run marks it up itself once connected.
	Health *Health
}

// Backoff is the wait before each restart: it doubles from Min up to Max,
// and starts again from Min after a run that lasted longer than Max.
type Backoff struct {
	Min, Max time.Duration
}

// Options configure All. Sleep waits for d or until ctx is done; tests
// replace it to run without real waiting.
type Options struct {
	Backoff Backoff
	// RejectedRetry is the wait after a failure with ErrRejected (default
	// an hour): the operator has to act, and hammering the service with a
	// bad token helps nobody.
	RejectedRetry time.Duration
	Log           *slog.Logger
	Now           func() time.Time
	Sleep         func(ctx context.Context, d time.Duration) error
}

// DefaultRejectedRetry is Options.RejectedRetry's default.
const DefaultRejectedRetry = time.Hour

func (o Options) withDefaults() Options {
	if o.Backoff.Min <= 0 {
		o.Backoff.Min = time.Second
	}
	if o.Backoff.Max <= 0 {
		o.Backoff.Max = 2 * time.Minute
	}
	if o.RejectedRetry <= 0 {
		o.RejectedRetry = DefaultRejectedRetry
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// All runs every component until ctx is cancelled, restarting any that
// fails or panics, and returns once all of them have returned.
func All(ctx context.Context, opts Options, comps ...Component) {
	opts = opts.withDefaults()
	var wg sync.WaitGroup
	for _, c := range comps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keep(ctx, opts, c)
		}()
	}
	wg.Wait()
}

func keep(ctx context.Context, opts Options, c Component) {
	h := c.Health
	if h == nil {
		h = NewHealth(c.Name, nil) // to tell a first rejection from the next
	}
	wait := opts.Backoff.Min
	for ctx.Err() == nil {
		started := opts.Now()
		err := runOnce(ctx, c)
		if ctx.Err() != nil {
			return
		}
		if opts.Now().Sub(started) > opts.Backoff.Max {
			wait = opts.Backoff.Min // it ran well for a while: a fresh failure
		}
		if err == nil {
			err = fmt.Errorf("stopped without being asked to")
		}
		if errors.Is(err, ErrRejected) {
			fix := c.Rejected
			if fix == "" {
				fix = c.Name + ": credentials rejected; check them"
			}
			// Once, until the component connects again: the operator
			// needs to hear it, not to have the log filled with it.
			level := slog.LevelDebug
			if h.reject(fix) {
				level = slog.LevelError
			}
			opts.Log.Log(ctx, level, fix, "component", c.Name, "err", err, "retry_in", opts.RejectedRetry)
			if opts.Sleep(ctx, opts.RejectedRetry) != nil {
				return
			}
			continue
		}
		h.Down()
		opts.Log.Error("component failed; restarting", "component", c.Name, "err", err, "retry_in", wait)
		if opts.Sleep(ctx, wait) != nil {
			return
		}
		wait = min(wait*2, opts.Backoff.Max)
	}
}

func runOnce(ctx context.Context, c Component) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return c.Run(ctx)
}
