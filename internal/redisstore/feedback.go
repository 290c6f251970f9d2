package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"iccbot/internal/feedback"
)

// Feedback in Redis. Per answer id: a hash iccbot:feedback:a:<id> {answer
// (its JSON: question, mode, quotes), last (given or rated, Unix ms), rated
// (latest rating), up, down, report (counts)}, a hash
// iccbot:feedback:v:<id> of voter hash → rating, and a list
// iccbot:feedback:r:<id> of reasons, one per voter. A sorted set iccbot:feedback:index
// scores answers by last, to bound them (the least recently given or rated
// goes first), and a set iccbot:feedback:rated lists those with ratings,
// for the moderators' list. Every key expires the window after the
// answer was last given or rated. Voters are the keyed hashes the bot
// makes; nothing else says who rated, or where.

// keepScript keeps an answer, or keeps it longer if it is kept.
// KEYS index, a, v, r, rated. ARGV id, answer JSON, now (ms), cutoff
// (ms: now - window), max answers, ttl (ms), key prefix.
var keepScript = redis.NewScript(`
local index, a, rated = KEYS[1], KEYS[2], KEYS[5]
local function forget(id)
  redis.call('DEL', ARGV[7] .. 'a:' .. id, ARGV[7] .. 'v:' .. id, ARGV[7] .. 'r:' .. id)
  redis.call('ZREM', index, id)
  redis.call('SREM', rated, id)
end
if redis.call('EXISTS', a) == 0 then
  local max = tonumber(ARGV[5])
  if redis.call('ZCARD', index) >= max then
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', '(' .. ARGV[4])) do forget(id) end
    if redis.call('ZCARD', index) >= max then
      for _, id in ipairs(redis.call('ZRANGE', index, 0, 0)) do forget(id) end
    end
  end
  redis.call('HSET', a, 'answer', ARGV[2])
end
redis.call('HSET', a, 'last', ARGV[3])
redis.call('ZADD', index, ARGV[3], ARGV[1])
for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[6]) end
return 1
`)

// rateScript records a voter's rating, as feedback.Memory.Rate does.
// KEYS index, a, v, r, rated. ARGV id, voter, rating, reason, now (ms),
// window (ms), ttl (ms), max voters, max reasons.
// Returns -1 (unknown answer), 0 recorded, 1 changed, 2 unchanged.
var rateScript = redis.NewScript(`
local index, a, v, r, rated = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id, voter, rating, reason, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local last = tonumber(redis.call('HGET', a, 'last'))
if not last then return -1 end
if now - last > tonumber(ARGV[6]) then
  redis.call('DEL', a, v, r)
  redis.call('ZREM', index, id)
  redis.call('SREM', rated, id)
  return -1
end
redis.call('HSET', a, 'last', ARGV[5], 'rated', ARGV[5])
redis.call('ZADD', index, ARGV[5], id)
-- One reason per voter (a second one replaces the first), so that one
-- person reporting again and again cannot fill the slots.
if rating == 'report' and reason ~= '' and (redis.call('HEXISTS', r, voter) == 1 or redis.call('HLEN', r) < tonumber(ARGV[9])) then
  redis.call('HSET', r, voter, reason)
end
local result = 0
local prev = redis.call('HGET', v, voter)
if prev == rating then
  result = 2
elseif not prev and redis.call('HLEN', v) >= tonumber(ARGV[8]) then
  result = 0 -- counted enough: the answer is flagged already
else
  redis.call('HSET', v, voter, rating)
  redis.call('HINCRBY', a, rating, 1)
  if prev then
    redis.call('HINCRBY', a, prev, -1)
    result = 1
  end
  redis.call('SADD', rated, id)
end
for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[7]) end
return result
`)

// flaggedScript lists the rated answers within the window that were rated
// down or reported: {answer JSON, rated (ms), up, down, report, reasons}.
// It drops from the rated set the answers no longer kept.
// KEYS rated. ARGV key prefix, now (ms), window (ms).
var flaggedScript = redis.NewScript(`
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local a = redis.call('HMGET', ARGV[1] .. 'a:' .. id, 'answer', 'last', 'rated', 'up', 'down', 'report')
  if not a[1] or not a[2] then
    redis.call('SREM', KEYS[1], id)
  elseif tonumber(ARGV[2]) - tonumber(a[2]) <= tonumber(ARGV[3]) then
    local down, report = tonumber(a[5]) or 0, tonumber(a[6]) or 0
    if down + report > 0 then
      table.insert(out, {a[1], a[3] or '0', tonumber(a[4]) or 0, down, report,
        redis.call('HVALS', ARGV[1] .. 'r:' .. id)})
    end
  end
end
return out
`)

