// Package bottest is the behaviour every bot.Limiter and bot.GapStore must
// have, as test suites that each implementation runs: the one in process
// and the one shared by replicas behave alike.
package bottest

import (
	"fmt"
	"testing"
	"time"

	"iccbot/internal/bot"
)

// RunLimiter runs the limiter suite; newLimiter returns an empty limiter
// refilling perMinute tokens a minute up to burst.
func RunLimiter(t *testing.T, newLimiter func(t *testing.T, perMinute float64, burst int) bot.Limiter) {
	t0 := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	type step struct {
		at   time.Duration // since t0
		key  string
		want bot.Verdict
		wait time.Duration // when denied
	}
	tests := []struct {
		name      string
		perMinute float64
		burst     int
		steps     []step
	}{
		{"burst, then told once, then quiet until a token is back", 2, 2, []step{
			{0, "a", bot.Allowed, 0},
			{0, "a", bot.Allowed, 0},
			{0, "a", bot.Denied, 30 * time.Second},
			{4 * time.Second, "a", bot.DeniedQuietly, 26 * time.Second},
			{10 * time.Second, "a", bot.DeniedQuietly, 20 * time.Second},
			{30 * time.Second, "a", bot.Allowed, 0},
			{30 * time.Second, "a", bot.Denied, 30 * time.Second}, // a new episode: told again
		}},
		{"people and platforms have their own buckets", 1, 1, []step{
			{0, "telegram\x00u1", bot.Allowed, 0},
			{0, "telegram\x00u1", bot.Denied, time.Minute},
			{0, "telegram\x00u2", bot.Allowed, 0},
			{0, "discord\x00u1", bot.Allowed, 0},
			{time.Second, "telegram\x00u1", bot.DeniedQuietly, 59 * time.Second},
		}},
		{"an idle bucket refills to the burst, not beyond", 60, 3, []step{
			{0, "a", bot.Allowed, 0},
			{0, "a", bot.Allowed, 0},
			{0, "a", bot.Allowed, 0},
			{0, "a", bot.Denied, time.Second},
			{time.Hour, "a", bot.Allowed, 0},
			{time.Hour, "a", bot.Allowed, 0},
			{time.Hour, "a", bot.Allowed, 0},
			{time.Hour, "a", bot.Denied, time.Second},
			{time.Hour + 1500*time.Millisecond, "a", bot.Allowed, 0},
			{time.Hour + 1500*time.Millisecond, "a", bot.Denied, 500 * time.Millisecond},
		}},
		{"a clock that steps back gives no tokens", 6, 1, []step{
			{time.Minute, "a", bot.Allowed, 0},
			{time.Minute - 5*time.Second, "a", bot.Denied, 10 * time.Second},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLimiter(t, tt.perMinute, tt.burst)
			for i, st := range tt.steps {
				v, wait, err := l.Allow(t.Context(), st.key, t0.Add(st.at))
				if err != nil {
					t.Fatalf("step %d: Allow(%q) failed: %v", i, st.key, err)
				}
				if v != st.want || !near(wait, st.wait) {
					t.Fatalf("step %d: Allow(%q, t0+%v) = %v, wait %v; want %v, wait %v", i, st.key, st.at, v, wait, st.want, st.wait)
				}
			}
		})
	}
}

// near allows for a store that keeps time in microseconds.
func near(got, want time.Duration) bool {
	d := got - want
	return d > -time.Millisecond && d < time.Millisecond
}

