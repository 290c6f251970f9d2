package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"iccbot/internal/bot"
)

// allowScript is bot.MemoryLimiter's token bucket as one atomic step: it
// refills the bucket for the time since its last use, spends a token or
// says how long until there is one, and keeps "told once" (warned). Time
// is the caller's (the bot's clock, in Unix microseconds), not Redis's,
// and never runs backwards: a replica whose clock is behind gives no
// tokens. The bucket is a hash iccbot:limit:<hmac> {t tokens, l last, w
// warned} that expires once it would be full again, when it is no
// different from no bucket.
//
// KEYS[1] the bucket; ARGV now (µs), rate (tokens/s), burst.
// Returns {verdict (0 allowed, 1 denied, 2 denied quietly), wait (µs)}.
var allowScript = redis.NewScript(`
local now, rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'l', 'w')
local tokens, last, warned = tonumber(b[1]), tonumber(b[2]), b[3] == '1'
if tokens == nil or last == nil then
  tokens, last, warned = burst, now, false
end
if now > last then
  tokens = math.min(burst, tokens + (now - last) / 1e6 * rate)
  last = now
end
local verdict, wait = 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  warned = false
else
  wait = (1 - tokens) / rate * 1e6
  if warned then verdict = 2 else verdict = 1 end
  warned = true
end
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'l', string.format('%.17g', last), 'w', warned and '1' or '0')
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return {verdict, math.floor(wait + 0.5)}
`)

// limiter is bot.Limiter in Redis.
type limiter struct {
	c     *Client
	rate  float64 // tokens per second
	burst int
}

func (l *limiter) Allow(ctx context.Context, key string, now time.Time) (bot.Verdict, time.Duration, error) {
	res, err := allowScript.Run(ctx, l.c.rdb, []string{l.c.key(kindLimits, key)},
		now.UnixMicro(), l.rate, l.burst).Int64Slice()
	if err != nil {
		return bot.Allowed, 0, fmt.Errorf("redisstore: limit: %w", err)
	}
	if len(res) != 2 {
		return bot.Allowed, 0, fmt.Errorf("redisstore: limit: script returned %d values", len(res))
	}
	wait := time.Duration(res[1]) * time.Microsecond
	switch res[0] {
	case 0:
		return bot.Allowed, 0, nil
	case 1:
		return bot.Denied, wait, nil
	default:
		return bot.DeniedQuietly, wait, nil
	}
}

// Limiter is the per-person rate limit in Redis, so that a person's limit
// holds across replicas, falling back to a bot.MemoryLimiter in this
// process while Redis does not answer (a person then starts with a full
// bucket on each replica, for the outage). It never fails.
type Limiter struct {
	redis *limiter
	mem   *bot.MemoryLimiter
	c     *Client
}

var _ bot.Limiter = (*Limiter)(nil)

// Limiter returns the rate limit for bot.Config.Limiter: perMinute tokens
// a minute up to burst (bot's defaults when <= 0); pass the bot's
// RatePerMinute and Burst.
func (c *Client) Limiter(perMinute float64, burst int) *Limiter {
	if perMinute <= 0 {
		perMinute = bot.DefaultRatePerMinute
	}
	if burst <= 0 {
		burst = bot.DefaultBurst
	}
	return &Limiter{
		redis: &limiter{c: c, rate: perMinute / 60, burst: burst},
		mem:   bot.NewMemoryLimiter(perMinute, burst),
		c:     c,
	}
}

// Allow implements bot.Limiter.
func (l *Limiter) Allow(ctx context.Context, key string, now time.Time) (bot.Verdict, time.Duration, error) {
	var v bot.Verdict
	var wait time.Duration
	if l.c.call(ctx, metricKind[kindLimits], nil, func(ctx context.Context) (err error) {
		v, wait, err = l.redis.Allow(ctx, key, now)
		return err
	}) {
		return v, wait, nil
	}
	return l.mem.Allow(ctx, key, now)
}
