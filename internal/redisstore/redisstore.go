// Package redisstore keeps the bot's shared state in Redis (or Valkey), so
// that several replicas answer as one: conversation memory for follow-ups
// (the engine's and the LLM's), per-person rate limits, unanswered
// questions and feedback. Each store satisfies the interface its user
// declares (answer.Conversations, answer.History, bot.Limiter,
// bot.GapStore, feedback.Store) with the bounds and expiry of the
// in-process one, and passes the same test suite.
//
// Redis failing never stops the bot: every call has a short timeout, and
// while Redis does not answer each store keeps its state in process (a
// warning is logged when that starts, a line when it ends, and
// iccbot_store_fallback_total counts the calls). Unanswered questions and
// ratings taken in process are passed on to Redis when it answers again.
//
// Keys start with a prefix ("iccbot:") and the kind of state. Ids of people
// and chats never reach Redis: they are replaced by an HMAC-SHA256 keyed
// with a secret every replica shares, so replicas agree on a person's
// bucket and conversation while a reader of Redis cannot tell who it is.
// The store's scripts reach keys they are not passed, so it needs one
// Redis server (or a primary with replicas), not a Redis Cluster.
//
// Redis bounds nothing by count here that it can bound by time: every key
// has a TTL (the window of its kind), and the server's memory is bounded by
// maxmemory with maxmemory-policy volatile-lru, which evicts the least
// recently used keys that have a TTL, all of ours.
package redisstore

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"iccbot/internal/clock"
)

// ErrNoSecret is returned by Open without Options.Secret.
var ErrNoSecret = errors.New("redisstore: a secret to hash ids with is needed (shared by all replicas)")

// Observer is told about the store's health, for metrics; the metrics
// package satisfies it.
type Observer interface {
	// ObserveStoreFallback: one call was answered from in-process state;
	// kind is conversations, history, limits, gaps or feedback.
	ObserveStoreFallback(kind string)
	// ObserveStoreUp: whether Redis answers.
	ObserveStoreUp(up bool)
}

// Options tune a Client. Zero values take the defaults.
type Options struct {
	// Secret keys the HMAC that stands for ids of people and chats in
	// keys. Every replica must have the same one, or they will not share
	// a person's limit or a conversation; 32 random bytes. Required.
	Secret []byte
	// Prefix starts every key; "iccbot:" by default. Two deployments
	// sharing one Redis need two prefixes.
	Prefix string
	// Timeout bounds each call to Redis; past it the call is answered in
	// process. 200 ms by default.
	Timeout time.Duration
	// RetryEvery is how often, while Redis does not answer, one call tries
	// it again (the others go straight to the in-process state, paying no
	// timeout). 2 s by default.
	RetryEvery time.Duration
	// PingEvery is how often Run checks Redis. 5 s by default.
	PingEvery time.Duration
	// Clock is the time for retries, pings and memory windows; the real
	// one by default.
	Clock clock.Clock
	// Log receives the warnings; nothing by default.
	Log *slog.Logger
	// Observer, when set, is told about fallbacks and health.
	Observer Observer
}

// Defaults for the zero values of Options.
const (
	DefaultPrefix     = "iccbot:"
	DefaultTimeout    = 200 * time.Millisecond
	DefaultRetryEvery = 2 * time.Second
	DefaultPingEvery  = 5 * time.Second
	// openTimeout bounds the PING at Open: a replica starts without
	// Redis rather than wait for it.
	openTimeout = 2 * time.Second
)

func (o Options) withDefaults() Options {
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.RetryEvery <= 0 {
		o.RetryEvery = DefaultRetryEvery
	}
	if o.PingEvery <= 0 {
		o.PingEvery = DefaultPingEvery
	}
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Observer == nil {
		o.Observer = noObserver{}
	}
	return o
}

type noObserver struct{}

func (noObserver) ObserveStoreFallback(string) {}
func (noObserver) ObserveStoreUp(bool)         {}

// Client is one connection pool to Redis and the health every store made
// from it shares: when Redis does not answer one store, the others stop
// waiting on it too. It is safe for concurrent use.
type Client struct {
	rdb    *redis.Client
	opts   Options
	health *health

	mu       sync.Mutex
	flushers []func(context.Context) bool // stores with state to pass on when Redis is back
}

