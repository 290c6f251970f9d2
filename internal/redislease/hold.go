package redislease

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"
)

// Hold's timing, as fractions of the lease's time to live: it tries to
// acquire, and renews, every third of it; after a failed renewal it tries
// again every ninth; and it stops the function once two thirds have
// passed since the last acquisition or renewal that Redis confirmed was
// sent. The last third is the margin for the function to return and for
// the two machines' clocks to tick at different rates.
const (
	intervalDiv = 3
	retryDiv    = 9
)

func window(ttl time.Duration) time.Duration { return ttl * 2 / 3 }

// errLost: the lease went while the function ran.
var errLost = errors.New("redislease: lease lost")

// Hold runs run whenever this process holds the lease name, until ctx is
// done: it tries to acquire it every ttl/3; once it has, it calls run
// with a context and the fencing token, renews the lease every ttl/3, and
// cancels run's context as soon as a renewal says the lease is gone, or
// when no renewal has succeeded within 2/3 of ttl (Redis unreachable or
// slow), well before the lease can expire at Redis. After run returns
// from a lost lease, Hold tries to acquire it again.
//
// run must return promptly once its context is cancelled: the lease is
// not renewed meanwhile, and Hold never runs it twice at once.
//
// Hold returns nil when ctx is done (releasing the lease, so that another
// replica takes over at once), or run's error when run returns on its own
// while the lease is held (after releasing it).
func (c *Client) Hold(ctx context.Context, name string, ttl time.Duration, run func(ctx context.Context, fence int64) error) error {
	if ttl < 10*time.Millisecond {
		return fmt.Errorf("redislease: hold %q: ttl %v is too short", name, ttl)
	}
	log := c.log.With("lease", name)
	interval := ttl / intervalDiv
	var waiting, failing bool // said so already in the log
	for {
		sent := c.clock.Now()
		l, err := c.tryAcquire(ctx, name, ttl)
		if err == nil && c.clock.Now().Sub(sent) >= window(ttl) {
			// Granted, but the answer took so long that the lease
			// may be close to expiring: let it go, and try again.
			c.releaseSoon(ctx, l)
			err = fmt.Errorf("redislease: acquire %q: Redis answered too slowly", name)
		}
		var event string
		switch {
		case ctx.Err() != nil:
			if err == nil {
				c.release(ctx, l)
			}
			return nil
		case err == nil:
			if failing {
				log.Info("Redis is reachable again")
			}
			waiting, failing = false, false
			if err := c.keep(ctx, l, sent, run); !errors.Is(err, errLost) {
				return err
			}
			event = "lost"
		case errors.Is(err, ErrHeld):
			if !waiting {
				log.Info("the lease is held elsewhere; waiting to take over")
				waiting = true
			}
			event = "waiting"
		default:
			if !failing {
				log.Warn("cannot acquire the lease: Redis is not answering; trying again", "err", err, "every", interval)
				failing = true
			}
			event = "acquire failed"
		}
		wait := c.clock.After(interval)
		c.note(event) // once the timer is set, so a test may move the clock
		select {
		case <-ctx.Done():
			return nil
		case <-wait:
		}
	}
}

// tryAcquire acquires the lease, returning early if ctx ends first (a
// client built without ContextTimeoutEnabled can hold a call for its
// read timeout); a lease granted after that is released.
func (c *Client) tryAcquire(ctx context.Context, name string, ttl time.Duration) (*Lease, error) {
	type result struct {
		l   *Lease
		err error
	}
	ch := make(chan result, 1)
	go func() {
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), min(c.timeout, window(ttl)))
		defer cancel()
		l, err := c.acquire(actx, name, ttl)
		ch <- result{l, err}
	}()
	select {
	case r := <-ch:
		return r.l, r.err
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.l != nil {
				c.releaseSoon(ctx, r.l)
			}
		}()
		return nil, ctx.Err()
	}
}

