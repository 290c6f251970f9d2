package redisstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"iccbot/internal/bot"
	"iccbot/internal/search"
)

// Unanswered questions in Redis. Each folded question (search.Fold) has a
// hash iccbot:gaps:q:<sha256 of the folded text> holding the text as first
// asked (field "q") and a count per UTC day ("2026-11-27": 3): the day,
// never the time, a question was asked. A sorted set iccbot:gaps:index
// scores each question by when it was last asked (Unix ms), to find the
// least recently asked when the store is full and the ones still within
// the window. Every key expires a day past the window after the last
// question. Nothing says who asked, or where.
//
// Counting by the day makes the window whole days: asks on the day the
// window starts count until that day has passed out of it entirely (up to
// a day longer than in process).

// recordGapScript counts one asking, making room first when the question
// is new and the store full: questions not asked within the window go,
// then the least recently asked. Day counts past the window are dropped.
//
// KEYS[1] index, KEYS[2] the question's hash. ARGV member, text, day,
// now (ms), cutoff (ms: now - window), size, ttl (ms), key prefix of
// question hashes, first day within the window.
var recordGapScript = redis.NewScript(`
local index, q = KEYS[1], KEYS[2]
local size = tonumber(ARGV[6])
local function forget(m)
  redis.call('DEL', ARGV[8] .. m)
  redis.call('ZREM', index, m)
end
if redis.call('EXISTS', q) == 0 then
  if redis.call('ZCARD', index) >= size then
    for _, m in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', '(' .. ARGV[5])) do forget(m) end
    if redis.call('ZCARD', index) >= size then
      for _, m in ipairs(redis.call('ZRANGE', index, 0, 0)) do forget(m) end
    end
  end
  redis.call('HSET', q, 'q', ARGV[2])
else
  for _, f in ipairs(redis.call('HKEYS', q)) do
    if f ~= 'q' and f < ARGV[9] then redis.call('HDEL', q, f) end
  end
end
redis.call('HINCRBY', q, ARGV[3], 1)
-- The latest asking wins, whatever the order (questions counted in
-- process during an outage are counted here later).
redis.call('ZADD', index, 'GT', ARGV[4], ARGV[1])
redis.call('PEXPIRE', q, ARGV[7])
redis.call('PEXPIRE', index, ARGV[7])
return 1
`)

// resetGapsScript forgets every question; it returns how many there were.
// KEYS[1] index; ARGV key prefix of question hashes.
var resetGapsScript = redis.NewScript(`
local ms = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, m in ipairs(ms) do redis.call('DEL', ARGV[1] .. m) end
redis.call('DEL', KEYS[1])
return #ms
`)

// gaps is bot.GapStore in Redis.
type gaps struct {
	c      *Client
	size   int
	window time.Duration
}

func (g *gaps) index() string   { return g.c.opts.Prefix + kindGaps + ":index" }
func (g *gaps) qPrefix() string { return g.c.opts.Prefix + kindGaps + ":q:" }

// member names a folded question: its text is in the hash, so no secret
// is needed, only a fixed length.
func member(folded string) string {
	h := sha256.Sum256([]byte(folded))
	return hex.EncodeToString(h[:12])
}