// clearScript forgets every rating and reason; it returns how many
// answers had any. KEYS rated. ARGV key prefix.
var clearScript = redis.NewScript(`
local n = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local a = ARGV[1] .. 'a:' .. id
  if redis.call('EXISTS', a) == 1 then
    n = n + 1
    redis.call('HDEL', a, 'up', 'down', 'report', 'rated')
  end
  redis.call('DEL', ARGV[1] .. 'v:' .. id, ARGV[1] .. 'r:' .. id)
end
redis.call('DEL', KEYS[1])
return n
`)

// Bounds of feedback.Memory, which the Redis store keeps too.
const (
	maxVoters  = 1000
	maxReasons = 20
)

// feedbackStore is feedback.Store in Redis.
type feedbackStore struct {
	c      *Client
	max    int
	window time.Duration
}

func (s *feedbackStore) prefix() string { return s.c.opts.Prefix + kindFeedback + ":" }

// keys are the keys of answer id, in the scripts' order.
func (s *feedbackStore) keys(id string) []string {
	p := s.prefix()
	return []string{p + "index", p + "a:" + id, p + "v:" + id, p + "r:" + id, p + "rated"}
}

// validID: ids are feedback.AnswerID's hex, and come back from buttons
// people can forge, so anything else is no answer of ours.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (s *feedbackStore) Keep(ctx context.Context, a feedback.Answer, now time.Time) error {
	if !validID(a.ID) {
		return fmt.Errorf("redisstore: feedback: answer id %q is not [A-Za-z0-9_-]{1,64}", a.ID)
	}
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("redisstore: feedback: %w", err)
	}
	err = keepScript.Run(ctx, s.c.rdb, s.keys(a.ID), a.ID, b, now.UnixMilli(), now.Add(-s.window).UnixMilli(),
		s.max, s.window.Milliseconds(), s.prefix()).Err()
	if err != nil {
		return fmt.Errorf("redisstore: feedback: %w", err)
	}
	return nil
}

func (s *feedbackStore) Rate(ctx context.Context, id, voter string, r feedback.Rating, reason string, now time.Time) (feedback.Outcome, error) {
	if !validID(id) {
		return 0, feedback.ErrUnknownAnswer
	}
	res, err := rateScript.Run(ctx, s.c.rdb, s.keys(id), id, voter, string(r), feedback.CleanReason(reason),
		now.UnixMilli(), s.window.Milliseconds(), s.window.Milliseconds(), maxVoters, maxReasons).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: feedback: %w", err)
	}
	switch res {
	case -1:
		return 0, feedback.ErrUnknownAnswer
	case 1:
		return feedback.Changed, nil
	case 2:
		return feedback.Unchanged, nil
	}
	return feedback.Recorded, nil
}

func (s *feedbackStore) Flagged(ctx context.Context, n int, now time.Time) ([]feedback.Flagged, error) {
	rows, err := flaggedScript.Run(ctx, s.c.rdb, []string{s.prefix() + "rated"}, s.prefix(),
		now.UnixMilli(), s.window.Milliseconds()).Slice()
	if err != nil {
		return nil, fmt.Errorf("redisstore: feedback: %w", err)
	}
	var out []feedback.Flagged
	for _, row := range rows {
		f, err := flaggedRow(row)
		if err != nil {
			return nil, fmt.Errorf("redisstore: feedback: %w", err)
		}
		out = append(out, f)
	}
	feedback.SortFlagged(out)
	if len(out) > n {
		out = out[:max(n, 0)]
	}
	return out, nil
}

var errBadRow = errors.New("flagged answer in an unexpected shape")

// flaggedRow reads one row of flaggedScript.
func flaggedRow(row any) (feedback.Flagged, error) {
	var f feedback.Flagged
	cols, ok := row.([]any)
	if !ok || len(cols) != 6 {
		return f, errBadRow
	}
	js, _ := cols[0].(string)
	if err := json.Unmarshal([]byte(js), &f.Answer); err != nil {
		return f, err
	}
	var rated int64
	if s, ok := cols[1].(string); ok {
		if _, err := fmt.Sscan(s, &rated); err != nil {
			return f, err
		}
	}
	up, ok1 := cols[2].(int64)
	down, ok2 := cols[3].(int64)
	reports, ok3 := cols[4].(int64)
	reasons, ok4 := cols[5].([]any)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return f, errBadRow
	}
	f.Up, f.Down, f.Reports = int(up), int(down), int(reports)
	for _, r := range reasons {
		if s, ok := r.(string); ok {
			f.Reasons = append(f.Reasons, s)
		}
	}
	f.LastDay = dayOf(time.UnixMilli(rated))
	return f, nil
}