// RunGaps runs the gap suite; newGaps returns an empty store keeping at
// most size questions for window. Windows are whole days and the
// questions asked away from their edges: a shared store may count by
// the day.
func RunGaps(t *testing.T, newGaps func(t *testing.T, size int, window time.Duration) bot.GapStore) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	at := func(d, hour int) time.Time { return day(d).Add(time.Duration(hour) * time.Hour) }
	gap := func(q string, n int, first, last time.Time) bot.Gap {
		return bot.Gap{Question: q, Count: n, FirstSeen: first, LastSeen: last}
	}
	type asked struct {
		q  string
		at time.Time
	}
	tests := []struct {
		name   string
		size   int
		window time.Duration
		asked  []asked
		now    time.Time
		n      int
		want   []bot.Gap
	}{
		{
			name: "the same question folded counts together, under its first wording", size: 10, window: 7 * 24 * time.Hour,
			asked: []asked{
				{"What is the ICC budget?", at(27, 12)}, {"what is the ICC budget", at(27, 13)},
				{"Who won the World Cup?", at(27, 14)}, {"What is the ICC budget?!", at(27, 15)},
				{"?!", at(27, 15)}, // folds to nothing: not a question
			},
			now: at(27, 16), n: 10,
			want: []bot.Gap{gap("What is the ICC budget?", 3, day(27), day(27)), gap("Who won the World Cup?", 1, day(27), day(27))},
		},
		{
			name: "most asked first, then by text; n cuts", size: 10, window: 7 * 24 * time.Hour,
			asked: []asked{
				{"zeta?", at(20, 9)}, {"beta?", at(20, 9)}, {"alpha?", at(20, 9)}, {"zeta?", at(21, 9)},
			},
			now: at(22, 9), n: 2,
			want: []bot.Gap{gap("zeta?", 2, day(20), day(21)), gap("alpha?", 1, day(20), day(20))},
		},
		{
			name: "first and last seen by the day; asks before the window are forgotten", size: 10, window: 3 * 24 * time.Hour,
			asked: []asked{
				{"Who won the World Cup?", at(27, 12)}, {"who won the world cup", at(28, 1)},
				{"Who won the World Cup?!", at(29, 1)}, {"What is the ICC budget?", at(29, 1)},
				{"Old question?", at(26, 23)},
			},
			now: day(31), // Dec 1, 00:00: Nov 27 is out, Nov 28 in
			n:   10,
			want: []bot.Gap{
				gap("Who won the World Cup?", 2, day(28), day(29)),
				gap("What is the ICC budget?", 1, day(29), day(29)),
			},
		},
		{
			name: "nothing within the window", size: 10, window: 24 * time.Hour,
			asked: []asked{{"Who won the World Cup?", at(20, 12)}},
			now:   at(25, 12), n: 10,
		},
		{
			name: "bounded: a new question drops the one asked least recently", size: 3, window: 7 * 24 * time.Hour,
			asked: []asked{
				{"alpha?", at(20, 9)}, {"beta?", at(20, 10)}, {"gamma?", at(20, 11)},
				{"alpha?", at(20, 12)}, // alpha is recent again: beta is now the oldest
				{"delta?", at(20, 13)},
			},
			now: at(20, 14), n: 10,
			want: []bot.Gap{
				gap("alpha?", 2, day(20), day(20)),
				gap("delta?", 1, day(20), day(20)),
				gap("gamma?", 1, day(20), day(20)),
			},
		},
		{
			name: "bounded: expired questions make room first", size: 2, window: 24 * time.Hour,
			asked: []asked{
				{"old?", at(10, 9)}, {"recent?", at(20, 9)}, {"recent?", at(20, 10)}, {"new?", at(20, 11)},
			},
			now: at(20, 12), n: 10,
			want: []bot.Gap{gap("recent?", 2, day(20), day(20)), gap("new?", 1, day(20), day(20))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGaps(t, tt.size, tt.window)
			for _, a := range tt.asked {
				if err := g.Record(t.Context(), a.q, a.at); err != nil {
					t.Fatalf("Record(%q): %v", a.q, err)
				}
			}
			got, err := g.Top(t.Context(), tt.n, tt.now)
			if err != nil {
				t.Fatalf("Top: %v", err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Top(%d) = %+v; want %+v", tt.n, got, tt.want)
			}
		})
	}

	t.Run("reset forgets every question and says how many", func(t *testing.T) {
		g := newGaps(t, 10, 7*24*time.Hour)
		for _, q := range []string{"alpha?", "beta?", "Alpha"} {
			if err := g.Record(t.Context(), q, at(20, 9)); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := g.Reset(t.Context()); n != 2 || err != nil {
			t.Errorf("Reset() = %d, %v; want 2", n, err)
		}
		if got, err := g.Top(t.Context(), 10, at(20, 10)); len(got) != 0 || err != nil {
			t.Errorf("Top after Reset = %+v, %v; want none", got, err)
		}
		if n, err := g.Reset(t.Context()); n != 0 || err != nil {
			t.Errorf("Reset() again = %d, %v; want 0", n, err)
		}
		if err := g.Record(t.Context(), "gamma?", at(20, 11)); err != nil {
			t.Fatal(err)
		}
		if got, _ := g.Top(t.Context(), 10, at(20, 12)); len(got) != 1 || got[0].Question != "gamma?" {
			t.Errorf("Top after Reset and a new question = %+v; want gamma", got)
		}
	})
}
