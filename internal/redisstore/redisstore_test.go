package redisstore

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/answer/answertest"
	"iccbot/internal/bot"
	"iccbot/internal/feedback"
	"iccbot/internal/redistest"
)

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		secret string
		want   string
		hidden string
	}{
		{"no secret", "redis://127.0.0.1:6379/0", "", "a secret", ""},
		{"not a url, password not repeated", "redis://:hunter2@[::1:6379", "s", "REDIS_URL", "hunter2"},
		{"another scheme", "http://127.0.0.1:6379", "s", "invalid URL scheme", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Open(t.Context(), tt.url, Options{Secret: []byte(tt.secret)})
			if err == nil {
				c.Close()
				t.Fatalf("Open(%q) succeeded; want an error", tt.url)
			}
			if !strings.Contains(err.Error(), tt.want) || (tt.hidden != "" && strings.Contains(err.Error(), tt.hidden)) {
				t.Errorf("Open(%q) = %v; want an error about %q, without %q", tt.url, err, tt.want, tt.hidden)
			}
		})
	}
	if _, err := Open(t.Context(), "redis://x", Options{}); !errors.Is(err, ErrNoSecret) {
		t.Errorf("Open without a secret = %v; want ErrNoSecret", err)
	}
}

// TestOpenWithRedisDown: a replica starts without Redis, says so once,
// and answers from in-process state.
func TestOpenWithRedisDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	var logs bytes.Buffer
	obs := &counter{}
	c, err := Open(t.Context(), "redis://"+addr+"/0", Options{
		Secret: []byte("s"), Log: slog.New(slog.NewTextHandler(&logs, nil)), Observer: obs,
	})
	if err != nil {
		t.Fatalf("Open with Redis down = %v; want a client that falls back", err)
	}
	defer c.Close()
	if ok, summary := c.Ready(); !ok || !strings.Contains(summary, "unreachable") {
		t.Errorf("Ready() = %v, %q; want ready, saying Redis is unreachable", ok, summary)
	}
	l1 := c.Limiter(6, 1)
	now := time.Now()
	for i, want := range []bot.Verdict{bot.Allowed, bot.Denied} {
		if v, _, err := l1.Allow(t.Context(), "telegram\x00u", now); v != want || err != nil {
			t.Errorf("Allow #%d = %v, %v; want %v from the in-process limiter", i+1, v, err, want)
		}
	}
	if n := strings.Count(logs.String(), "redis does not answer"); n != 1 {
		t.Errorf("%d warnings; want 1:\n%s", n, logs.String())
	}
	if obs.fallbacks.Load() != 2 || obs.downs.Load() != 1 {
		t.Errorf("fallbacks %d, downs %d; want 2 and 1", obs.fallbacks.Load(), obs.downs.Load())
	}
}

