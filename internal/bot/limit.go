package bot

import (
	"crypto/rand"
	"sync"
	"time"
)

type verdict int

const (
	allowed       verdict = iota
	denied                // over the limit: say so, once
	deniedQuietly         // still over the limit and already told
)

// limiter is a token bucket per person. People who are told they are over
// the limit are told once, not once per message, until they may ask again.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
	sweepAt time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
	warned bool
}

func newLimiter(rate, burst float64) *limiter {
	return &limiter{rate: rate, burst: burst, buckets: map[string]*bucket{}}
}

// allow spends one of key's tokens if it has one. When it has none, wait
// is how long until it will.
func (l *limiter) allow(key string, now time.Time) (v verdict, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		b.warned = false
		return allowed, 0
	}
	wait = time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	if b.warned {
		return deniedQuietly, wait
	}
	b.warned = true
	return denied, wait
}

// sweep forgets buckets that have refilled, so memory follows the number
// of people asking right now, not everyone who ever asked.
func (l *limiter) sweep(now time.Time) {
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