// Open connects to the Redis at rawURL (redis://[user:password@]host:port/db,
// or rediss:// for TLS, as REDIS_URL gives it) and checks it with one
// PING. Redis out of reach at start is no error: the stores answer in
// process until it answers (see Ready). Only a malformed url or a missing
// secret is.
func Open(ctx context.Context, rawURL string, o Options) (*Client, error) {
	if len(o.Secret) == 0 {
		return nil, ErrNoSecret
	}
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		// The url may hold a password: url.Parse's error repeats the url,
		// its cause does not (the driver's own errors name only a part).
		if uerr := (*url.Error)(nil); errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("redisstore: REDIS_URL: %w", err)
	}
	c := newClient(opt, o)
	// The first connection may take longer than a call (TLS): it has
	// openTimeout, or less if ctx says so. A failure is logged, and the
	// stores start in process.
	if err := c.ping(ctx, max(openTimeout, c.opts.Timeout)); err != nil {
		c.health.failed("ping", err) // even when ctx ran out: Redis did not answer in time
	}
	return c, nil
}

func newClient(opt *redis.Options, o Options) *Client {
	o = o.withDefaults()
	// Calls are bounded by their context (Options.Timeout), not by the
	// driver's seconds-long socket timeouts.
	opt.ContextTimeoutEnabled = true
	if opt.MaxRetries == 0 {
		opt.MaxRetries = 1 // one more try on a fresh connection after a restart
	}
	if opt.DialerRetries == 0 {
		opt.DialerRetries = 1 // a refused connection is an answer: fall back now
	}
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return &Client{
		rdb:    redis.NewClient(opt),
		opts:   o,
		health: newHealth(o),
	}
}

// Close closes the connections.
func (c *Client) Close() error { return c.rdb.Close() }

// Redis is the client itself, for the chat platforms' leases and
// deduplication (package redislease), which share its connections.
func (c *Client) Redis() *redis.Client { return c.rdb }

// Ready says how the shared state is kept, for /readyz. Redis out of reach
// does not make a replica unready, since it answers from in-process state:
// failing readiness would take every replica out of service when Redis
// fails, which is what the fallback is for. ok is therefore always true.
func (c *Client) Ready() (ok bool, summary string) {
	if c.health.isUp() {
		return true, "redis: ok"
	}
	return true, "redis: unreachable (answering from in-process state)"
}

// Up reports whether Redis answered the last call or PING.
func (c *Client) Up() bool { return c.health.isUp() }

// Ping checks Redis now. When it answers, the stores pass on what they
// kept in process while it did not.
func (c *Client) Ping(ctx context.Context) error { return c.ping(ctx, c.opts.Timeout) }

func (c *Client) ping(ctx context.Context, timeout time.Duration) error {
	pctx, cancel := context.WithTimeout(ctx, timeout)
	err := c.rdb.Ping(pctx).Err()
	cancel()
	if err != nil {
		if ctx.Err() == nil {
			c.health.failed("ping", err)
		}
		return fmt.Errorf("redisstore: ping: %w", err)
	}
	c.health.succeeded()
	c.flushAll(ctx)
	return nil
}

// flushAll passes on to Redis what every store kept in process while it
// did not answer.
func (c *Client) flushAll(ctx context.Context) {
	c.mu.Lock()
	flushers := slices.Clone(c.flushers)
	c.mu.Unlock()
	for _, f := range flushers {
		if !f(ctx) {
			return // Redis failed again
		}
	}
}

// Run checks Redis every PingEvery until ctx is done, so that Ready is
// current and state kept in process is passed on to Redis soon after it
// answers again, whether or not anyone asks. It returns nil when ctx ends.
func (c *Client) Run(ctx context.Context) error {
	for {
		if err := c.opts.Clock.Sleep(ctx, c.opts.PingEvery); err != nil {
			return nil
		}
		_ = c.Ping(ctx) // a failure is logged once, by health
	}
}

func (c *Client) addFlusher(f func(context.Context) bool) {
	c.mu.Lock()
	c.flushers = append(c.flushers, f)
	c.mu.Unlock()
}

// key is the Redis key for an id of kind: the id itself never appears,
// only 128 bits of its HMAC.
func (c *Client) key(kind, id string) string {
	mac := hmac.New(sha256.New, c.opts.Secret)
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write([]byte(id))
	return c.opts.Prefix + kind + ":" + hex.EncodeToString(mac.Sum(nil)[:16])
}