// TestSlowRedis: a Redis that accepts and never answers costs one timeout,
// then calls go straight to in-process state until a retry is due.
func TestSlowRedis(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			defer conn.Close() // held open, never answered
		}
	}()
	clock := answertest.NewClock(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	obs := &counter{}
	start, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond) // a replica's start, bounded
	defer cancel()
	c, err := Open(start, "redis://"+l.Addr().String()+"/0", Options{
		Secret: []byte("s"), Timeout: 20 * time.Millisecond, Clock: nowClock(clock.Now), Observer: obs,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	conv := c.Conversations()
	if err := conv.Remember(t.Context(), "chat", "Who is Liz Evenson?", nil); err != nil {
		t.Fatal(err)
	}
	if q, _, err := conv.Last(t.Context(), "chat"); q != "Who is Liz Evenson?" || err != nil {
		t.Errorf("Last = %q, %v; want the question kept in process", q, err)
	}
	if c.Up() {
		t.Error("a Redis that never answers is up")
	}
	// While no retry is due, no call waits on Redis: the breaker says so.
	if c.health.try() {
		t.Error("a call was let through to Redis before the retry was due")
	}
	clock.Advance(DefaultRetryEvery)
	if !c.health.try() || c.health.try() {
		t.Error("once the retry is due, exactly one call should try Redis")
	}
}

// TestHealth: the breaker's transitions, on a clock moved by hand.
func TestHealth(t *testing.T) {
	clock := answertest.NewClock(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	var logs bytes.Buffer
	obs := &counter{}
	h := newHealth(Options{RetryEvery: 2 * time.Second, Clock: nowClock(clock.Now),
		Log: slog.New(slog.NewTextHandler(&logs, nil)), Observer: obs}.withDefaults())
	steps := []struct {
		name    string
		do      func()
		advance time.Duration
		try     bool
		up      bool
	}{
		{"up at first", func() {}, 0, true, true},
		{"a failure", func() { h.failed("limits", errors.New("refused")) }, 0, false, false},
		{"another failure says nothing more", func() { h.failed("gaps", errors.New("refused")) }, time.Second, false, false},
		{"retry due", func() {}, time.Second, true, false},
		{"the retry failed", func() { h.failed("gaps", errors.New("refused")) }, 2 * time.Second, true, false},
		{"the retry succeeded", func() { h.succeeded() }, 0, true, true},
	}
	for _, st := range steps {
		st.do()
		clock.Advance(st.advance)
		if got := h.try(); got != st.try || h.isUp() != st.up {
			t.Fatalf("%s: try() = %v, up %v; want %v, %v", st.name, got, h.isUp(), st.try, st.up)
		}
	}
	if w, i := strings.Count(logs.String(), "redis does not answer"), strings.Count(logs.String(), "redis answers again"); w != 1 || i != 1 {
		t.Errorf("%d warnings, %d recoveries logged; want 1 each:\n%s", w, i, logs.String())
	}
	if obs.downs.Load() != 1 || obs.ups.Load() != 1 {
		t.Errorf("told down %d times, up %d; want once each", obs.downs.Load(), obs.ups.Load())
	}
}

// TestKeysHoldNoIds: after a person asked, rated and went unanswered,
// Redis holds neither their id nor their chat's, and every key expires.
func TestKeysHoldNoIds(t *testing.T) {
	s := redistest.Start(t)
	now := time.Now()
	c := testClient(t, s, func() time.Time { return now })
	ctx := t.Context()
	const user, chat = "user-424242", "chat-979797"
	key := "telegram\x00" + user
	if _, _, err := c.Limiter(6, 5).Allow(ctx, key, now); err != nil {
		t.Fatal(err)
	}
	if err := c.Conversations().Remember(ctx, "telegram:"+chat, "Who is Liz Evenson?", []string{"p1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.History().Add(ctx, "telegram:"+chat, answer.Turn{Question: "Who is she?", Answer: "A lawyer."}); err != nil {
		t.Fatal(err)
	}
	if err := c.Gaps(10, time.Hour).Record(ctx, "Who won the World Cup?", now); err != nil {
		t.Fatal(err)
	}
	fb := c.Feedback(10, time.Hour)
	a := feedback.Answer{ID: "0123456789ab", Question: "q?", Mode: "extractive"}
	if err := fb.Keep(ctx, a, now); err != nil {
		t.Fatal(err)
	}
	if _, err := fb.Rate(ctx, a.ID, "voterhash123", feedback.Report, "wrong", now); err != nil {
		t.Fatal(err)
	}

	keys, err := c.rdb.Keys(ctx, c.opts.Prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 9 {
		t.Errorf("keys %q; want at least 9 (limit, conversation, turns, 2 gaps, 4 feedback)", keys)
	}
	for _, k := range keys {
		dump, err := c.rdb.Dump(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{user, chat} {
			if strings.Contains(k, id) || strings.Contains(dump, id) {
				t.Errorf("key %q holds the id %q", k, id)
			}
		}
		if ttl, err := c.rdb.PTTL(ctx, k).Result(); err != nil || ttl <= 0 {
			t.Errorf("key %q: TTL %v, %v; want every key to expire", k, ttl, err)
		}
	}
	if want := c.key(kindLimits, key); !strings.HasPrefix(want, c.opts.Prefix+"limit:") || len(want) != len(c.opts.Prefix+"limit:")+32 {
		t.Errorf("limit key %q; want the prefix, the kind and 128 bits of HMAC", want)
	}
	other := &Client{opts: Options{Secret: []byte("another secret"), Prefix: c.opts.Prefix}}
	if other.key(kindLimits, key) == c.key(kindLimits, key) {
		t.Error("two secrets give the same key: the HMAC is not keyed")
	}
}

// tickClock is a clock whose Sleep waits for the test: it says it is
// sleeping, then returns at the next tick.
type tickClock struct {
	now      func() time.Time
	sleeping chan struct{}
	ticks    chan struct{}
}

func (c *tickClock) Now() time.Time { return c.now() }
func (c *tickClock) Sleep(ctx context.Context, _ time.Duration) error {
	select {
	case c.sleeping <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-c.ticks:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TestRunPings: Run's PING finds Redis gone and back, without a question
// asked, and passes on what was counted in process meanwhile.
func TestRunPings(t *testing.T) {
	s := redistest.Start(t)
	clock := answertest.NewClock(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	tc := &tickClock{now: clock.Now, sleeping: make(chan struct{}), ticks: make(chan struct{})}
	var logs bytes.Buffer
	c, err := Open(t.Context(), s.URL(), Options{Secret: []byte("s"), Clock: tc, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	gaps := c.Gaps(10, 24*time.Hour)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	ping := func() { // one PING, and Run back asleep
		tc.ticks <- struct{}{}
		<-tc.sleeping
	}
	<-tc.sleeping

	s.Stop()
	ping()
	if c.Up() {
		t.Fatal("Up after a PING to a stopped Redis")
	}
	if err := gaps.Record(t.Context(), "Who won the World Cup?", clock.Now()); err != nil {
		t.Fatal(err)
	}
	s.Restart()
	ping()
	if !c.Up() || !strings.Contains(logs.String(), "redis answers again") {
		t.Fatalf("after a PING to the restarted Redis: up %v, logs:\n%s", c.Up(), logs.String())
	}
	got, err := gaps.redis.Top(t.Context(), 10, clock.Now())
	if err != nil || len(got) != 1 || got[0].Question != "Who won the World Cup?" {
		t.Errorf("Redis after recovery: %+v, %v; want the question counted during the outage", got, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v; want nil when its context ends", err)
	}
}
