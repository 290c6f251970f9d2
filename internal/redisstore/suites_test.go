package redisstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/answer/answertest"
	"iccbot/internal/bot"
	"iccbot/internal/bot/bottest"
	"iccbot/internal/feedback"
	"iccbot/internal/feedback/feedbacktest"
	"iccbot/internal/redistest"
)

// nowClock is a clock.Clock reading the time from now; its Sleep returns
// at once (Run is not what these tests drive).
type nowClock func() time.Time

func (c nowClock) Now() time.Time                                 { return c() }
func (nowClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

var prefixes atomic.Int64

// testClient opens a client on s whose keys no other test's share, with
// the clock now. Redis must answer every call: a store that fell back to
// its in-process twin would pass the suites without testing Redis.
func testClient(t *testing.T, s *redistest.Server, now func() time.Time) *Client {
	t.Helper()
	obs := &counter{}
	c, err := Open(t.Context(), s.URL(), Options{
		Secret:   []byte("test secret"),
		Prefix:   fmt.Sprintf("iccbot-test-%d:", prefixes.Add(1)),
		Clock:    nowClock(now),
		Observer: obs,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if n := obs.fallbacks.Load(); n > 0 || !c.Up() {
			t.Errorf("%d calls fell back to in-process state (up: %v); want Redis to answer them all", n, c.Up())
		}
		c.Close()
	})
	return c
}

// counter counts what an Observer is told.
type counter struct {
	fallbacks atomic.Int64
	ups       atomic.Int64
	downs     atomic.Int64
}

func (o *counter) ObserveStoreFallback(string) { o.fallbacks.Add(1) }
func (o *counter) ObserveStoreUp(up bool) {
	if up {
		o.ups.Add(1)
	} else {
		o.downs.Add(1)
	}
}

// Each suite runs against the store itself and against it behind the
// fallback, with Redis up: both must behave as the in-process store.

func TestConversationsSuite(t *testing.T) {
	s := redistest.Start(t)
	t.Run("redis", func(t *testing.T) {
		answertest.RunConversations(t, func(t *testing.T, now func() time.Time) answer.Conversations {
			c := testClient(t, s, now)
			return &conversations{c: c, now: now, ttl: answer.MemoryTTL}
		})
	})
	t.Run("with fallback", func(t *testing.T) {
		answertest.RunConversations(t, func(t *testing.T, now func() time.Time) answer.Conversations {
			return testClient(t, s, now).Conversations()
		})
	})
}

func TestHistorySuite(t *testing.T) {
	s := redistest.Start(t)
	answertest.RunHistory(t, func(t *testing.T, turns int, ttl time.Duration, now func() time.Time) answer.History {
		c := testClient(t, s, now)
		return &history{c: c, now: now, turns: turns, ttl: ttl}
	})
}

func TestLimiterSuite(t *testing.T) {
	s := redistest.Start(t)
	t.Run("redis", func(t *testing.T) {
		bottest.RunLimiter(t, func(t *testing.T, perMinute float64, burst int) bot.Limiter {
			return testClient(t, s, time.Now).Limiter(perMinute, burst).redis
		})
	})
	t.Run("with fallback", func(t *testing.T) {
		bottest.RunLimiter(t, func(t *testing.T, perMinute float64, burst int) bot.Limiter {
			return testClient(t, s, time.Now).Limiter(perMinute, burst)
		})
	})
}

func TestGapsSuite(t *testing.T) {
	s := redistest.Start(t)
	t.Run("redis", func(t *testing.T) {
		bottest.RunGaps(t, func(t *testing.T, size int, window time.Duration) bot.GapStore {
			return testClient(t, s, time.Now).Gaps(size, window).redis
		})
	})
	t.Run("with fallback", func(t *testing.T) {
		bottest.RunGaps(t, func(t *testing.T, size int, window time.Duration) bot.GapStore {
			return testClient(t, s, time.Now).Gaps(size, window)
		})
	})
}

func TestFeedbackSuite(t *testing.T) {
	s := redistest.Start(t)
	t.Run("redis", func(t *testing.T) {
		feedbacktest.Run(t, func(t *testing.T, maxAnswers int, window time.Duration) feedback.Store {
			return testClient(t, s, time.Now).Feedback(maxAnswers, window).redis
		})
	})
	t.Run("with fallback", func(t *testing.T) {
		feedbacktest.Run(t, func(t *testing.T, maxAnswers int, window time.Duration) feedback.Store {
			return testClient(t, s, time.Now).Feedback(maxAnswers, window)
		})
	})
}
