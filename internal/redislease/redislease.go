// Package redislease lets replicas of the bot share two decisions through
// Redis: which one does a job that only one may do at a time (a lease, held
// with a time to live, renewed, and carrying a fencing token), and whether
// an event has been handled by any of them yet (deduplication).
//
// A lease is a key set with NX and PX: its value names the holder, and
// renewal and release are compare-and-set scripts, so only the holder can
// extend or end it. Each acquisition increments a counter in the same
// script, and the holder carries the count as its fencing token: a later
// holder always has a larger one (within one Redis lifetime: without
// persistence, a restarted Redis counts from 1 again).
//
// Hold runs a function only while the lease is held and cancels it before
// the lease can expire at Redis, measuring from when the last successful
// acquisition or renewal was sent, so two holders never run at once even
// when the replicas' clocks disagree (only the rate at which they tick
// matters, and Hold leaves a third of the time to live for that and for
// the function to stop).
//
// When Redis cannot be reached, FirstTime answers "first time" (answering
// twice is better than not answering) together with the error, for the
// caller to count; no lease can be acquired or renewed, so nothing guarded
// by one runs until Redis is back.
package redislease

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is what this package needs of a go-redis client: *redis.Client,
// *redis.ClusterClient and redis.UniversalClient all are one. Build it
// with ContextTimeoutEnabled, so that a call's context deadline bounds it.
type Redis interface {
	redis.Scripter
	SetArgs(ctx context.Context, key string, value any, a redis.SetArgs) *redis.StatusCmd
}

