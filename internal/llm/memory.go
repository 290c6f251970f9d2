package llm

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Clock is the time as the answerer sees it; tests give it a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// Turn is one exchange remembered for reading follow-ups.
type Turn struct {
	// Question is the question as restated on its own (in English).
	Question string
	// Answer is a short form of the reply.
	Answer string
	At     time.Time
}

// memory keeps the last few turns of each conversation, in process memory
// only: nothing is written anywhere, and a restart forgets everything.
// Turns older than ttl are forgotten; a conversation keeps at most turns
// turns; at most convs conversations are kept, the least recently used
// going first.
type memory struct {
	clock Clock
	turns int
	ttl   time.Duration
	convs int

	mu   sync.Mutex
	byID map[string][]Turn
}

func newMemory(clock Clock, turns int, ttl time.Duration, convs int) *memory {
	return &memory{clock: clock, turns: turns, ttl: ttl, convs: convs, byID: map[string][]Turn{}}
}

// recent returns the remembered turns of a conversation, oldest first. The
// empty key is no conversation: nothing is remembered for it.
func (m *memory) recent(key string) []Turn {
	if key == "" || m.turns <= 0 {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ts := m.fresh(key)
	return append([]Turn(nil), ts...)
}

// add remembers a turn.
func (m *memory) add(key string, t Turn) {
	if key == "" || m.turns <= 0 {
		return
	}
	t.At = m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	ts := append(m.fresh(key), t)
	if len(ts) > m.turns {
		ts = append([]Turn(nil), ts[len(ts)-m.turns:]...)
	}
	m.byID[key] = ts
	if len(m.byID) > m.convs {
		m.evict()
	}
}

// fresh drops a conversation's expired turns; m.mu is held.
func (m *memory) fresh(key string) []Turn {
	ts := m.byID[key]
	cutoff := m.clock.Now().Add(-m.ttl)
	i := 0
	for i < len(ts) && !ts[i].At.After(cutoff) {
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
func (m *memory) evict() {
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
		all = append(all, lastUse{k, ts[len(ts)-1].At})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	for _, u := range all[:len(all)-target] {
		delete(m.byID, u.key)
	}
}

// size is the number of conversations remembered.
func (m *memory) size() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.byID)
}
