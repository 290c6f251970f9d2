package llm

import (
	"context"
	"fmt"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/answer/answertest"
)

func TestMemoryHistory(t *testing.T) {
	answertest.RunHistory(t, func(t *testing.T, turns int, ttl time.Duration, now func() time.Time) answer.History {
		return newMemory(nowClock(now), turns, ttl, 100)
	})
}

// nowClock is a clock.Clock reading the time from now.
type nowClock func() time.Time

func (c nowClock) Now() time.Time                                 { return c() }
func (nowClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func recent(m *Memory, key string) []answer.Turn {
	ts, _ := m.Recent(context.Background(), key)
	return ts
}

func add(m *Memory, key string, t answer.Turn) { _ = m.Add(context.Background(), key, t) }

func TestMemoryBoundsConversations(t *testing.T) {
	clock := newFakeClock()
	m := newMemory(clock, 3, time.Hour, 10)
	for i := range 25 {
		add(m, fmt.Sprint("chat", i), answer.Turn{Question: "q"})
		clock.Advance(time.Second)
		if m.size() > 10 {
			t.Fatalf("%d conversations held; want at most 10", m.size())
		}
	}
	if recent(m, "chat24") == nil {
		t.Errorf("the most recent conversation was evicted")
	}
	if recent(m, "chat0") != nil {
		t.Errorf("the oldest conversation was kept")
	}
}

func TestMemoryIgnoresTheEmptyKey(t *testing.T) {
	m := newMemory(newFakeClock(), 3, time.Hour, 10)
	add(m, "", answer.Turn{Question: "q"})
	if recent(m, "") != nil || m.size() != 0 {
		t.Errorf("the empty conversation key was remembered")
	}
}