// renewal is the outcome of one renewal, sent at at.
type renewal struct {
	at  time.Time
	err error
}

// keep runs run while l is held, renewing it; sent is when the
// acquisition was sent. It returns errLost after run has returned from a
// lost lease, and otherwise run's error (nil when ctx ended), having
// released the lease.
func (c *Client) keep(ctx context.Context, l *Lease, sent time.Time, run func(context.Context, int64) error) error {
	log := c.log.With("lease", l.name, "fence", l.fence)
	interval, retry, win := l.ttl/intervalDiv, l.ttl/retryDiv, window(l.ttl)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			}
		}()
		done <- run(runCtx, l.fence)
	}()
	deadline := c.clock.After(sent.Add(win).Sub(c.clock.Now()))
	next := c.clock.After(interval)
	renewed := make(chan renewal, 1)
	lost, failing := false, false
	log.Info("acquired the lease")
	c.note("acquired")
	stop := func(why string, args ...any) {
		log.Warn(why, args...)
		lost = true
		cancel()
		next, deadline = nil, nil
	}
	for {
		select {
		case err := <-done:
			if lost {
				return errLost
			}
			c.release(ctx, l)
			if ctx.Err() != nil {
				return nil
			}
			if err == nil {
				err = errors.New("stopped without being asked to")
			}
			return fmt.Errorf("redislease: holding %q: %w", l.name, err)
		case <-next:
			next = nil
			at := c.clock.Now()
			go func() {
				rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), min(c.timeout, win))
				defer rcancel()
				renewed <- renewal{at: at, err: l.renew(rctx)}
			}()
		case r := <-renewed:
			switch {
			case lost:
			case r.err == nil:
				if failing {
					log.Info("renewed the lease again")
					failing = false
				}
				deadline = c.clock.After(r.at.Add(win).Sub(c.clock.Now()))
				next = c.clock.After(interval)
				c.note("renewed")
			case errors.Is(r.err, ErrNotHolder):
				stop("the lease went to another replica; stopping")
			default:
				if !failing {
					log.Warn("could not renew the lease; trying again", "err", r.err, "every", retry)
					failing = true
				}
				next = c.clock.After(retry)
				c.note("renew failed")
			}
		case <-deadline:
			stop("could not renew the lease in time; stopping before it can expire", "within", win)
			c.releaseSoon(ctx, l) // in case Redis is merely slow: then another can start at once
		}
	}
}

// release gives the lease back, waiting for Redis at most the call
// timeout: a replica shutting down must not hang on it.
func (c *Client) release(ctx context.Context, l *Lease) {
	done := make(chan error, 1)
	go func() { done <- l.Release(context.WithoutCancel(ctx)) }()
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			c.log.Warn("could not release the lease; it expires by itself", "lease", l.name, "err", err)
			return
		}
		c.log.Info("released the lease", "lease", l.name, "fence", l.fence)
		c.note("released")
	case <-timer.C:
		c.log.Warn("could not release the lease in time; it expires by itself", "lease", l.name)
	}
}

// releaseSoon gives the lease back without waiting.
func (c *Client) releaseSoon(ctx context.Context, l *Lease) {
	go func() { _ = l.Release(context.WithoutCancel(ctx)) }()
}

func (c *Client) note(event string) {
	if c.trace != nil {
		c.trace(event)
	}
}

// Named is one lease with its name and time to live fixed, for a
// component that only needs to hold it: the Telegram adapter's Lease.
type Named struct {
	c    *Client
	name string
	ttl  time.Duration
}

// Named returns the lease name with ttl, ready to Hold.
func (c *Client) Named(name string, ttl time.Duration) *Named {
	return &Named{c: c, name: name, ttl: ttl}
}

// Hold is Client.Hold with n's name and ttl.
func (n *Named) Hold(ctx context.Context, run func(ctx context.Context, fence int64) error) error {
	return n.c.Hold(ctx, n.name, n.ttl, run)
}