func (s *feedbackStore) Clear(ctx context.Context) (int, error) {
	n, err := clearScript.Run(ctx, s.c.rdb, []string{s.prefix() + "rated"}, s.prefix()).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: feedback: %w", err)
	}
	return n, nil
}

// Feedback is the answers people may rate, and their ratings, in Redis,
// so that a rating counts whichever replica gave the answer and
// moderators see one list; it falls back to a feedback.Memory in this
// process while Redis does not answer. Every answer is also kept in
// process, so that answers given before an outage can be rated during
// it; ratings taken in process are recorded in Redis, with their answer,
// when it answers again. A moderator asking during the outage sees only
// the ratings this replica took since it began. Its methods fail only as
// the in-process store does (feedback.ErrUnknownAnswer).
type Feedback struct {
	redis   *feedbackStore
	mem     *feedback.Memory
	c       *Client
	pending pending
}

var _ feedback.Store = (*Feedback)(nil)

// Feedback returns the feedback store for bot.Config.Feedback, keeping at
// most maxAnswers answers for window after each was last given or rated
// (feedback's defaults when <= 0).
func (c *Client) Feedback(maxAnswers int, window time.Duration) *Feedback {
	if maxAnswers <= 0 {
		maxAnswers = feedback.DefaultMaxAnswers
	}
	if window <= 0 {
		window = feedback.DefaultWindow
	}
	f := &Feedback{
		redis: &feedbackStore{c: c, max: maxAnswers, window: window},
		mem:   feedback.NewMemory(maxAnswers, window),
		c:     c,
	}
	c.addFlusher(f.flush)
	return f
}

// flush records in Redis the ratings taken in process during an outage,
// then forgets them in process (the answers stay, for the next outage).
func (f *Feedback) flush(ctx context.Context) bool {
	return f.pending.flush(ctx, f.c, metricKind[kindFeedback], func() { _, _ = f.mem.Clear(ctx) })
}

// Keep implements feedback.Store.
func (f *Feedback) Keep(ctx context.Context, a feedback.Answer, now time.Time) error {
	_ = f.mem.Keep(ctx, a, now) // never fails
	if f.c.call(ctx, metricKind[kindFeedback], f.flush, func(ctx context.Context) error {
		return f.redis.Keep(ctx, a, now)
	}) {
		return nil
	}
	// Not queued for Redis: most answers are never rated, and a rating
	// taken meanwhile passes its answer on with it (Rate below).
	return nil
}

// Rate implements feedback.Store.
func (f *Feedback) Rate(ctx context.Context, id, voter string, r feedback.Rating, reason string, now time.Time) (feedback.Outcome, error) {
	var out feedback.Outcome
	var rerr error
	if f.c.call(ctx, metricKind[kindFeedback], f.flush, func(ctx context.Context) error {
		out, rerr = f.redis.Rate(ctx, id, voter, r, reason, now)
		if errors.Is(rerr, feedback.ErrUnknownAnswer) {
			return nil // an answer, not a failure
		}
		return rerr
	}) {
		return out, rerr
	}
	f.pending.add("rate", func() bool {
		out, rerr = f.mem.Rate(ctx, id, voter, r, reason, now)
		return rerr == nil
	}, func(ctx context.Context) error {
		a, ok := f.mem.Kept(id)
		if !ok {
			return nil // evicted in process meanwhile: nothing to pass on
		}
		if err := f.redis.Keep(ctx, a, now); err != nil {
			return err
		}
		_, err := f.redis.Rate(ctx, id, voter, r, reason, now)
		if errors.Is(err, feedback.ErrUnknownAnswer) {
			return nil
		}
		return err
	})
	return out, rerr
}

// Flagged implements feedback.Store.
func (f *Feedback) Flagged(ctx context.Context, n int, now time.Time) ([]feedback.Flagged, error) {
	var out []feedback.Flagged
	if f.c.call(ctx, metricKind[kindFeedback], f.flush, func(ctx context.Context) (err error) {
		out, err = f.redis.Flagged(ctx, n, now)
		return err
	}) {
		return out, nil
	}
	return f.mem.Flagged(ctx, n, now)
}

// Clear implements feedback.Store. During an outage it forgets the
// ratings this replica took in process (what a moderator saw), not those
// in Redis.
func (f *Feedback) Clear(ctx context.Context) (int, error) {
	var n int
	if f.c.call(ctx, metricKind[kindFeedback], f.flush, func(ctx context.Context) (err error) {
		n, err = f.redis.Clear(ctx)
		return err
	}) {
		_, _ = f.mem.Clear(ctx)
		return n, nil
	}
	f.pending.drop("rate", func() { n, _ = f.mem.Clear(ctx) })
	return n, nil
}