// call runs fn against Redis if Redis is to be tried now, within the
// timeout, and reports whether Redis answered; when it did not, the
// caller answers in process (and the fallback is counted). An error of
// the caller's own context (it went away) says nothing about Redis.
// flush, when not nil, first passes on what the store kept in process
// during an outage (each step within its own timeout), and reports
// whether it all went.
func (c *Client) call(ctx context.Context, kind string, flush func(context.Context) bool, fn func(context.Context) error) bool {
	if !c.health.try() || (flush != nil && !flush(ctx)) {
		c.opts.Observer.ObserveStoreFallback(kind)
		return false
	}
	cctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	err := fn(cctx)
	cancel()
	if err == nil {
		if c.health.succeeded() {
			// Back: the other stores pass on what they kept meanwhile
			// now, not at their next call, so every replica sees it.
			c.flushAll(ctx)
		}
		return true
	}
	if ctx.Err() == nil {
		c.health.failed(kind, err)
	}
	c.opts.Observer.ObserveStoreFallback(kind)
	return false
}

// health is whether Redis answers, as the stores of one Client saw it.
// While it does not, one call per RetryEvery tries it again.
type health struct {
	log        *slog.Logger
	obs        Observer
	now        func() time.Time
	retryEvery time.Duration

	mu      sync.Mutex
	up      bool
	known   bool // false until the first call or PING
	retryAt time.Time
}

func newHealth(o Options) *health {
	return &health{log: o.Log, obs: o.Observer, now: o.Clock.Now, retryEvery: o.RetryEvery, up: true}
}

func (h *health) isUp() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.up
}

// try reports whether a call should go to Redis.
func (h *health) try() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.up {
		return true
	}
	now := h.now()
	if now.Before(h.retryAt) {
		return false
	}
	h.retryAt = now.Add(h.retryEvery) // this call probes; the others wait for it
	return true
}

func (h *health) failed(kind string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.retryAt = h.now().Add(h.retryEvery)
	if h.up {
		h.log.Warn("redis does not answer: keeping conversations, limits, unanswered questions and feedback in this process until it does",
			"store", kind, "err", err)
		h.obs.ObserveStoreUp(false)
	}
	h.up, h.known = false, true
}

// succeeded records a call Redis answered, and reports whether Redis was
// down until it.
func (h *health) succeeded() (recovered bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	recovered = !h.up
	if recovered {
		h.log.Info("redis answers again: state is shared again")
	}
	if recovered || !h.known {
		h.obs.ObserveStoreUp(true)
	}
	h.up, h.known = true, true
	return recovered
}

// pending holds what a store did in process while Redis did not answer,
// to do again in Redis when it does: unanswered questions and ratings
// are not lost to an outage. It is bounded: past the bound, what the store
// does in process is not passed on, and is forgotten with the rest of the
// in-process state once the queue has gone to Redis.
type pending struct {
	mu  sync.Mutex
	ops []op
}

type op struct {
	kind string // what it does, so that a reset can drop what it undoes
	do   func(context.Context) error
}

const maxPending = 10000

// add runs inProcess, the call done in process, and if it took, keeps
// do, the same in Redis, for later: under one lock, so that a flush ending
// meanwhile cannot clear the one without the other.
func (p *pending) add(kind string, inProcess func() bool, do func(context.Context) error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if inProcess() && len(p.ops) < maxPending {
		p.ops = append(p.ops, op{kind, do})
	}
}

// drop runs inProcess and forgets the pending ops of kind, under one lock.
func (p *pending) drop(kind string, inProcess func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	inProcess()
	kept := p.ops[:0]
	for _, o := range p.ops {
		if o.kind != kind {
			kept = append(kept, o)
		}
	}
	p.ops = kept
}

// flush does the pending ops in Redis, in order, each within the timeout,
// and stops at the first that fails (Redis is down again: the rest wait).
// It reports whether none is left; done then runs, under the same lock,
// so no op is added between the last and it.
func (p *pending) flush(ctx context.Context, c *Client, kind string, done func()) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.ops) == 0 {
		return true
	}
	for len(p.ops) > 0 {
		cctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
		err := p.ops[0].do(cctx)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				c.health.failed(kind, err)
			}
			return false
		}
		p.ops[0] = op{}
		p.ops = p.ops[1:]
	}
	p.ops = nil
	done()
	return true
}