// Clock is the time Hold waits by; tests pass one they move by hand.
type Clock interface {
	Now() time.Time
	// After sends the time on the channel once d has passed.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options configure a Client. Zero values take the defaults.
type Options struct {
	// Prefix starts every key (default "iccbot:"), so that one Redis can
	// serve other programs, or several bots with different prefixes.
	Prefix string
	// CallTimeout bounds one Redis call made outside Hold (FirstTime,
	// Acquire, Renew and Release get it unless their context has an
	// earlier deadline). Default 1 s.
	CallTimeout time.Duration
	// Clock defaults to the wall clock.
	Clock Clock
	// Log defaults to discarding.
	Log *slog.Logger
}

// Client acquires leases and deduplicates events in one Redis.
type Client struct {
	rdb     Redis
	prefix  string
	timeout time.Duration
	clock   Clock
	log     *slog.Logger

	// trace, when set (tests), is told what Hold did, once the timers
	// for what comes next are set: "acquired", "renewed", "renew failed",
	// "released"; and, about to wait before trying to acquire again,
	// "waiting" (held by another), "acquire failed" (Redis failing) or
	// "lost" (the function stopped as the lease could not be kept).
	trace func(event string)
}

// New returns a Client over rdb.
func New(rdb Redis, opts Options) *Client {
	if opts.Prefix == "" {
		opts.Prefix = "iccbot:"
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = time.Second
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Client{rdb: rdb, prefix: opts.Prefix, timeout: opts.CallTimeout, clock: opts.Clock, log: opts.Log}
}

// Errors of the lease operations; anything else is Redis failing.
var (
	// ErrHeld: another holder has the lease.
	ErrHeld = errors.New("redislease: the lease is held by another")
	// ErrNotHolder: the lease expired or went to another holder, so it
	// can no longer be renewed or released by this one.
	ErrNotHolder = errors.New("redislease: the lease is not held by this holder")
)

// acquireScript sets the lease if nobody holds it and counts the
// acquisition: KEYS[1] the lease, KEYS[2] its fencing counter; ARGV[1]
// the holder's id, ARGV[2] the time to live in ms. It returns the fencing
// token, or false when the lease is held. Both keys share a hash tag, so
// the script works on Redis Cluster too.
var acquireScript = redis.NewScript(`
if redis.call('exists', KEYS[1]) == 1 then return false end
local fence = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[2])
return fence
`)

// renewScript extends the lease if ARGV[1] holds it.
var renewScript = redis.NewScript(`
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
`)

// releaseScript deletes the lease if ARGV[1] holds it.
var releaseScript = redis.NewScript(`
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
`)

// Lease is one acquisition of a named lease.
type Lease struct {
	c     *Client
	name  string
	keys  []string
	value string // holder id ":" fence, as stored
	fence int64
	ttl   time.Duration
}

// Name is the lease's name.
func (l *Lease) Name() string { return l.name }

// Fence is the lease's fencing token: larger for every later acquisition
// of the same name (within one Redis lifetime).
func (l *Lease) Fence() int64 { return l.fence }

func (c *Client) leaseKeys(name string) []string {
	k := c.prefix + "lease:{" + name + "}"
	return []string{k, k + ":fence"}
}

// Acquire takes the lease name for ttl, if nobody holds it (ErrHeld
// otherwise). The lease then lasts ttl from when Redis received the
// request, unless renewed or released.
func (c *Client) Acquire(ctx context.Context, name string, ttl time.Duration) (*Lease, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	return c.acquire(ctx, name, ttl)
}

func (c *Client) acquire(ctx context.Context, name string, ttl time.Duration) (*Lease, error) {
	if ttl < time.Millisecond {
		return nil, fmt.Errorf("redislease: acquire %q: ttl %v is under a millisecond", name, ttl)
	}
	var id [12]byte
	_, _ = rand.Read(id[:]) // never fails (crypto/rand)
	holder := hex.EncodeToString(id[:])
	keys := c.leaseKeys(name)
	fence, err := acquireScript.Run(ctx, c.rdb, keys, holder, ttl.Milliseconds()).Int64()
	switch {
	case errors.Is(err, redis.Nil):
		return nil, ErrHeld
	case err != nil:
		return nil, fmt.Errorf("redislease: acquire %q: %w", name, err)
	}
	return &Lease{c: c, name: name, keys: keys, value: holder + ":" + strconv.FormatInt(fence, 10), fence: fence, ttl: ttl}, nil
}

// Renew extends the lease by its ttl from now, if it is still held by l
// (ErrNotHolder otherwise).
func (l *Lease) Renew(ctx context.Context) error {
	ctx, cancel := l.c.bound(ctx)
	defer cancel()
	return l.renew(ctx)
}

func (l *Lease) renew(ctx context.Context) error {
	n, err := renewScript.Run(ctx, l.c.rdb, l.keys[:1], l.value, l.ttl.Milliseconds()).Int64()
	switch {
	case err != nil:
		return fmt.Errorf("redislease: renew %q: %w", l.name, err)
	case n == 0:
		return ErrNotHolder
	}
	return nil
}

// Release ends the lease at once, so another may take it without waiting
// for it to expire, if it is still held by l (ErrNotHolder otherwise).
func (l *Lease) Release(ctx context.Context) error {
	ctx, cancel := l.c.bound(ctx)
	defer cancel()
	n, err := releaseScript.Run(ctx, l.c.rdb, l.keys[:1], l.value).Int64()
	switch {
	case err != nil:
		return fmt.Errorf("redislease: release %q: %w", l.name, err)
	case n == 0:
		return ErrNotHolder
	}
	return nil
}

// bound gives ctx the client's call timeout unless it ends sooner.
func (c *Client) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.timeout)
}

// FirstTime reports whether no replica has claimed the event id of this
// kind within ttl, and claims it: the first caller for an id gets true,
// every later one false, until ttl has passed. When Redis cannot answer,
// it returns true with the error: the event is handled (perhaps twice)
// rather than dropped, and the caller can count the failure.
//
// Each claim writes its own random token and reads what was there before
// (SET NX GET, Redis 7): when the driver sends a claim again after a lost
// reply, finding its own token means the claim was this one's, not
// another replica's.
func (c *Client) FirstTime(ctx context.Context, kind, id string, ttl time.Duration) (bool, error) {
	if ttl < time.Second {
		ttl = time.Second
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	key := c.prefix + "seen:" + kind + ":" + id
	token := claimToken()
	before, err := c.rdb.SetArgs(ctx, key, token, redis.SetArgs{Mode: "NX", Get: true, TTL: ttl.Truncate(time.Second)}).Result()
	switch {
	case errors.Is(err, redis.Nil):
		return true, nil // nothing there: claimed now
	case err != nil:
		return true, fmt.Errorf("redislease: dedupe %s: %w", kind, err)
	}
	return before == token, nil
}

// claimToken is a random token that tells one claim from another.
func claimToken() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
