package llm

import (
	"context"
	"sort"
	"sync"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/clock"
)

// Defaults of the conversation memory.
const (
	DefaultMemoryTurns         = 3
	DefaultMemoryTTL           = 30 * time.Minute
	DefaultMemoryConversations = 10000
)

// Memory keeps the last few turns of each conversation, in process memory
// only: nothing is written anywhere, and a restart forgets everything.
// Turns older than a TTL are forgotten; a conversation keeps at most a few
// turns; at most so many conversations are kept, the least recently used
// going first. It is the answer.History the model reads follow-ups with,
// and is safe for concurrent use.
type Memory struct {
	clock clock.Clock
	turns int
	ttl   time.Duration
	convs int

	mu   sync.Mutex
	byID map[string][]turn
}

// turn is a remembered turn and when it was.
type turn struct {
	answer.Turn
	at time.Time
}

var _ answer.History = (*Memory)(nil)

// NewMemory makes a Memory with the default bounds (DefaultMemoryTurns,
// DefaultMemoryTTL, DefaultMemoryConversations); clk nil means real time.
// A store shared by replicas keeps the same bounds.
func NewMemory(clk clock.Clock) *Memory {
	if clk == nil {
		clk = clock.Real{}
	}
	return newMemory(clk, DefaultMemoryTurns, DefaultMemoryTTL, DefaultMemoryConversations)
}

func newMemory(clk clock.Clock, turns int, ttl time.Duration, convs int) *Memory {
	return &Memory{clock: clk, turns: turns, ttl: ttl, convs: convs, byID: map[string][]turn{}}
}

// Recent returns the remembered turns of a conversation, oldest first. The
// empty key is no conversation: nothing is remembered for it. It never
// fails.
func (m *Memory) Recent(_ context.Context, key string) ([]answer.Turn, error) {
	if key == "" || m.turns <= 0 {
		return nil, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ts := m.fresh(key)
	if len(ts) == 0 {
		return nil, nil
	}
	out := make([]answer.Turn, len(ts))
	for i, t := range ts {
		out[i] = t.Turn
	}
	return out, nil
}

// Add remembers a turn. It never fails.
func (m *Memory) Add(_ context.Context, key string, t answer.Turn) error {
	if key == "" || m.turns <= 0 {
		return nil
	}
	at := m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	ts := append(m.fresh(key), turn{t, at})
	if len(ts) > m.turns {
		ts = append([]turn(nil), ts[len(ts)-m.turns:]...)
	}
	m.byID[key] = ts
	if len(m.byID) > m.convs {
		m.evict()
	}
	return nil
}

// fresh drops a conversation's expired turns; m.mu is held.
func (m *Memory) fresh(key string) []turn {
	ts := m.byID[key]
	cutoff := m.clock.Now().Add(-m.ttl)
	i := 0
	for i < len(ts) && !ts[i].at.After(cutoff) {
		i++
	}
	if i == len(ts) {
		delete(m.byID, key)
		return nil
	}
	if i > 0 {
		ts = ts[i:]
		m.byID[key] = ts
	}
	return ts
}

// evict forgets expired conversations and then the least recently used
// until a tenth of the room is free again, so that eviction is rare; m.mu
// is held.
func (m *Memory) evict() {
	for key := range m.byID {
		m.fresh(key)
	}
	target := m.convs - m.convs/10
	if len(m.byID) <= target {
		return
	}
	type lastUse struct {
		key string
		at  time.Time
	}
	all := make([]lastUse, 0, len(m.byID))
	for k, ts := range m.byID {
		all = append(all, lastUse{k, ts[len(ts)-1].at})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	for _, u := range all[:len(all)-target] {
		delete(m.byID, u.key)
	}
}

// size is the number of conversations remembered.
func (m *Memory) size() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.byID)
}
