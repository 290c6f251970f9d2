package bot

import (
	"context"
	"crypto/rand"
	"sync"
	"time"
)

// Verdict is a Limiter's decision on one question.
type Verdict int

const (
	// Allowed: the person may ask; one token is spent.
	Allowed Verdict = iota
	// Denied: over the limit; say so, once.
	Denied
	// DeniedQuietly: still over the limit and already told.
	DeniedQuietly
)

// Limiter is a token bucket per person: Burst questions at once, then one
// every 60/RatePerMinute seconds. People who are told they are over the
// limit are told once, not once per message, until they may ask again.
// MemoryLimiter is one in this process; a store shared by several
// processes is another, so that a person's limit holds across them.
type Limiter interface {
	// Allow spends one of key's tokens if it has one; when it has none,
	// wait is how long until it will. key stands for a person (platform
	// and user id): a store outside the process keeps a keyed hash of
	// it, never the key itself. now is the bot's clock, not the store's.
	Allow(ctx context.Context, key string, now time.Time) (v Verdict, wait time.Duration, err error)
}

// MemoryLimiter is a Limiter in this process. Its memory follows the
// number of people asking right now, not everyone who ever asked.
type MemoryLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
	sweepAt time.Time
}

var _ Limiter = (*MemoryLimiter)(nil)

type bucket struct {
	tokens float64
	last   time.Time
	warned bool
}

// NewMemoryLimiter makes an empty MemoryLimiter refilling perMinute
// tokens a minute up to burst (the defaults when <= 0).
func NewMemoryLimiter(perMinute float64, burst int) *MemoryLimiter {
	if perMinute <= 0 {
		perMinute = DefaultRatePerMinute
	}
	if burst <= 0 {
		burst = DefaultBurst
	}
	return &MemoryLimiter{rate: perMinute / 60, burst: float64(burst), buckets: map[string]*bucket{}}
}

// Allow implements Limiter. It never fails.
func (l *MemoryLimiter) Allow(_ context.Context, key string, now time.Time) (v Verdict, wait time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	// A clock that steps back (another replica's, through a shared
	// store) gives no tokens and takes none.
	if now.After(b.last) {
		b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		b.warned = false
		return Allowed, 0, nil
	}
	wait = time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	if b.warned {
		return DeniedQuietly, wait, nil
	}
	b.warned = true
	return Denied, wait, nil
}

// sweep forgets buckets that have refilled, so memory follows the number
// of people asking right now, not everyone who ever asked.
func (l *MemoryLimiter) sweep(now time.Time) {
	if now.Before(l.sweepAt) {
		return
	}
	l.sweepAt = now.Add(time.Minute)
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

func randomKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // crypto/rand.Read never fails on supported platforms
	return k
}
