package redisstore_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/answer/answertest"
	"iccbot/internal/bot"
	"iccbot/internal/feedback"
	"iccbot/internal/knowledge"
	"iccbot/internal/redisstore"
	"iccbot/internal/redistest"
)

// nowClock is a clock.Clock reading the time from now; Sleep returns at
// once, as Run is not what these tests drive.
type nowClock func() time.Time

func (c nowClock) Now() time.Time                                 { return c() }
func (nowClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// staticKB serves one engine.
type staticKB struct{ e *answer.Engine }

func (s staticKB) Engine() *answer.Engine { return s.e }

var loadKB = sync.OnceValues(func() (*knowledge.Base, error) {
	kb, problems, err := knowledge.Load("../../knowledge")
	if err == nil && len(problems) > 0 {
		err = fmt.Errorf("knowledge problems: %v", problems)
	}
	return kb, err
})

// observer records what the stores and the bot report.
type observer struct {
	fallbacks atomic.Int64
	up        atomic.Int64 // 1 up, -1 down, 0 never said
}

func (o *observer) ObserveStoreFallback(string) { o.fallbacks.Add(1) }
func (o *observer) ObserveStoreUp(up bool) {
	if up {
		o.up.Store(1)
	} else {
		o.up.Store(-1)
	}
}

// syncBuffer is a log both replicas' goroutines may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// replica is one bot process: its own Redis client, engine and bot.
type replica struct {
	bot    *bot.Bot
	client *redisstore.Client
	obs    *observer
	logs   *syncBuffer
}

var secret = []byte("one secret for every replica")

// newReplica builds a bot as cmd/iccbot would with REDIS_URL set.
func newReplica(tb testing.TB, url string, prefix string, now func() time.Time, cfg bot.Config) *replica {
	tb.Helper()
	kb, err := loadKB()
	if err != nil {
		tb.Fatal(err)
	}
	r := &replica{obs: &observer{}, logs: &syncBuffer{}}
	log := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	r.client, err = redisstore.Open(context.Background(), url, redisstore.Options{
		Secret: secret, Prefix: prefix, Clock: nowClock(now), Log: log, Observer: r.obs,
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.client.Close() })
	e := answer.New(kb, answer.WithMemory(r.client.Conversations()))
	cfg.HashKey = secret
	cfg.Limiter = r.client.Limiter(cfg.RatePerMinute, cfg.Burst)
	if cfg.Gaps {
		cfg.GapStore = r.client.Gaps(cfg.GapsSize, cfg.GapsWindow)
	}
	cfg.Feedback = r.client.Feedback(0, 0)
	r.bot = bot.New(cfg, e, staticKB{e}, log, now, nil)
	return r
}

func ask(user, conversation, text string) bot.Message {
	return bot.Message{Platform: "telegram", Conversation: conversation, User: user, Text: text, Addressed: true}
}

func quotes(r bot.Reply) string {
	if r.Answer == nil {
		return ""
	}
	var qs []string
	for _, c := range r.Answer.Citations {
		qs = append(qs, c.Quote)
	}
	return strings.Join(qs, " ")
}

var t0 = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// TestTwoReplicasShareState: two bots, each with its own engine and Redis
// client, answer as one.
func TestTwoReplicasShareState(t *testing.T) {
	s := redistest.Start(t)
	clock := answertest.NewClock(t0)
	cfg := bot.Config{RatePerMinute: 2, Burst: 2, Gaps: true}
	var a, b *replica
	deployments := 0
	// Each subtest has a deployment of its own: two replicas on a prefix
	// no other subtest uses.
	pair := func(t *testing.T) {
		deployments++
		prefix := fmt.Sprintf("iccbot-%d:", deployments)
		a, b = newReplica(t, s.URL(), prefix, clock.Now, cfg), newReplica(t, s.URL(), prefix, clock.Now, cfg)
		t.Cleanup(func() {
			for name, r := range map[string]*replica{"a": a, "b": b} {
				if n := r.obs.fallbacks.Load(); n != 0 {
					t.Errorf("replica %s: %d calls fell back to in-process state with Redis up", name, n)
				}
			}
		})
	}
	ctx := t.Context()

	t.Run("a follow-up through the other replica is answered in context", func(t *testing.T) {
		pair(t)
		first := a.bot.Handle(ctx, ask("u1", "chat-1", "Who surrendered Rodrigo Duterte to the court?"))
		if first.Kind != bot.KindAnswer || !first.Answer.Answered {
			t.Fatalf("first question: %v %q", first.Kind, first.Text())
		}
		then := b.bot.Handle(ctx, ask("u1", "chat-1", "and in which month?"))
		if !strings.Contains(quotes(then), "In March") {
			t.Errorf("follow-up on the other replica = %q; want a quote with %q", then.Text(), "In March")
		}
		alone := b.bot.Handle(ctx, ask("u2", "chat-2", "and in which month?"))
		if strings.Contains(quotes(alone), "In March") {
			t.Errorf("the follow-up alone was answered with %q too: the test proves nothing", "In March")
		}
	})

	t.Run("a person's limit holds across both, told once", func(t *testing.T) {
		pair(t)
		steps := []struct {
			on     *replica
			kind   bot.Kind
			reason bot.Reason
		}{
			{a, bot.KindAnswer, bot.ReasonNone},
			{b, bot.KindAnswer, bot.ReasonNone},
			{a, bot.KindNotice, bot.ReasonRateLimited},
			{b, bot.KindNone, bot.ReasonRateLimited}, // told already, on the other replica
			{a, bot.KindNone, bot.ReasonRateLimited},
		}
		for i, st := range steps {
			r := st.on.bot.Handle(ctx, ask("u-limit", "chat-limit", "Duterte"))
			if r.Kind != st.kind || r.Reason != st.reason {
				t.Fatalf("question %d: kind %v reason %q; want %v %q", i+1, r.Kind, r.Reason, st.kind, st.reason)
			}
		}
	})

	t.Run("unanswered questions are one list", func(t *testing.T) {
		pair(t)
		a.bot.Handle(ctx, ask("u3", "chat-3", "Who won the World Cup?"))
		b.bot.Handle(ctx, ask("u4", "chat-4", "who won the world cup"))
		for name, r := range map[string]*replica{"a": a, "b": b} {
			got := r.bot.Gaps(10)
			if len(got) != 1 || got[0].Question != "Who won the World Cup?" || got[0].Count != 2 {
				t.Errorf("replica %s: Gaps = %+v; want the World Cup twice", name, got)
			}
		}
		if n := b.bot.ClearGaps(); n != 1 {
			t.Errorf("ClearGaps on b = %d; want 1", n)
		}
		if got := a.bot.Gaps(10); len(got) != 0 {
			t.Errorf("replica a after b cleared: %+v; want none", got)
		}
	})

	t.Run("feedback is one list, one vote per person", func(t *testing.T) {
		pair(t)
		r := a.bot.Handle(ctx, ask("u5", "chat-5", "Who has imposed sanctions on ICC officials?"))
		if r.FeedbackID == "" {
			t.Fatalf("answer %q has no feedback id", r.Text())
		}
		if got := b.bot.Rate(ctx, "telegram", "u5", r.FeedbackID, feedback.Down, ""); got.Title != "Thanks for rating this answer." {
			t.Errorf("rating on b an answer given by a: %q", got.Title)
		}
		if got := a.bot.Rate(ctx, "telegram", "u5", r.FeedbackID, feedback.Report, "wrong"); got.Kind != bot.KindNotice || got.Reason != bot.ReasonNone {
			t.Errorf("the same person reporting on a: %+v", got)
		}
		for name, rep := range map[string]*replica{"a": a, "b": b} {
			fs, err := rep.bot.Flagged(ctx, 10)
			if err != nil || len(fs) != 1 || fs[0].Reports != 1 || fs[0].Down != 0 || fs[0].Reasons[0] != "wrong" {
				t.Errorf("replica %s: Flagged = %+v, %v; want one answer, reported once (the rating changed)", name, fs, err)
			}
		}
	})
}

// TestRedisStoppedAndRestarted: with Redis gone the bot keeps answering
// from in-process state, says so once, and counts it; with Redis back it
// shares state again, and the questions counted meanwhile are in Redis.
func TestRedisStoppedAndRestarted(t *testing.T) {
	s := redistest.Start(t)
	clock := answertest.NewClock(t0)
	cfg := bot.Config{RatePerMinute: 1000, Burst: 1000, Gaps: true}
	a := newReplica(t, s.URL(), "", clock.Now, cfg)
	ctx := t.Context()
	answered := func(r *replica, m bot.Message) bot.Reply {
		t.Helper()
		rep := r.bot.Handle(ctx, m)
		if rep.Kind != bot.KindAnswer {
			t.Fatalf("Handle(%q) = %v %q; want an answer", m.Text, rep.Kind, rep.Text())
		}
		return rep
	}
	answered(a, ask("u1", "chat-1", "Who surrendered Rodrigo Duterte to the court?"))
	if ok, summary := a.client.Ready(); !ok || summary != "redis: ok" {
		t.Errorf("Ready() = %v, %q; want redis: ok", ok, summary)
	}

	s.Stop()
	// The conversation was in Redis: its context is gone with it, but the
	// question is still answered (read alone).
	answered(a, ask("u1", "chat-1", "and in which month?"))
	answered(a, ask("u2", "chat-2", "Who won the World Cup?"))
	r := answered(a, ask("u2", "chat-2", "Who surrendered Rodrigo Duterte to the court?"))
	if then := answered(a, ask("u2", "chat-2", "and in which month?")); !strings.Contains(quotes(then), "In March") {
		t.Errorf("a follow-up within the outage = %q; want it answered in context, in process", then.Text())
	}
	if got := a.bot.Rate(ctx, "telegram", "u2", r.FeedbackID, feedback.Down, ""); got.Title != "Thanks for rating this answer." {
		t.Errorf("rating during the outage: %q", got.Title)
	}
	if got := worldCup(a.bot.Gaps(10)); got != 1 {
		t.Errorf("Gaps during the outage: the World Cup %d times; want once, counted in process", got)
	}
	if ok, summary := a.client.Ready(); !ok || summary != "redis: unreachable (answering from in-process state)" {
		t.Errorf("Ready() during the outage = %v, %q", ok, summary)
	}
	if a.obs.fallbacks.Load() == 0 || a.obs.up.Load() != -1 {
		t.Errorf("fallbacks %d, up %d; want fallbacks counted and the store down", a.obs.fallbacks.Load(), a.obs.up.Load())
	}
	if n := strings.Count(a.logs.String(), "redis does not answer"); n != 1 {
		t.Errorf("%d warnings that Redis does not answer; want 1:\n%s", n, a.logs)
	}

	s.Restart() // empty, on the same port
	clock.Advance(redisstore.DefaultRetryEvery)
	answered(a, ask("u3", "chat-3", "Duterte"))
	if !a.client.Up() || a.obs.up.Load() != 1 {
		t.Errorf("after the restart: up %v; want Redis in use again", a.client.Up())
	}
	if n := strings.Count(a.logs.String(), "redis answers again"); n != 1 {
		t.Errorf("%d notes that Redis answers again; want 1:\n%s", n, a.logs)
	}
	// A second replica, which never saw the outage, sees what the first
	// counted in process during it: it went to Redis on recovery.
	b := newReplica(t, s.URL(), "", clock.Now, cfg)
	if got := worldCup(b.bot.Gaps(10)); got != 1 {
		t.Errorf("Gaps on another replica after recovery: the World Cup %d times; want the outage's question, once", got)
	}
	if fs, err := b.bot.Flagged(ctx, 10); err != nil || len(fs) != 1 || fs[0].Down != 1 {
		t.Errorf("Flagged on another replica after recovery = %+v, %v; want the outage's rating", fs, err)
	}
	if got := worldCup(a.bot.Gaps(10)); got != 1 {
		t.Errorf("Gaps on the first replica after recovery: the World Cup %d times; want once (not in process and in Redis)", got)
	}
	before := a.obs.fallbacks.Load()
	answered(a, ask("u4", "chat-4", "Who surrendered Rodrigo Duterte to the court?"))
	if then := answered(b, ask("u4", "chat-4", "and in which month?")); !strings.Contains(quotes(then), "In March") {
		t.Errorf("follow-up on the other replica after recovery = %q; want it in context", then.Text())
	}
	if n := a.obs.fallbacks.Load() - before; n != 0 {
		t.Errorf("%d fallbacks after recovery; want none", n)
	}
}

// worldCup is how often the World Cup question is counted in gs.
func worldCup(gs []bot.Gap) int {
	for _, g := range gs {
		if g.Question == "Who won the World Cup?" {
			return g.Count
		}
	}
	return 0
}
