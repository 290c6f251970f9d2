package llm

import (
	"fmt"
	"testing"
	"time"

	"iccbot/internal/answer"
)

func TestMemoryKeepsTheLastTurns(t *testing.T) {
	clock := newFakeClock()
	m := newMemory(clock, 2, time.Hour, 100)
	for i := range 3 {
		m.Add("chat", answer.Turn{Question: fmt.Sprint("q", i)})
		clock.Advance(time.Minute)
	}
	got := m.Recent("chat")
	if len(got) != 2 || got[0].Question != "q1" || got[1].Question != "q2" {
		t.Errorf("recent = %+v; want q1, q2", got)
	}
	if m.Recent("other") != nil {
		t.Errorf("another conversation sees turns")
	}
}

func TestMemoryForgetsOldTurns(t *testing.T) {
	clock := newFakeClock()
	m := newMemory(clock, 5, 10*time.Minute, 100)
	m.Add("chat", answer.Turn{Question: "old"})
	clock.Advance(6 * time.Minute)
	m.Add("chat", answer.Turn{Question: "new"})
	clock.Advance(5 * time.Minute)
	if got := m.Recent("chat"); len(got) != 1 || got[0].Question != "new" {
		t.Errorf("after 11 minutes recent = %+v; want only the 5-minute-old turn", got)
	}
	clock.Advance(5 * time.Minute)
	if got := m.Recent("chat"); got != nil {
		t.Errorf("after the TTL recent = %+v; want nothing", got)
	}
	if m.size() != 0 {
		t.Errorf("an expired conversation is still held")
	}
}

func TestMemoryBoundsConversations(t *testing.T) {
	clock := newFakeClock()
	m := newMemory(clock, 3, time.Hour, 10)
	for i := range 25 {
		m.Add(fmt.Sprint("chat", i), answer.Turn{Question: "q"})
		clock.Advance(time.Second)
		if m.size() > 10 {
			t.Fatalf("%d conversations held; want at most 10", m.size())
		}
	}
	if m.Recent("chat24") == nil {
		t.Errorf("the most recent conversation was evicted")
	}
	if m.Recent("chat0") != nil {
		t.Errorf("the oldest conversation was kept")
	}
}

func TestMemoryIgnoresTheEmptyKey(t *testing.T) {
	m := newMemory(newFakeClock(), 3, time.Hour, 10)
	m.Add("", answer.Turn{Question: "q"})
	if m.Recent("") != nil || m.size() != 0 {
		t.Errorf("the empty conversation key was remembered")
	}
}
