// Package answertest is the behaviour every answer.Conversations and
// answer.History must have, as test suites that each implementation runs:
// the memory in process and the store shared by replicas behave alike.
package answertest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/answer"
)

// Clock is a clock a test moves by hand.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the time on the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var t0 = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// RunConversations runs the conversation memory suite; newStore returns an
// empty store that forgets a conversation answer.MemoryTTL after its last
// question, reading the time from now.
func RunConversations(t *testing.T, newStore func(t *testing.T, now func() time.Time) answer.Conversations) {
	type want struct {
		key      string
		question string
		passages []string
	}
	type remember struct {
		key, question string
		passages      []string
	}
	tests := []struct {
		name     string
		steps    []remember
		advances []time.Duration // after each step
		want     []want
	}{
		{
			name: "the last question and its passages, per conversation",
			steps: []remember{
				{"telegram:1", "Who is Liz Evenson?", []string{"briefing#p3", "briefing#p4"}},
				{"discord:9/7", "When does the Assembly meet?", nil},
				{"telegram:1", "Who is Liz Evenson? what did she say?", []string{"briefing#p5"}},
			},
			want: []want{
				{"telegram:1", "Who is Liz Evenson? what did she say?", []string{"briefing#p5"}},
				{"discord:9/7", "When does the Assembly meet?", nil},
				{"telegram:2", "", nil},
			},
		},
		{
			name:  "the empty key is no conversation",
			steps: []remember{{"", "nobody's question", []string{"p"}}},
			want:  []want{{"", "", nil}},
		},
		{
			name:     "remembered for the window, then forgotten",
			steps:    []remember{{"a", "first", nil}, {"b", "second", nil}},
			advances: []time.Duration{answer.MemoryTTL - time.Second, time.Second + time.Second},
			want:     []want{{"a", "", nil}, {"b", "second", nil}},
		},
		{
			name:     "each question starts the window again",
			steps:    []remember{{"a", "first", nil}, {"a", "first and then", []string{"p1"}}},
			advances: []time.Duration{answer.MemoryTTL - time.Minute, answer.MemoryTTL - time.Minute},
			want:     []want{{"a", "first and then", []string{"p1"}}},
		},
		{
			name:  "any text survives the trip",
			steps: []remember{{"telegram:-100123/45", "¿Qué dijo \"ella\"?\n«über» 🙂 \x00", []string{"a/b.md#¶4", ""}}},
			want:  []want{{"telegram:-100123/45", "¿Qué dijo \"ella\"?\n«über» 🙂 \x00", []string{"a/b.md#¶4", ""}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := NewClock(t0)
			s := newStore(t, clock.Now)
			for i, st := range tt.steps {
				if err := s.Remember(t.Context(), st.key, st.question, st.passages); err != nil {
					t.Fatalf("Remember(%q): %v", st.key, err)
				}
				if i < len(tt.advances) {
					clock.Advance(tt.advances[i])
				}
			}
			for _, w := range tt.want {
				q, ps, err := s.Last(t.Context(), w.key)
				if err != nil || q != w.question || !samePassages(ps, w.passages) {
					t.Errorf("Last(%q) = %q, %q, %v; want %q, %q", w.key, q, ps, err, w.question, w.passages)
				}
			}
		})
	}
}

func samePassages(a, b []string) bool { return len(a) == len(b) && (len(a) == 0 || slices.Equal(a, b)) }

// RunHistory runs the turn memory suite; newStore returns an empty store
// keeping a conversation's last turns turns for ttl each, reading the time
// from now.
func RunHistory(t *testing.T, newStore func(t *testing.T, turns int, ttl time.Duration, now func() time.Time) answer.History) {
	turn := func(i int) answer.Turn {
		return answer.Turn{Question: fmt.Sprint("question ", i, " «über» 🙂"), Answer: fmt.Sprint("answer ", i, "\n\"quoted\"")}
	}
	recent := func(t *testing.T, h answer.History, key string) string {
		t.Helper()
		ts, err := h.Recent(t.Context(), key)
		if err != nil {
			t.Fatalf("Recent(%q): %v", key, err)
		}
		var qs []string
		for _, x := range ts {
			qs = append(qs, x.Question+"|"+x.Answer)
		}
		return strings.Join(qs, "; ")
	}
	add := func(t *testing.T, h answer.History, key string, tr answer.Turn) {
		t.Helper()
		if err := h.Add(t.Context(), key, tr); err != nil {
			t.Fatalf("Add(%q): %v", key, err)
		}
	}
	join := func(is ...int) string {
		var s []string
		for _, i := range is {
			s = append(s, turn(i).Question+"|"+turn(i).Answer)
		}
		return strings.Join(s, "; ")
	}

	t.Run("the last turns, oldest first, per conversation", func(t *testing.T) {
		clock := NewClock(t0)
		h := newStore(t, 2, time.Hour, clock.Now)
		for i := range 3 {
			add(t, h, "chat", turn(i))
			clock.Advance(time.Minute)
		}
		add(t, h, "other", turn(7))
		if got, want := recent(t, h, "chat"), join(1, 2); got != want {
			t.Errorf("Recent(chat) = %q; want %q", got, want)
		}
		if got, want := recent(t, h, "other"), join(7); got != want {
			t.Errorf("Recent(other) = %q; want %q", got, want)
		}
		if got := recent(t, h, "nobody"); got != "" {
			t.Errorf("Recent(nobody) = %q; want nothing", got)
		}
	})

	t.Run("turns older than the ttl are forgotten", func(t *testing.T) {
		clock := NewClock(t0)
		h := newStore(t, 5, 10*time.Minute, clock.Now)
		add(t, h, "chat", turn(0))
		clock.Advance(6 * time.Minute)
		add(t, h, "chat", turn(1))
		clock.Advance(5 * time.Minute)
		if got, want := recent(t, h, "chat"), join(1); got != want {
			t.Errorf("after 11 minutes Recent = %q; want %q", got, want)
		}
		clock.Advance(5 * time.Minute)
		if got := recent(t, h, "chat"); got != "" {
			t.Errorf("after the ttl Recent = %q; want nothing", got)
		}
	})

	t.Run("the empty key is no conversation", func(t *testing.T) {
		h := newStore(t, 3, time.Hour, NewClock(t0).Now)
		add(t, h, "", turn(0))
		if got := recent(t, h, ""); got != "" {
			t.Errorf("Recent(\"\") = %q; want nothing", got)
		}
	})
}