func dayOf(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// windowStart is the first day a count is kept for: the day the window
// starts on.
func (g *gaps) windowStart(now time.Time) string { return dayOf(now.Add(-g.window)) }

func (g *gaps) Record(ctx context.Context, question string, now time.Time) error {
	folded := search.Fold(question)
	if folded == "" {
		return nil
	}
	m := member(folded)
	ttl := g.window + 24*time.Hour
	err := recordGapScript.Run(ctx, g.c.rdb, []string{g.index(), g.qPrefix() + m},
		m, question, dayOf(now), now.UnixMilli(), now.Add(-g.window).UnixMilli(), g.size,
		ttl.Milliseconds(), g.qPrefix(), g.windowStart(now)).Err()
	if err != nil {
		return fmt.Errorf("redisstore: gaps: %w", err)
	}
	return nil
}

func (g *gaps) Top(ctx context.Context, n int, now time.Time) ([]bot.Gap, error) {
	start := g.windowStart(now)
	startDay, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return nil, fmt.Errorf("redisstore: gaps: %w", err)
	}
	members, err := g.c.rdb.ZRangeByScore(ctx, g.index(), &redis.ZRangeBy{
		Min: strconv.FormatInt(startDay.UnixMilli(), 10), Max: "+inf",
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: gaps: %w", err)
	}
	if len(members) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.MapStringStringCmd, len(members))
	if _, err := g.c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, m := range members {
			cmds[i] = p.HGetAll(ctx, g.qPrefix()+m)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("redisstore: gaps: %w", err)
	}
	today := dayOf(now)
	var out []bot.Gap
	for _, cmd := range cmds {
		fields := cmd.Val()
		gap := bot.Gap{Question: fields["q"]}
		first, last := "", ""
		for f, v := range fields {
			if f == "q" || f < start || f > today {
				continue
			}
			c, err := strconv.Atoi(v)
			if err != nil {
				continue
			}
			gap.Count += c
			if first == "" || f < first {
				first = f
			}
			if f > last {
				last = f
			}
		}
		if gap.Count == 0 || gap.Question == "" {
			continue
		}
		gap.FirstSeen, _ = time.Parse(time.DateOnly, first)
		gap.LastSeen, _ = time.Parse(time.DateOnly, last)
		out = append(out, gap)
	}
	return bot.SortGaps(out, n), nil
}

func (g *gaps) Reset(ctx context.Context) (int, error) {
	n, err := resetGapsScript.Run(ctx, g.c.rdb, []string{g.index()}, g.qPrefix()).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: gaps: %w", err)
	}
	return n, nil
}

// Gaps is the unanswered-question count in Redis, so that moderators see
// one list whichever replica they ask, falling back to a bot.MemoryGaps in
// this process while Redis does not answer. Questions counted in process
// meanwhile are counted in Redis, by their day, when it answers again; a
// moderator asking during the outage sees only the questions this replica
// counted since it began. Its methods never fail.
type Gaps struct {
	redis   *gaps
	mem     *bot.MemoryGaps
	c       *Client
	pending pending
}

var _ bot.GapStore = (*Gaps)(nil)

// Gaps returns the unanswered-question count for bot.Config.GapStore,
// keeping at most size questions for window (bot's defaults when <= 0);
// pass the bot's GapsSize and GapsWindow.
func (c *Client) Gaps(size int, window time.Duration) *Gaps {
	if size <= 0 {
		size = bot.DefaultGapsSize
	}
	if window <= 0 {
		window = bot.DefaultGapsWindow
	}
	g := &Gaps{redis: &gaps{c: c, size: size, window: window}, mem: bot.NewMemoryGaps(size, window), c: c}
	c.addFlusher(g.flush)
	return g
}

// flush counts in Redis what was counted in process during an outage, and
// then forgets it in process.
func (g *Gaps) flush(ctx context.Context) bool {
	return g.pending.flush(ctx, g.c, metricKind[kindGaps], func() { _, _ = g.mem.Reset(ctx) })
}

// Record implements bot.GapStore.
func (g *Gaps) Record(ctx context.Context, question string, now time.Time) error {
	if g.c.call(ctx, metricKind[kindGaps], g.flush, func(ctx context.Context) error {
		return g.redis.Record(ctx, question, now)
	}) {
		return nil
	}
	g.pending.add("record", func() bool { return g.mem.Record(ctx, question, now) == nil }, func(ctx context.Context) error {
		return g.redis.Record(ctx, question, now)
	})
	return nil
}

// Top implements bot.GapStore.
func (g *Gaps) Top(ctx context.Context, n int, now time.Time) ([]bot.Gap, error) {
	var out []bot.Gap
	if g.c.call(ctx, metricKind[kindGaps], g.flush, func(ctx context.Context) (err error) {
		out, err = g.redis.Top(ctx, n, now)
		return err
	}) {
		return out, nil
	}
	return g.mem.Top(ctx, n, now)
}

// Reset implements bot.GapStore. During an outage it forgets what this
// replica counted in process (what a moderator saw), not the list in
// Redis.
func (g *Gaps) Reset(ctx context.Context) (int, error) {
	var n int
	if g.c.call(ctx, metricKind[kindGaps], g.flush, func(ctx context.Context) (err error) {
		n, err = g.redis.Reset(ctx)
		return err
	}) {
		return n, nil
	}
	g.pending.drop("record", func() { n, _ = g.mem.Reset(ctx) })
	return n, nil
}
