package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"iccbot/internal/answer"
	"iccbot/internal/llm"
)

// Kinds of state, in keys and in the fallback metric.
const (
	kindConversations = "conv"
	kindHistory       = "turns"
	kindLimits        = "limit"
	kindGaps          = "gaps"
	kindFeedback      = "feedback"
)

// metricKind names a kind in iccbot_store_fallback_total.
var metricKind = map[string]string{
	kindConversations: "conversations",
	kindHistory:       "history",
	kindLimits:        "limits",
	kindGaps:          "gaps",
	kindFeedback:      "feedback",
}

// conversations is answer.Conversations in Redis: one key per
// conversation, iccbot:conv:<hmac>, holding a small JSON document and
// expiring answer.MemoryTTL after the last question (SET … EX).
type conversations struct {
	c   *Client
	now func() time.Time
	ttl time.Duration
}

// remembered is the JSON a conversation key holds.
type remembered struct {
	Question string   `json:"q"`
	Passages []string `json:"p,omitempty"`
	At       int64    `json:"at"` // Unix ms
}

func (s *conversations) Last(ctx context.Context, key string) (string, []string, error) {
	if key == "" {
		return "", nil, nil
	}
	b, err := s.c.rdb.Get(ctx, s.c.key(kindConversations, key)).Bytes()
	if errors.Is(err, redis.Nil) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("redisstore: conversation: %w", err)
	}
	var r remembered
	if err := json.Unmarshal(b, &r); err != nil {
		return "", nil, fmt.Errorf("redisstore: conversation: %w", err)
	}
	// The key expires by Redis's clock; the window is also checked by the
	// bot's, so that both agree (and tests can move it).
	if s.now().Sub(time.UnixMilli(r.At)) > s.ttl {
		return "", nil, nil
	}
	return r.Question, r.Passages, nil
}

func (s *conversations) Remember(ctx context.Context, key, question string, passages []string) error {
	if key == "" {
		return nil
	}
	b, err := json.Marshal(remembered{Question: question, Passages: passages, At: s.now().UnixMilli()})
	if err != nil {
		return fmt.Errorf("redisstore: conversation: %w", err)
	}
	if err := s.c.rdb.Set(ctx, s.c.key(kindConversations, key), b, s.ttl).Err(); err != nil {
		return fmt.Errorf("redisstore: conversation: %w", err)
	}
	return nil
}

// Conversations is the engine's conversation memory in Redis, falling
// back to an answer.Memory in this process while Redis does not answer.
// A conversation carried on in process during an outage goes on from
// there when Redis answers again, unless another replica has taken it
// further in Redis meanwhile. Its methods never fail.
type Conversations struct {
	redis *conversations
	mem   *answer.Memory
	c     *Client
}

var _ answer.Conversations = (*Conversations)(nil)

// Conversations returns the conversation memory for answer.WithMemory,
// with the window of answer.Memory (answer.MemoryTTL). Its count is
// bounded by the window and by Redis's maxmemory (volatile-lru).
func (c *Client) Conversations() *Conversations {
	return &Conversations{
		redis: &conversations{c: c, now: c.opts.Clock.Now, ttl: answer.MemoryTTL},
		mem:   answer.NewMemory(c.opts.Clock.Now),
		c:     c,
	}
}

// Last implements answer.Conversations.
func (s *Conversations) Last(ctx context.Context, key string) (string, []string, error) {
	if key == "" {
		return "", nil, nil
	}
	var q string
	var ps []string
	if s.c.call(ctx, metricKind[kindConversations], nil, func(ctx context.Context) (err error) {
		q, ps, err = s.redis.Last(ctx, key)
		return err
	}) && q != "" {
		return q, ps, nil
	}
	return s.mem.Last(ctx, key)
}

// Remember implements answer.Conversations.
func (s *Conversations) Remember(ctx context.Context, key, question string, passages []string) error {
	if key == "" {
		return nil
	}
	if s.c.call(ctx, metricKind[kindConversations], nil, func(ctx context.Context) error {
		return s.redis.Remember(ctx, key, question, passages)
	}) {
		return nil
	}
	return s.mem.Remember(ctx, key, question, passages)
}

// history is answer.History in Redis: one list per conversation,
// iccbot:turns:<hmac>, of small JSON documents, trimmed to the last turns
// and expiring ttl after the last one.
type history struct {
	c     *Client
	now   func() time.Time
	turns int
	ttl   time.Duration
}

type turn struct {
	Question string `json:"q"`
	Answer   string `json:"a"`
	At       int64  `json:"at"` // Unix ms
}

func (s *history) Recent(ctx context.Context, key string) ([]answer.Turn, error) {
	if key == "" || s.turns <= 0 {
		return nil, nil
	}
	items, err := s.c.rdb.LRange(ctx, s.c.key(kindHistory, key), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: history: %w", err)
	}
	cutoff := s.now().Add(-s.ttl)
	var out []answer.Turn
	for _, it := range items {
		var t turn
		if err := json.Unmarshal([]byte(it), &t); err != nil {
			return nil, fmt.Errorf("redisstore: history: %w", err)
		}
		// As llm.Memory: a turn is forgotten once ttl has passed.
		if time.UnixMilli(t.At).After(cutoff) {
			out = append(out, answer.Turn{Question: t.Question, Answer: t.Answer})
		}
	}
	return out, nil
}

func (s *history) Add(ctx context.Context, key string, t answer.Turn) error {
	if key == "" || s.turns <= 0 {
		return nil
	}
	b, err := json.Marshal(turn{Question: t.Question, Answer: t.Answer, At: s.now().UnixMilli()})
	if err != nil {
		return fmt.Errorf("redisstore: history: %w", err)
	}
	k := s.c.key(kindHistory, key)
	_, err = s.c.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, k, b)
		p.LTrim(ctx, k, int64(-s.turns), -1)
		p.PExpire(ctx, k, s.ttl)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: history: %w", err)
	}
	return nil
}

// History is the LLM's turn memory in Redis, falling back to an
// llm.Memory in this process while Redis does not answer, as Conversations
// does. Its methods never fail.
type History struct {
	redis *history
	mem   *llm.Memory
	c     *Client
}

var _ answer.History = (*History)(nil)

// History returns the turn memory for answer.GeneratedConfig.History, with
// llm.Memory's bounds (llm.DefaultMemoryTurns turns, llm.DefaultMemoryTTL).
func (c *Client) History() *History {
	return &History{
		redis: &history{c: c, now: c.opts.Clock.Now, turns: llm.DefaultMemoryTurns, ttl: llm.DefaultMemoryTTL},
		mem:   llm.NewMemory(c.opts.Clock),
		c:     c,
	}
}

// Recent implements answer.History.
func (s *History) Recent(ctx context.Context, key string) ([]answer.Turn, error) {
	if key == "" {
		return nil, nil
	}
	var ts []answer.Turn
	if s.c.call(ctx, metricKind[kindHistory], nil, func(ctx context.Context) (err error) {
		ts, err = s.redis.Recent(ctx, key)
		return err
	}) && len(ts) > 0 {
		return ts, nil
	}
	return s.mem.Recent(ctx, key)
}

// Add implements answer.History.
func (s *History) Add(ctx context.Context, key string, t answer.Turn) error {
	if key == "" {
		return nil
	}
	if s.c.call(ctx, metricKind[kindHistory], nil, func(ctx context.Context) error {
		return s.redis.Add(ctx, key, t)
	}) {
		return nil
	}
	return s.mem.Add(ctx, key, t)
}
